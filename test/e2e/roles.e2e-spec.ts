import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../../src/api.module.js';
import { Db } from '../../src/common/database/db.service.js';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app.config.js';
import { ParksService } from '../../src/parks/parks.service.js';
import { WorkerModule } from '../../src/worker.module.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix } from '../support/test-env.js';

describe('APP_ROLES', () => {
  let name: string;
  beforeAll(async () => {
    name = await createTestDatabase();
  });
  afterAll(() => dropTestDatabase(name));

  const boot = (roles: string) =>
    NestFactory.createApplicationContext(
      AppModule.forRoot(
        loadConfig({
          NODE_ENV: 'test',
          APP_ROLES: roles,
          DATABASE_URL: databaseUrl(name),
          QUEUE_PREFIX: `${queuePrefix()}-roles`,
          DB_MIGRATE_ON_BOOT: 'false',
          EVALUATE_ON_BOOT: 'false',
        }),
      ),
      { logger: false },
    );

  it('creates a missing database, migrates it and creates the first admin at boot', async () => {
    const fresh = `${name}_fresh`;
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        loadConfig({
          NODE_ENV: 'test',
          APP_ROLES: 'api',
          DATABASE_URL: databaseUrl(fresh),
          QUEUE_PREFIX: `${queuePrefix()}-roles`,
          ADMIN_EMAIL: 'first@test.example',
          ADMIN_PASSWORD: 'first-admin-pw',
        }),
      ),
      { logger: false },
    );
    try {
      await app.init();
      const db = app.get(Db);
      const users = await db.query('SELECT email, role FROM users');
      expect(users).toEqual([{ email: 'first@test.example', role: 'admin' }]);
      const migrations = await db.query('SELECT count(*)::int AS n FROM migrations');
      expect(migrations[0].n).toBeGreaterThan(0);
    } finally {
      await app.close();
      await dropTestDatabase(fresh);
    }
  });

  it('boots a worker without the HTTP side', async () => {
    const app = await boot('worker');
    try {
      expect(app.get(WorkerModule)).toBeDefined();
      expect(() => app.get(ApiModule)).toThrow();
      expect(() => app.get(ParksService, { strict: false })).toThrow();
    } finally {
      await app.close();
    }
  });

  it('boots an API without the worker side', async () => {
    const app = await boot('api');
    try {
      expect(app.get(ParksService, { strict: false })).toBeInstanceOf(ParksService);
      expect(() => app.get(WorkerModule)).toThrow();
    } finally {
      await app.close();
    }
  });
});
