import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db, type Queryable } from '../common/database/db.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { SUMMARY_VIEWS, type SummaryView, ZONED_VIEWS } from './summary-views.js';

export type RefreshOutcome = 'forced' | 'changed' | 'time_zone' | 'unchanged' | 'paced' | 'busy';

export interface ViewRefresh {
  view: string;
  outcome: RefreshOutcome;
  /** how long the REFRESH took, when there was one */
  ms?: number;
}

export interface RefreshRun {
  refreshed: string[];
  views: ViewRefresh[];
}

/**
 * The share of the time the scheduled refresh may spend refreshing: a pass waits until the time
 * since the last refresh is at least PACING × what the pass will cost (each stale view's last
 * refresh time). On small data that is well under the 10-second schedule and changes nothing;
 * with 100,000 projects, where a pass takes seconds, it keeps the refresh under about a tenth of
 * one core while writes go on, at the price of fresher numbers.
 */
export const PACING = 9;

interface ViewState {
  view: string;
  baseChanges: string | null;
  durationMs: number | null;
  /** milliseconds since the last refresh of any view ended (database clock) */
  sinceLastMs: number | null;
}

/**
 * Keeps the dashboard summaries up to date: a view is refreshed (CONCURRENTLY: readers never
 * wait) when the change counters of its base tables (n_tup_ins + n_tup_upd + n_tup_del in
 * pg_stat_user_tables) differ from the ones stored at its last refresh, or when forced.
 *
 * Why this is sound: a backend reports its counters only after its transaction ended, so a
 * change the counters show is committed before the REFRESH takes its snapshot; and the stored
 * value is the one read before the REFRESH, so a change reported meanwhile triggers the next
 * run. It costs the writers nothing (no trigger). A counter reset (stats reset, crash) reads as
 * a change: one refresh too many, never one too few. TRUNCATE is not counted: force a refresh
 * after one. Backends report within about a second of going idle (later, up to a minute, when
 * the statistics are busy).
 */
@Injectable()
export class DashboardRefresher {
  private readonly logger = new Logger('DashboardRefresh');

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One pass over every view. `force` refreshes them all now; `wait` waits for a refresh another
   * process is running instead of skipping that view (the scheduled job skips: it runs again in
   * seconds).
   */
  async run(options: { force?: boolean; wait?: boolean } = {}): Promise<RefreshRun> {
    const zoneChanged = await this.syncTimeZone();
    const [counters, states] = await Promise.all([this.counters(this.db), this.states()]);
    const reasons = new Map<string, RefreshOutcome>();
    for (const view of SUMMARY_VIEWS) {
      if (options.force) reasons.set(view.name, 'forced');
      else if (zoneChanged && ZONED_VIEWS.includes(view)) reasons.set(view.name, 'time_zone');
      else if (states.get(view.name)?.baseChanges !== sumOf(counters, view)) {
        reasons.set(view.name, 'changed');
      }
    }
    const views: ViewRefresh[] = [];
    const paced = !options.force && !zoneChanged && this.mustWait(reasons, states);
    for (const view of SUMMARY_VIEWS) {
      const reason = reasons.get(view.name);
      if (!reason) views.push({ view: view.name, outcome: 'unchanged' });
      else if (paced) views.push({ view: view.name, outcome: 'paced' });
      else views.push(await this.refreshView(view, reason, options.wait ?? false));
    }
    const unchanged = views.filter((v) => v.outcome === 'unchanged').map((v) => v.view);
    if (unchanged.length) {
      await this.db.query(
        `UPDATE dashboard_refreshes SET checked_at = now() WHERE view_name = ANY($1::text[])`,
        [unchanged],
      );
    }
    const refreshed = views.filter((v) => v.ms !== undefined).map((v) => v.view);
    if (refreshed.length) this.logger.debug(`Refreshed ${refreshed.join(', ')}`);
    return { refreshed, views };
  }

