/**
 * The key-project import at size: a 100,000-row register (CSV and XLSX) imported over HTTP into a
 * fresh, migrated database by the API and the worker in one process, from upload to the import
 * record saying succeeded (target: under 60 s). Then the same file again (nothing changes), a
 * dry run of it, and the xlsx export of the 100,000 projects with its round trip. Builds its own
 * database and Redis prefix and removes both.
 *
 *   npm run build && node dist/bench/import.bench.js
 *   BENCH_IMPORT_ROWS=100000 BENCH_IMPORT_FORMATS=csv,xlsx BENCH_DATABASE_ADMIN_URL=… REDIS_URL=…
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Db } from '../src/common/database/db.service.js';
import { loadConfig } from '../src/config/app.config.js';
import { createHttpApp } from '../src/http-app.js';
import { generateRegister, importOverHttp, type RegisterFormat } from './import-data.js';

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ??
  process.env.TEST_DATABASE_ADMIN_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const FORMATS = (process.env.BENCH_IMPORT_FORMATS ?? 'csv,xlsx').split(',') as RegisterFormat[];
const TARGET_MS = 60_000;

const ms = (from: number) => Math.round(performance.now() - from);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function main() {
  const id = randomBytes(4).toString('hex');
  const url = new URL(ADMIN_URL);
  url.pathname = `/zone_bench_import_${id}`;
  const prefix = `{zone-bench-import-${id}}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_ROLES: 'api,worker',
    DATABASE_URL: url.toString(),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DB_MIGRATE_ON_BOOT: 'true', // creates the database and runs every migration
    EVALUATE_ON_BOOT: 'false',
    LOG_LEVEL: 'warn',
  });
  console.log(`database ${url.pathname.slice(1)}, Redis prefix ${prefix}, ${ROWS} rows`);
  let app: NestFastifyApplication | undefined;
  const lines: string[] = [];
  try {
    app = await createHttpApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const db = app.get(Db);
    const admin = await db.one<{ id: string }>(
      `INSERT INTO users (email, name, password_hash, role)
       VALUES ('bench-admin@bench.example', 'Bench admin', 'not-a-hash', 'admin') RETURNING id`,
    );
    const token = app.get(JwtService).sign(
      { sub: admin!.id, role: 'admin' },
      {
        secret: config.jwt.secret,
        algorithm: 'HS256',
        expiresIn: 3600,
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
      },
    );

    for (const format of FORMATS) {
      const park = await db.one<{ id: string }>(
        `INSERT INTO parks (name, code, kind) VALUES ($1, $1, 'zone') RETURNING id`,
        [`Bench ${format}`],
      );
      const parkId = park!.id;
      const generated = performance.now();
      const file = await generateRegister(ROWS, format);
      console.log(`\n== ${format}: ${mb(file.length)} generated in ${ms(generated)} ms ==`);
      const filename = `register.${format}`;

      const first = await importOverHttp(base, token, parkId, file, filename);
      const verdict = first.totalMs < TARGET_MS ? 'under' : 'OVER';
      console.log(
        `import ${ROWS} rows: ${first.status} in ${first.totalMs} ms (${verdict} the ${TARGET_MS / 1000} s target; ` +
          `202 after ${first.acceptedMs} ms), created ${first.created}, ` +
          `${Math.round(ROWS / (first.totalMs / 1000))} rows/s`,
      );
      const again = await importOverHttp(base, token, parkId, file, filename);
      console.log(
        `same file again: ${again.status} in ${again.totalMs} ms, created ${again.created}, updated ${again.updated}`,
      );
      // the same codes with other values: every project changes (and is re-lit)
      const changed = await importOverHttp(
        base,
        token,
        parkId,
        await generateRegister(ROWS, format, { seed: 2 }),
        filename,
      );
      console.log(
        `every row changed: ${changed.status} in ${changed.totalMs} ms, created ${changed.created}, updated ${changed.updated}`,
      );
      const dryRun = await importOverHttp(base, token, parkId, file, filename, '&dryRun=true');
      console.log(`dry run (in the request): ${dryRun.totalMs} ms`);
      lines.push(
        `${format.padEnd(5)} ${mb(file.length).padStart(8)}: import ${first.totalMs} ms (${verdict} target), ` +
          `re-import unchanged ${again.totalMs} ms, every row changed ${changed.totalMs} ms, ` +
          `dry run ${dryRun.totalMs} ms`,
      );

      if (format === FORMATS[0]) {
        const exported = performance.now();
        const res = await fetch(`${base}/api/v1/projects?format=xlsx&parkId=${parkId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const workbook = Buffer.from(await res.arrayBuffer());
        const exportMs = ms(exported);
        console.log(`export ${ROWS} projects as xlsx: ${mb(workbook.length)} in ${exportMs} ms`);
        const back = await importOverHttp(base, token, parkId, workbook, 'projects.xlsx');
        console.log(
          `its round trip: ${back.status} in ${back.totalMs} ms, created ${back.created}, updated ${back.updated}`,
        );
        if (back.status === 'failed') {
          const record = await db.one<{ errors: unknown[] }>(
            `SELECT errors FROM project_imports WHERE id = $1`,
            [back.importId],
          );
          console.log(record?.errors.slice(0, 5));
        }
        lines.push(
          `export ${exportMs} ms (${mb(workbook.length)}); round trip ${back.totalMs} ms, ` +
            `created ${back.created}, updated ${back.updated}`,
        );
      }
    }
    console.log(`\n== summary (${ROWS} rows) ==\n${lines.join('\n')}`);
  } finally {
    await app?.close();
    await dropDatabase(url.pathname.slice(1));
    await deleteRedisKeys(`${prefix}*`);
  }
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function deleteRedisKeys(pattern: string) {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// run when executed, not when `npm run bench` imports it
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
