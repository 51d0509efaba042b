import pg from 'pg';
import { DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD, loadConfig } from '../../config/app.config.js';
import { FIRST_ADMIN_SQL } from '../../users/first-admin.js';
import { hashPassword } from '../../users/password.js';
import { DEMO_USERS } from '../seed/demo-data.js';
import { seedDemoData } from '../seed/seed-demo.js';

/**
 * `npm run db:seed` loads the demo data set (idempotent: a second run adds nothing). Run the
 * migrations first. Refuses a production environment unless given --allow-production.
 */
async function main() {
  const config = loadConfig();
  if (config.env === 'production' && !process.argv.includes('--allow-production')) {
    throw new Error('NODE_ENV is production: refusing to load demo data (pass --allow-production)');
  }
  const client = new pg.Client({
    connectionString: config.databaseUrl,
    connectionTimeoutMillis: config.databaseConnectTimeoutMs,
  });
  await client.connect();
  try {
    // The app creates its first admin only while no user exists; the demo users would stop that.
    const admin = config.admin;
    if (admin) {
      await client.query(FIRST_ADMIN_SQL, [admin.email, await hashPassword(admin.password)]);
    }
    const summary = await seedDemoData(client);
    console.log('Demo data in place:');
    console.table(summary);
    console.log('Demo logins:');
    for (const user of DEMO_USERS) {
      console.log(`  ${user.role.padEnd(8)} ${user.email} / ${user.password}`);
    }
    if (admin?.email === DEV_ADMIN_EMAIL && admin.password === DEV_ADMIN_PASSWORD) {
      console.log(`  ${'admin'.padEnd(8)} ${admin.email} / ${admin.password}`);
    }
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  const hint = code === '42P01' ? ' (run `npm run db:migrate` first)' : '';
  console.error(`Seeding the demo data failed: ${message}${hint}`);
  process.exit(1);
});
