/** Names shared by the global setup, the per-file harness and the teardown of one test run. */
export const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Set by the global setup; every database and Redis key of this run carries it. */
export function runId(): string {
  const id = process.env.TEST_RUN_ID;
  if (!id) throw new Error('TEST_RUN_ID is not set: run tests through jest (globalSetup)');
  return id;
}

export const templateDatabase = (id = runId()) => `zone_test_${id}_tpl`;
export const databasePrefix = (id = runId()) => `zone_test_${id}_`;
// with a Redis Cluster hash tag, as the service would add; suffixes keep it (`{zt-…}-crash`)
export const queuePrefix = (id = runId()) => `{zt-${id}}`;
