import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { Db } from '../common/database/db.service.js';
import { dataSourceOptions } from './data-source.js';
import { ensureDatabase } from './ensure-database.js';
import { runMigrations } from './migrate.js';

@Injectable()
class MigrateOnBoot implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit() {
    if (!this.config.migrateOnBoot) return;
    const applied = await runMigrations(this.dataSource);
    if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            await ensureDatabase(config.databaseUrl);
            return dataSourceOptions(config);
          },
        }),
      ],
      providers: [Db, MigrateOnBoot],
      exports: [Db],
    };
  }
}
