/**
 * One measured run: autocannon against one server, with the server's and Postgres's CPU read
 * before and after.
 */
import autocannon from 'autocannon';
import type pg from 'pg';
import { cpuMicros, postgresMicros } from './children.js';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);

export interface Target {
  /** http://host:port */
  origin: string;
  pid: number;
  headers: Record<string, string>;
}

/** Builds the next request: a path, and for writes a method and body. */
export type NextRequest = (n: number) => { path: string; method?: 'GET' | 'POST'; body?: string };

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** server process CPU per request, µs */
  cpuUs: number;
  /** Postgres CPU (all its processes) per request, µs */
  dbUs: number;
  /** bytes received per response, headers included */
  bytes: number;
  status: string;
  /** dashboard summaries the worker refreshed during the run (its cost is in Postgres CPU) */
  summaryRefreshes?: number;
}

// one sequence across runs: a write never repeats a unique code of an earlier run
let sequence = 0;

export async function measure(
  target: Target,
  next: NextRequest,
  durationS = DURATION_S,
): Promise<Figures> {
  const statuses = new Map<number, number>();
  const cpuBefore = cpuMicros(target.pid);
  const dbBefore = postgresMicros();
  const result = await autocannon({
    url: target.origin,
    connections: CONNECTIONS,
    duration: durationS,
    timeout: 30,
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [
      {
        setupRequest: (request) => {
          const r = next(sequence++);
          return { ...request, path: r.path, method: r.method ?? 'GET', body: r.body };
        },
        onResponse: (status) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      },
    ],
  });
  const cpu = cpuMicros(target.pid) - cpuBefore;
  const db = postgresMicros() - dbBefore;
  const requests = result.requests.total;
  return {
    requestsPerSecond: Math.round(requests / (result.duration || durationS)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuUs: requests ? Math.round(cpu / requests) : 0,
    dbUs: requests ? Math.round(db / requests) : 0,
    bytes: requests ? Math.round(result.throughput.total / requests) : 0,
    status: [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([code, count]) => `${code}×${count}`)
      .join(' '),
  };
}

export function formatFigures(label: string, f: Figures): string {
  return (
    `${label.padEnd(10)} ${String(f.requestsPerSecond).padStart(6)} req/s` +
    `  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms` +
    `  CPU ${String(f.cpuUs).padStart(6)} µs/req  Postgres ${String(f.dbUs).padStart(6)} µs/req` +
    `  ${String(f.bytes).padStart(6)} B/resp` +
    `  (${f.requests} requests: ${f.status}${f.errors ? `, ${f.errors} errors` : ''}` +
    `${f.summaryRefreshes !== undefined ? `; ${f.summaryRefreshes} summary refreshes` : ''})`
  );
}

/**
 * Waits until neither server has a statement running: a request autocannon gave up on still
 * runs its queries, and would otherwise weigh on the next measurement. (A refresh of the
 * dashboard summaries by the worker is background work, not a leftover: it is not waited for.)
 */
export async function drain(db: Pick<pg.Client, 'query'>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { rows } = await db.query<{ active: number }>(
      `SELECT count(*)::int AS active FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
          AND application_name IN ('zone-crm', 'zone-bench-reference')
          AND query !~* '^\\s*REFRESH MATERIALIZED'`,
    );
    if (rows[0].active === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}
