/** The dashboard's SQL cost, and the wait for its summaries to be fresh before measuring. */
import pg from 'pg';
import { dateInZone } from '../src/common/time/zone-date.js';
import { explainStatements, type OverviewProbe, type StatementTiming } from './dashboard-probe.js';
import { OVERVIEW_FROM_BASE_TABLES } from './reference-sql.js';
import type { Verdict } from './report.js';

const SQL_TARGET_MS = 1;

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
const fixed = (ms: number) => (Number.isNaN(ms) ? '  -  ' : ms.toFixed(2).padStart(6));

function printTimings(timings: StatementTiming[]): { execution: number; planning: number } {
  console.log(`${'wall'.padStart(8)} ${'exec'.padStart(7)} ${'plan'.padStart(7)}  (ms)  statement`);
  for (const t of timings) {
    console.log(
      `${fixed(t.wallMs).padStart(8)} ${fixed(t.executionMs).padStart(7)} ${fixed(t.planningMs).padStart(7)}        ${oneLine(t.sql)}`,
    );
  }
  const sum = (pick: (t: StatementTiming) => number) =>
    timings.reduce((s, t) => s + (Number.isNaN(pick(t)) ? 0 : pick(t)), 0);
  return { execution: sum((t) => t.executionMs), planning: sum((t) => t.planningMs) };
}

/**
 * Prints what the overview's statements cost: wall time around Db.query inside the API, and
 * EXPLAIN ANALYZE execution and planning time (median of five). Without an overview in the API,
 * the same for the reference's live roll-up over the base tables.
 */
export async function printDashboardSql(
  probe: OverviewProbe,
  databaseUrl: string,
  timeZone: string,
): Promise<Verdict> {
  const target = `dashboard SQL ≤ ${SQL_TARGET_MS} ms (EXPLAIN ANALYZE exec + plan)`;
  if (probe.available) {
    console.log(
      `The API's overview ran ${probe.statements.length} statements through Db, ` +
        `in ${new Set(probe.statements.map((st) => st.wave)).size} waves one after the other ` +
        '(wall: timing around Db.query in the API, median of 20 requests; exec/plan: EXPLAIN ANALYZE, median of 5):',
    );
    const sums = printTimings(probe.timings);
    const total = sums.execution + sums.planning;
    console.log(
      `sum: execution ${sums.execution.toFixed(2)} ms + planning ${sums.planning.toFixed(2)} ms ` +
        `= ${total.toFixed(2)} ms; wall of the statements per request ${probe.sqlMs.toFixed(2)} ms; ` +
        `whole request through inject ${probe.requestMs.toFixed(2)} ms`,
    );
    console.log(
      `\nThe first request found the overview cache cold and computed the overview ` +
        `(${probe.missMs.toFixed(1)} ms through inject): what each request costs without the cache, ` +
        'and the API once per summary refresh and scope. The reference runs these on every request:',
    );
    const miss = printTimings(probe.missTimings);
    console.log(
      `sum: execution ${miss.execution.toFixed(2)} ms + planning ${miss.planning.toFixed(2)} ms ` +
        `= ${(miss.execution + miss.planning).toFixed(2)} ms`,
    );
    return {
      target,
      measured: `${total.toFixed(2)} ms (exec ${sums.execution.toFixed(2)} + plan ${sums.planning.toFixed(2)})`,
      passed: total <= SQL_TARGET_MS,
    };
  }
  console.log(
    `GET /api/v1/dashboards/overview answers ${probe.status} (${probe.body})` +
      `${probe.status === 404 ? ': not built yet' : ''}. The reference computes the overview ` +
      'from the base tables; its statements cost (EXPLAIN ANALYZE):',
  );
  const year = Number(dateInZone(new Date(), timeZone).slice(0, 4));
  const values = { timeZone, year };
  const timings = await explainStatements(
    databaseUrl,
    OVERVIEW_FROM_BASE_TABLES.map((p) => ({ sql: p.sql, params: p.params.map((k) => values[k]) })),
  );
  const sums = printTimings(timings);
  console.log(
    `live roll-up over the base tables: ${(sums.execution + sums.planning).toFixed(1)} ms of SQL a request`,
  );
  return { target, measured: `the API's overview answers ${probe.status}`, passed: undefined };
}

/**
 * The worker refreshes the dashboard summaries it finds stale after it boots: measuring starts
 * once each has been refreshed or checked since `since` (when the schema has such summaries).
 */
export async function waitForSummaries(
  databaseUrl: string,
  since: Date,
  timeoutMs = 180_000,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query(
      `SELECT to_regclass('dashboard_refreshes') IS NOT NULL AS ok`,
    );
    if (!(exists.rows[0] as { ok: boolean }).ok) return;
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const { rows } = await client.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM dashboard_refreshes
          WHERE greatest(refreshed_at, checked_at) IS NULL OR greatest(refreshed_at, checked_at) < $1`,
        [since],
      );
      if (rows[0].pending === 0) {
        console.log(
          `dashboard summaries checked by the worker ${Date.now() - started} ms after the API was up`,
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`dashboard summaries still pending after ${timeoutMs} ms: measuring anyway`);
  } finally {
    await client.end();
  }
}

/** How many times the worker refreshed a summary so far (undefined without summaries). */
export async function summaryRefreshes(db: Pick<pg.Client, 'query'>): Promise<number | undefined> {
  const exists = await db.query<{ ok: boolean }>(
    `SELECT to_regclass('dashboard_refreshes') IS NOT NULL AS ok`,
  );
  if (!exists.rows[0].ok) return undefined;
  const { rows } = await db.query<{ n: number }>(
    `SELECT coalesce(sum(refreshes), 0)::int AS n FROM dashboard_refreshes`,
  );
  return rows[0].n;
}
