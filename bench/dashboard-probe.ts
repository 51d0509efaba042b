/**
 * What the API's dashboard overview asks of the database. The API is booted in this process
 * (HTTP role only) and the overview requested through Fastify's inject while every statement
 * through Db (query, one, and those inside Db.transaction) is recorded with its parameters and
 * its time. The statements are then timed again with EXPLAIN ANALYZE, and handed to the
 * reference server so it runs the very same queries.
 */
import pg from 'pg';
import { Db, type Queryable } from '../src/common/database/db.service.js';
import type { AppConfig } from '../src/config/app.config.js';
import { API_PREFIX, createHttpApp } from '../src/http-app.js';
import type { ReplayedStatement } from './reference-sql.js';

export const OVERVIEW_PATH = `/${API_PREFIX}/dashboards/overview`;

// the auth guard's actor lookup is not the overview's SQL
const GUARD_SQL = /FROM users u LEFT JOIN user_parks/;
const CALLS = 20;

export interface StatementTiming {
  sql: string;
  /** median wall time around Db.query in the API process, ms */
  wallMs: number;
  /** median EXPLAIN ANALYZE execution time, ms */
  executionMs: number;
  planningMs: number;
}

export type OverviewProbe =
  | { available: false; status: number; body: string }
  | {
      available: true;
      /** the statements of a request served from the API's overview cache (the usual case) */
      statements: ReplayedStatement[];
      timings: StatementTiming[];
      /** the statements of the first request, cache cold: the overview computed */
      missStatements: ReplayedStatement[];
      missTimings: StatementTiming[];
      missMs: number;
      /** median time of a whole overview request through inject, ms */
      requestMs: number;
      /** median sum of the statements' wall times per request, ms */
      sqlMs: number;
    };

interface Recorded extends ReplayedStatement {
  ms: number;
  start: number;
}

/**
 * Numbers the statements by wave: a statement that started after every statement of the current
 * wave had ended (it waited for them) begins the next one. The reference replays wave by wave.
 */
function inWaves(statements: Recorded[]): ReplayedStatement[] {
  let wave = -1;
  let waveEnd = -Infinity;
  return [...statements]
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      if (s.start >= waveEnd) wave++;
      waveEnd = s.start >= waveEnd ? s.start + s.ms : Math.max(waveEnd, s.start + s.ms);
      return { sql: s.sql, params: jsonSafe(s.params), wave };
    });
}

export async function probeOverview(
  config: AppConfig,
  credentials: { email: string; password: string },
): Promise<OverviewProbe> {
  const app = await createHttpApp({ ...config, roles: ['api'] });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  let recording: Recorded[] | undefined;
  const restore = recordDbStatements((entry) => recording?.push(entry));
  try {
    const login = await fastify.inject({
      method: 'POST',
      url: `/${API_PREFIX}/auth/login`,
      payload: credentials,
    });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
    const token = (login.json() as { accessToken: string }).accessToken;
    const headers = { authorization: `Bearer ${token}` };
    // the first request finds the API's overview cache cold: what every request would cost
    // without it, and what a request costs once per summary refresh
    recording = [];
    const missStarted = performance.now();
    const first = await fastify.inject({ method: 'GET', url: OVERVIEW_PATH, headers });
    const missMs = performance.now() - missStarted;
    const missedRecorded = recording;
    const missed = inWaves(missedRecorded);
    recording = undefined;
    if (first.statusCode !== 200) {
      return { available: false, status: first.statusCode, body: first.body.slice(0, 300) };
    }
    const calls: { ms: number; statements: Recorded[] }[] = [];
    for (let i = 0; i < CALLS; i++) {
      recording = [];
      const started = performance.now();
      await fastify.inject({ method: 'GET', url: OVERVIEW_PATH, headers });
      calls.push({ ms: performance.now() - started, statements: recording });
      recording = undefined;
    }
    const last = calls[calls.length - 1].statements;
    const statements = inWaves(last);
    const timings: StatementTiming[] = [];
    for (const s of statements) {
      const explained = await explain(config.databaseUrl, s);
      timings.push({
        sql: s.sql,
        wallMs: median(calls.map((c) => c.statements.find((x) => x.sql === s.sql)?.ms ?? 0)),
        ...explained,
      });
    }
    const missTimings: StatementTiming[] = [];
    for (const s of missed) {
      const explained = await explain(config.databaseUrl, s);
      const wallMs = missedRecorded.find((x) => x.sql === s.sql)?.ms ?? NaN;
      missTimings.push({ sql: s.sql, wallMs, ...explained });
    }
    return {
      available: true,
      statements,
      timings,
      missStatements: missed,
      missTimings,
      missMs,
      requestMs: median(calls.map((c) => c.ms)),
      sqlMs: median(calls.map((c) => c.statements.reduce((sum, s) => sum + s.ms, 0))),
    };
  } finally {
    restore();
    await app.close();
  }
}