  /** Too soon after the last refresh for what this pass would cost (see PACING). */
  private mustWait(reasons: Map<string, RefreshOutcome>, states: Map<string, ViewState>) {
    if (!reasons.size) return false;
    const cost = [...reasons.keys()].reduce((s, v) => s + (states.get(v)?.durationMs ?? 0), 0);
    const since = [...states.values()][0]?.sinceLastMs;
    return since !== null && since !== undefined && since < PACING * cost;
  }

  /** Views bucket instants by the zone's calendar: they follow ZONE_TIMEZONE when it changes. */
  private async syncTimeZone(): Promise<boolean> {
    const changed = await this.db.query(
      `UPDATE dashboard_settings SET time_zone = $1 WHERE time_zone <> $1 RETURNING id`,
      [this.config.zoneTimeZone],
    );
    return changed.length > 0;
  }

  private async states(): Promise<Map<string, ViewState>> {
    const rows = await this.db.query<ViewState>(
      `SELECT view_name AS view, base_changes::text AS "baseChanges",
              duration_ms AS "durationMs",
              (extract(epoch FROM now() - max(refreshed_at) OVER ()) * 1000)::float8
                AS "sinceLastMs"
         FROM dashboard_refreshes`,
    );
    return new Map(rows.map((r) => [r.view, r]));
  }

  private refreshView(
    view: SummaryView,
    reason: RefreshOutcome,
    wait: boolean,
  ): Promise<ViewRefresh> {
    return this.db.transaction(async (tx) => {
      // one refresher per view at a time, across processes; released at commit
      const lock = await tx.one<{ locked: boolean }>(
        wait
          ? `SELECT true AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) l`
          : `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [`dashboard-refresh:${view.name}`],
      );
      if (!lock?.locked) return { view: view.name, outcome: 'busy' };
      // read again under the lock: the value stored is the one read before the REFRESH, and
      // another process may have refreshed the view since the pass began
      const changes = sumOf(await this.counters(tx), view);
      const state = await tx.one<{ baseChanges: string | null }>(
        `SELECT base_changes::text AS "baseChanges" FROM dashboard_refreshes WHERE view_name = $1`,
        [view.name],
      );
      if (reason === 'changed' && state?.baseChanges === changes) {
        return { view: view.name, outcome: 'unchanged' };
      }
      // the views aggregate with hash tables: room for them beats sorting on disk; and JIT
      // compiling a query run once every few seconds costs more than it saves
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      await tx.query(`SET LOCAL jit = off`);
      const started = performance.now();
      await tx.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY "${view.name}"`);
      // fresh statistics: the dashboards' plans probe the views' indexes row by row
      await tx.query(`ANALYZE "${view.name}"`);
      const ms = Math.round(performance.now() - started);
      await tx.query(
        `INSERT INTO dashboard_refreshes AS r (view_name, base_changes, refreshed_at, refreshes, duration_ms, checked_at)
         VALUES ($1, $2, clock_timestamp(), 1, $3, clock_timestamp())
         ON CONFLICT (view_name) DO UPDATE
            SET base_changes = $2, refreshed_at = clock_timestamp(), refreshes = r.refreshes + 1,
                duration_ms = $3, checked_at = clock_timestamp()`,
        [view.name, changes, ms],
      );
      return { view: view.name, outcome: reason, ms };
    });
  }

  /** The change counters (inserts + updates + deletes) of every base table, by table. */
  private async counters(q: Queryable): Promise<Map<string, bigint>> {
    const tables = [...new Set(SUMMARY_VIEWS.flatMap((v) => v.tables))];
    const rows = await q.query<{ table: string; changes: string }>(
      `SELECT relname AS table, (n_tup_ins + n_tup_upd + n_tup_del)::text AS changes
         FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname = ANY($1::text[])`,
      [tables],
    );
    return new Map(rows.map((r) => [r.table, BigInt(r.changes)]));
  }
}

/** A view's base tables' counters summed, as the text stored in dashboard_refreshes. */
function sumOf(counters: Map<string, bigint>, view: SummaryView): string {
  return view.tables.reduce((s, t) => s + (counters.get(t) ?? 0n), 0n).toString();
}
