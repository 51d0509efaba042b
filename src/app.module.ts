import { type DynamicModule, Module } from '@nestjs/common';
import { ApiModule } from './api.module.js';
import type { AppConfig } from './config/app.config.js';
import { ConfigModule } from './config/config.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { DatabaseModule } from './database/database.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { WorkerModule } from './worker.module.js';

/** The process: shared infrastructure plus the roles APP_ROLES asks for. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        RedisModule.forRoot(),
        JobsModule,
        ObservabilityModule,
        ...(config.roles.includes('api') ? [ApiModule] : []),
        ...(config.roles.includes('worker') ? [WorkerModule] : []),
      ],
    };
  }
}