/** Wraps Db's statements (direct and in transactions); returns the function that unwraps them. */
function recordDbStatements(record: (entry: Recorded) => void): () => void {
  const proto = Db.prototype;
  const original = { query: proto.query, one: proto.one, transaction: proto.transaction };
  const timed = <T>(sql: string, params: unknown[] | undefined, run: () => Promise<T>) => {
    if (GUARD_SQL.test(sql)) return run();
    const started = performance.now();
    return run().then((result) => {
      record({ sql, params: params ?? [], ms: performance.now() - started, start: started });
      return result;
    });
  };
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => timed(sql, params, () => q.query(sql, params)),
    one: (sql, params) => timed(sql, params, () => q.one(sql, params)),
  });
  proto.query = function (this: Db, sql: string, params?: unknown[]) {
    return timed(sql, params, () => original.query.call(this, sql, params));
  } as typeof proto.query;
  proto.one = function (this: Db, sql: string, params?: unknown[]) {
    return timed(sql, params, () => original.one.call(this, sql, params));
  } as typeof proto.one;
  proto.transaction = function <T>(this: Db, fn: (tx: Queryable) => Promise<T>) {
    return original.transaction.call(this, (tx) => fn(wrap(tx))) as Promise<T>;
  } as typeof proto.transaction;
  return () => Object.assign(proto, original);
}

/** Median EXPLAIN (ANALYZE) execution and planning time of one statement over five runs. */
async function explain(
  databaseUrl: string,
  s: ReplayedStatement,
): Promise<{ executionMs: number; planningMs: number }> {
  if (!/^\s*(WITH|SELECT)\b/i.test(s.sql)) return { executionMs: NaN, planningMs: NaN };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const runs: { executionMs: number; planningMs: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const { rows } = await client.query<{ 'QUERY PLAN': PlanOutput[] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${s.sql}`,
        s.params,
      );
      const plan = rows[0]['QUERY PLAN'][0];
      runs.push({ executionMs: plan['Execution Time'], planningMs: plan['Planning Time'] });
    }
    return {
      executionMs: median(runs.map((r) => r.executionMs)),
      planningMs: median(runs.map((r) => r.planningMs)),
    };
  } finally {
    await client.end();
  }
}

interface PlanOutput {
  'Execution Time': number;
  'Planning Time': number;
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const jsonSafe = (params: unknown[]): unknown[] => JSON.parse(JSON.stringify(params)) as unknown[];

/** EXPLAIN ANALYZE of the reference's own overview SQL (the live roll-up over base tables). */
export async function explainStatements(
  databaseUrl: string,
  statements: ReplayedStatement[],
): Promise<StatementTiming[]> {
  const timings: StatementTiming[] = [];
  for (const s of statements) {
    timings.push({ sql: s.sql, wallMs: NaN, ...(await explain(databaseUrl, s)) });
  }
  return timings;
}
