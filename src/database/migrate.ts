import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every process of this service.
const MIGRATION_LOCK = 724_311_001;

/**
 * Runs pending migrations under a Postgres advisory lock, so replicas booting together migrate
 * once. Returns the names of the migrations applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
