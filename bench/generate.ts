/**
 * Builds the benchmark database: 50 parks, 5,000 enterprises, 100,000 key projects, 1,000,000
 * milestones, progress, tranches, contracts, stage history, targets and an admin to sign in with.
 * The big tables are loaded without their foreign keys and secondary indexes, which are built
 * after the load (one pass each instead of a check and an index insert per row).
 *
 *   npm run build && node dist/bench/generate.js          (BENCH_DATABASE_URL names the database)
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app.config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { ensureDatabase } from '../src/database/ensure-database.js';
import { runMigrations } from '../src/database/migrate.js';
import { hashPassword } from '../src/users/password.js';
import {
  BIG_TABLES,
  bulkSteps,
  type LoadStep,
  literal,
  PROJECTS,
  registrySteps,
  targetSteps,
} from './generate-sql.js';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zone_bench';
export const BENCH_ADMIN = { email: 'admin@bench.example', password: 'bench-admin-2026' };

const ms = (from: number) => Math.round(performance.now() - from);

export interface GenerateResult {
  databaseUrl: string;
  reused: boolean;
  /** label → milliseconds, in the order the steps ran */
  timings: [string, number][];
}

/**
 * A fresh database with the data set, or with `reuse` the existing one when it holds a complete
 * data set built from the same migrations and load statements (rows a previous run added are
 * removed).
 */
export async function generateBenchDatabase(
  options: { databaseUrl?: string; reuse?: boolean; log?: (line: string) => void } = {},
): Promise<GenerateResult> {
  const databaseUrl = options.databaseUrl ?? BENCH_DATABASE_URL;
  const log = options.log ?? ((line: string) => console.log(line));
  const timings: [string, number][] = [];
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    timings.push([label, ms(started)]);
    log(`  ${label.padEnd(44)} ${String(ms(started)).padStart(7)} ms`);
    return result;
  };

  const fingerprint = schemaFingerprint();
  if (options.reuse && (await holdsDataSet(databaseUrl, fingerprint))) {
    log(`Reusing ${databaseName(databaseUrl)} (BENCH_REUSE_DB=1, same migrations)`);
    await withClient(databaseUrl, async (client) => {
      await timed('remove rows of earlier runs', () => removeEarlierRuns(client));
      await timed('refresh materialized views', () => refreshViews(client));
    });
    return { databaseUrl, reused: true, timings };
  }

  if (options.reuse) log('No data set built from these migrations to reuse');
  log(`Generating ${databaseName(databaseUrl)}`);
  const total = performance.now();
  await timed('drop and create database', () => recreateDatabase(databaseUrl));
  await timed('migrations', () => migrate(databaseUrl));
  const adminHash = await hashPassword(BENCH_ADMIN.password);
  await withClient(databaseUrl, async (client) => {
    await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'`);
    await client.query('SELECT setseed(0.42)');
    for (const step of registrySteps(BENCH_ADMIN.email, adminHash)) {
      await timed(step.label, () => run(client, step));
    }
    const deferred = await timed('drop FKs and indexes of big tables', () =>
      dropConstraints(client),
    );
    for (const step of bulkSteps(BENCH_ADMIN.email)) {
      await timed(step.label, () => run(client, step));
    }
    await timed(`build ${deferred.indexes.length} indexes`, () => runAll(client, deferred.indexes));
    await timed(`add ${deferred.foreignKeys.length} foreign keys`, () =>
      runAll(client, deferred.foreignKeys),
    );
    const year = new Date().getUTCFullYear();
    for (const step of targetSteps(year)) await timed(step.label, () => run(client, step));
    await timed('vacuum analyze', () => client.query('VACUUM ANALYZE'));
    await timed('refresh materialized views', () => refreshViews(client));
    await client.query(
      `COMMENT ON DATABASE "${databaseName(databaseUrl).replace(/"/g, '""')}" IS ${literal(fingerprint)}`,
    );
  });
  log(`  ${'total'.padEnd(44)} ${String(ms(total)).padStart(7)} ms`);
  return { databaseUrl, reused: false, timings };
}

export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'zone-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function run(client: pg.Client, step: LoadStep): Promise<void> {
  await client.query(step.sql);
}

