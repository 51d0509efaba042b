import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../../src/config/app.config.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createHttpApp } from '../../src/http-app.js';
import type { Role } from '../../src/users/user.entity.js';
import { deleteKeys } from './redis-keys.js';
import {
  ADMIN_URL,
  databasePrefix,
  databaseUrl,
  queuePrefix,
  REDIS_URL,
  templateDatabase,
} from './test-env.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** supertest against the app's HTTP server */
  http: ReturnType<typeof request>;
  /** a pool on this file's database, for arranging data and asserting on it */
  db: pg.Pool;
  databaseName: string;
  /** A bearer token for a user, signed exactly as login signs it. */
  token(user: { id: string; role: Role }, claims?: Record<string, unknown>): string;
  close(): Promise<void>;
}

const LOCK_SQL = `SELECT pg_advisory_lock(hashtext($1))`;
const UNLOCK_SQL = `SELECT pg_advisory_unlock(hashtext($1))`;

/**
 * A fresh database cloned (CREATE DATABASE … TEMPLATE: a file copy) from the run's template,
 * which the first caller builds by running every migration once. An advisory lock keeps the
 * test workers of one run from building it twice or cloning it half-built.
 */
export async function createTestDatabase(): Promise<string> {
  const template = templateDatabase();
  const name = `${databasePrefix()}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(LOCK_SQL, [template]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) await buildTemplate(admin, template);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.query(UNLOCK_SQL, [template]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

async function buildTemplate(admin: pg.Client, template: string) {
  const building = `${template}_building`;
  await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${building}"`);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl(building) });
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
}

export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * The real service (same modules and HTTP setup as main.ts) on its own database and Redis
 * prefix. Pass env overrides to test configuration; `options.databaseUrl` runs it on a database
 * made elsewhere (another server: a test's own primary and replica), left in place at close.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const databaseName = options.databaseUrl
    ? new URL(options.databaseUrl).pathname.slice(1)
    : await createTestDatabase();
  const prefix = `${queuePrefix()}-${databaseName.slice(-8)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ?? databaseUrl(databaseName),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DB_MIGRATE_ON_BOOT: 'false',
    APP_ROLES: 'api',
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '5',
    // tests arrange their data after boot: no evaluation racing them
    EVALUATE_ON_BOOT: 'false',
    ...env,
  });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = new pg.Pool({ connectionString: config.databaseUrl, max: 3 });
  // DROP DATABASE … WITH (FORCE) at close may kill a client pool.end() is still closing
  db.on('error', () => undefined);
  const jwt = app.get(JwtService);
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    db,
    databaseName,
    token: (user, claims = {}) =>
      jwt.sign(
        { sub: user.id, role: user.role, ...claims },
        {
          secret: config.jwt.secret,
          algorithm: 'HS256',
          expiresIn: 3600,
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
        },
      ),
    close: async () => {
      await app.close();
      await db.end();
      if (!options.databaseUrl) await dropTestDatabase(databaseName);
      const redis = new Redis(REDIS_URL);
      await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
    },
  };
}
