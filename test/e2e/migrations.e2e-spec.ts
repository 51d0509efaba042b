import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app.config.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { runMigrations } from '../../src/database/migrate.js';
import { MIGRATIONS } from '../../src/database/migrations.js';
import { dropTestDatabase } from '../support/test-app.js';
import { databasePrefix, databaseUrl } from '../support/test-env.js';

describe('migrations', () => {
  const name = `${databasePrefix()}migrations`;
  let dataSource: DataSource;

  beforeAll(async () => {
    // ensureDatabase is what the service does at boot: it creates the missing database
    await ensureDatabase(databaseUrl(name));
    dataSource = await new DataSource(
      dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl(name) })),
    ).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropTestDatabase(name);
  });

  const tables = async () =>
    (
      await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      )
    ).map((r: { table_name: string }) => r.table_name);

  it('lists every file of migrations/ in the migration registry, oldest first', () => {
    const files = readdirSync(join(import.meta.dirname, '../../migrations'))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toEqual(files.map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1')));
  });

  it('creates the database when it is missing', async () => {
    const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await admin.end();
    expect(rowCount).toBe(1);
  });

  it('migrates an empty database up, and a second run applies nothing', async () => {
    const applied = await runMigrations(dataSource);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'parks',
        'park_closure',
        'projects',
        'milestones',
        'audit_log',
        'users',
      ]),
    );
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('leaves the schema exactly as the entities describe it (no drift)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('migrates all the way down to an empty schema, and up again', async () => {
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    const leftovers = await dataSource.query(
      `SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND proname LIKE 'park_closure%'`,
    );
    expect(leftovers).toEqual([]);
    expect((await runMigrations(dataSource)).length).toBe(count);
  });
});