async function runAll(client: pg.Client, statements: string[]): Promise<void> {
  for (const sql of statements) await client.query(sql);
}

async function recreateDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), async (client) => {
    const name = databaseName(url).replace(/"/g, '""');
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  await ensureDatabase(url);
}

async function migrate(url: string): Promise<string[]> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Drops the FKs and non-constraint indexes of the big tables; returns the SQL that rebuilds them. */
async function dropConstraints(
  client: pg.Client,
): Promise<{ indexes: string[]; foreignKeys: string[] }> {
  const tables = `ARRAY[${BIG_TABLES.map(literal).join(', ')}]::regclass[]`;
  const fks = await client.query<{ name: string; tbl: string; def: string }>(
    `SELECT conname AS name, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(${tables}) ORDER BY conname`,
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY(${tables})
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
      ORDER BY 1`,
  );
  for (const fk of fks.rows) {
    await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT "${fk.name}"`);
  }
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  return {
    indexes: indexes.rows.map((i) => i.def),
    foreignKeys: fks.rows.map(
      (fk) => `ALTER TABLE ${fk.tbl} ADD CONSTRAINT "${fk.name}" ${fk.def}`,
    ),
  };
}

/** Summaries the dashboards read (if the schema has any) are filled from the loaded rows. */
async function refreshViews(client: pg.Client): Promise<void> {
  const views = await client.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c
      WHERE c.relkind = 'm' AND c.relnamespace = 'public'::regnamespace ORDER BY c.oid`,
  );
  for (const view of views.rows) await client.query(`REFRESH MATERIALIZED VIEW ${view.name}`);
}

/**
 * What the data set was built from: the compiled migrations and load statements. A database
 * built from other ones (a migration edited since, not only added) is built again.
 */
function schemaFingerprint(): string {
  const hash = createHash('sha256');
  const migrations = fileURLToPath(new URL('../migrations/', import.meta.url));
  const files = readdirSync(migrations)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => `${migrations}${f}`);
  for (const file of [...files, fileURLToPath(new URL('./generate-sql.js', import.meta.url))]) {
    hash.update(readFileSync(file));
  }
  return `zone-bench ${hash.digest('hex').slice(0, 16)}`;
}

async function holdsDataSet(url: string, fingerprint: string): Promise<boolean> {
  try {
    return await withClient(url, async (client) => {
      const row = await client.query<{ projects: number; admin: number; built: string | null }>(
        `SELECT (SELECT count(*) FROM projects WHERE code LIKE 'BP-%')::int AS projects,
                (SELECT count(*) FROM users WHERE email = ${literal(BENCH_ADMIN.email)})::int AS admin,
                shobj_description((SELECT oid FROM pg_database WHERE datname = current_database()),
                                  'pg_database') AS built`,
      );
      const { projects, admin, built } = row.rows[0];
      return projects === PROJECTS && admin === 1 && built === fingerprint;
    });
  } catch {
    return false; // no such database, or not migrated
  }
}

/** What a run adds (created projects, an import's park, the writer's progress) goes again. */
async function removeEarlierRuns(client: pg.Client): Promise<void> {
  const importParks = `(SELECT id FROM parks WHERE code LIKE 'BENCH-IMP-%')`;
  // ix_projects_enterprise_id is partial (live projects): the RESTRICT check of each enterprise
  // deleted could not use it and would read every project, 20,000 times over
  await client.query(`
    DELETE FROM projects WHERE code LIKE 'BN-%';
    DELETE FROM projects WHERE park_id IN ${importParks};
    DELETE FROM project_imports;
    CREATE INDEX bench_projects_enterprise ON projects (enterprise_id);
    DELETE FROM enterprises WHERE park_id IN ${importParks};
    DROP INDEX bench_projects_enterprise;
    DELETE FROM parks WHERE code LIKE 'BENCH-IMP-%';
    DELETE FROM progress_updates WHERE note LIKE 'Bench writer%';
    TRUNCATE audit_log`);
  await client.query('VACUUM ANALYZE');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  generateBenchDatabase({ reuse: process.env.BENCH_REUSE_DB === '1' }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
