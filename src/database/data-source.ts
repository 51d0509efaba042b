import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    ...(config.databaseReplicaUrls.length
      ? {
          // the replicas are read only through Db.replica: TypeORM's own reads stay on the primary
          replication: {
            master: { url: config.databaseUrl },
            slaves: config.databaseReplicaUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : { url: config.databaseUrl }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // extensions are created by the first migration, not at every connect
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    poolSize: config.databasePoolSize,
    connectTimeoutMS: config.databaseConnectTimeoutMs,
    extra: {
      // a request waiting for a pooled connection gives up (503) instead of hanging
      connectionTimeoutMillis: config.databaseConnectTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'zone-crm',
    },
  };
}
