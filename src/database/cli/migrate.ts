import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app.config.js';
import { dataSourceOptions } from '../data-source.js';
import { ensureDatabase } from '../ensure-database.js';
import { runMigrations } from '../migrate.js';

/** `npm run db:migrate` applies pending migrations; `npm run db:revert` undoes the last one. */
async function main() {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    if (process.argv.includes('--revert')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration');
    } else {
      const applied = await runMigrations(dataSource);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
