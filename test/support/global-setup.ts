import { randomBytes } from 'node:crypto';

/**
 * Once per run: the run id that names this run's databases and Redis keys. (Jest loads this file
 * outside its module system, so the migrated template database is built lazily by the first test
 * file that needs it: see createTestDatabase.)
 */
export default async function globalSetup() {
  process.env.TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
