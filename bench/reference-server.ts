/**
 * The reference the API is measured against: bare Fastify and pg, hand-written SQL on the same
 * tables, no framework, no auth, no audit (unless BENCH_REFERENCE_AUDIT=1). It answers what the
 * benchmark asks of the API:
 *
 *   GET  /projects/:id                           one project, the API's columns and names
 *   GET  /projects?parkId=&stage=&limit=&page=   a park with its sub-parks, stages, one page, total
 *   POST /projects                               insert, answering the row
 *   GET  /dashboard                              the zone overview
 *
 * The overview replays the statements the API runs when it computes the overview (its first
 * request, cache cold; captured by the runner into the
 * file BENCH_DASHBOARD_REPLAY) when there are some: the same queries on the same summaries.
 * Without that file it computes the overview from the base tables (reference-sql.ts).
 *
 *   DATABASE_URL=… PORT=3100 node dist/bench/reference-server.js
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import {
  GET_PROJECT,
  INSERT_PROJECT,
  INSERT_PROJECT_AUDITED,
  listProjects,
  OVERVIEW_FROM_BASE_TABLES,
  type ReplayedStatement,
} from './reference-sql.js';
import { dateInZone } from '../src/common/time/zone-date.js';

// as the API: calendar dates stay 'YYYY-MM-DD'
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/;
const MONEY = /^\d{1,18}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STAGES = new Set([
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
  'completed',
  'in_operation',
  'on_hold',
  'dropped',
]);
const LEVELS = ['national', 'provincial', 'municipal', 'district'];

interface CreateBody {
  code?: unknown;
  name?: unknown;
  parkId?: unknown;
  levels?: unknown;
  plannedInvestment?: unknown;
  startDate?: unknown;
  plannedCompletionDate?: unknown;
}

const timeZone = process.env.ZONE_TIMEZONE ?? 'Asia/Shanghai';
const createdBy = process.env.BENCH_ADMIN_ID ?? null;
// like for like on create: the API's guard and audit row too
const audited = process.env.BENCH_REFERENCE_AUDIT === '1';
const replay: ReplayedStatement[] | undefined = process.env.BENCH_DASHBOARD_REPLAY
  ? (JSON.parse(readFileSync(process.env.BENCH_DASHBOARD_REPLAY, 'utf8')) as ReplayedStatement[])
  : undefined;

const replayWaves: ReplayedStatement[][] = [];
for (const s of replay ?? []) (replayWaves[s.wave ?? 0] ??= []).push(s);

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  application_name: 'zone-bench-reference',
});
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

const badRequest = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });

app.get('/health', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/projects/:id', async (request, reply) => {
  if (!UUID.test(request.params.id)) return reply.code(400).send(badRequest('id must be a UUID'));
  const { rows } = await pool.query(GET_PROJECT, [request.params.id.toLowerCase()]);
  if (!rows[0]) return reply.code(404).send({ statusCode: 404, message: 'Project not found' });
  return rows[0];
});

app.get<{ Querystring: Record<string, string | undefined> }>(
  '/projects',
  async (request, reply) => {
    const { parkId, stage } = request.query;
    const limit = Number(request.query.limit ?? 20);
    const page = Number(request.query.page ?? 1);
    const stages = stage?.split(',').map((s) => s.trim());
    if (parkId !== undefined && !UUID.test(parkId)) {
      return reply.code(400).send(badRequest('parkId must be a UUID'));
    }
    if (stages?.some((s) => !STAGES.has(s))) return reply.code(400).send(badRequest('stage'));
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(page)) {
      return reply.code(400).send(badRequest('limit and page must be integers'));
    }
    const list = listProjects({ parkId, stages }, limit, (page - 1) * limit);
    const { rows } = await pool.query<{ __total: number }>(list.sql, list.params);
    const total = rows[0]?.__total ?? 0;
    const items = rows.map(({ __total, ...item }) => item);
    return { items, total, page, limit };
  },
);

app.post<{ Body: CreateBody }>('/projects', async (request, reply) => {
  const b = request.body ?? {};
  const levels = Array.isArray(b.levels) ? b.levels : [];
  const optionalDate = (v: unknown) => v === undefined || v === null || DATE.test(String(v));
  if (
    typeof b.code !== 'string' ||
    !CODE.test(b.code) ||
    typeof b.name !== 'string' ||
    !b.name ||
    typeof b.parkId !== 'string' ||
    !UUID.test(b.parkId) ||
    typeof b.plannedInvestment !== 'string' ||
    !MONEY.test(b.plannedInvestment) ||
    levels.some((l) => !LEVELS.includes(String(l))) ||
    !optionalDate(b.startDate) ||
    !optionalDate(b.plannedCompletionDate)
  ) {
    return reply.code(400).send(badRequest('invalid project'));
  }
  const { rows } = await pool.query(audited ? INSERT_PROJECT_AUDITED : INSERT_PROJECT, [
    b.code,
    b.name,
    b.parkId,
    LEVELS.filter((l) => levels.includes(l)),
    b.plannedInvestment,
    b.startDate ?? null,
    b.plannedCompletionDate ?? null,
    createdBy,
  ]);
  return reply.code(201).send(rows[0]);
});

app.get('/dashboard', async () => {
  if (replay) {
    // as the API ran them: the statements of a wave together, the waves one after the other
    const statements: unknown[][] = [];
    for (const wave of replayWaves) {
      const results = await Promise.all(wave.map((s) => pool.query(s.sql, s.params)));
      statements.push(...results.map((r) => r.rows));
    }
    return { statements };
  }
  const params = { timeZone, year: Number(dateInZone(new Date(), timeZone).slice(0, 4)) };
  const results = await Promise.all(
    OVERVIEW_FROM_BASE_TABLES.map((part) =>
      pool.query(
        part.sql,
        part.params.map((p) => params[p]),
      ),
    ),
  );
  return Object.fromEntries(
    OVERVIEW_FROM_BASE_TABLES.map((part, i) => [part.key, results[i].rows]),
  );
});

async function main() {
  const port = Number(process.env.PORT ?? 3100);
  await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
  const mode =
    (replay
      ? `replaying ${replay.length} statements of the API's overview in ${replayWaves.length} waves`
      : 'overview from the base tables') + (audited ? '; creates audited' : '');
  console.log(`reference server on ${port} (${mode})`);
  const stop = () => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
