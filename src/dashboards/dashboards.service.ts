import { Inject, Injectable } from '@nestjs/common';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { ParksService } from '../parks/parks.service.js';
import { PROJECT_LEVELS, PROJECT_STAGES } from '../projects/project.entity.js';
import { paceOf, percentOf } from '../targets/target-progress.js';
import { DashboardRefresher } from './dashboard-refresher.js';
import {
  DashboardsRepository,
  type OverviewParams,
  type OverviewRows,
  type SummaryRow,
  type TargetRow,
} from './dashboards.repository.js';
import type {
  DashboardOverview,
  InvestmentFigures,
  OverviewQuery,
  OverviewTarget,
  ParkSort,
  ParksDashboard,
  ParksDashboardQuery,
  RefreshResult,
  TargetProgress,
} from './dto/dashboard.dto.js';
import { ALL_CLUSTERS, AS_OF_SQL, NO_CLUSTER, ZONE } from './summary-views.js';
import { TREND_WEEKS, trendEnd, trendWeeks } from './trend-weeks.js';

interface Reach {
  /** the parks the overview is of (each with its sub-parks), for the answer */
  parkIds: string[];
  /** the summary rows to sum: those parks, or [ZONE] for every park */
  roots: string[];
  clusterKey: string;
}

const OVERVIEW_CACHE_ENTRIES = 1_000;

/**
 * What the overview's answer depends on besides its parameters: when each summary was last
 * refreshed (a refresh and its row in dashboard_refreshes commit together), and the targets and
 * cluster names it reads live (count, versions and last update: any insert, update or delete
 * moves one of them). asOf moves at every check of the refresher, so it is read, not keyed on.
 */
const OVERVIEW_STAMP_SQL = `SELECT ${AS_OF_SQL} AS "asOf", concat_ws('|',
    (SELECT string_agg(view_name || '=' || refreshed_at::text, ',' ORDER BY view_name)
       FROM dashboard_refreshes),
    (SELECT count(*) || ':' || COALESCE(sum(version), 0) || ':' || COALESCE(max(updated_at)::text, '')
       FROM targets),
    (SELECT count(*) || ':' || COALESCE(sum(version), 0) || ':' || COALESCE(max(updated_at)::text, '')
       FROM industry_clusters)) AS version`;

const NOTHING: InvestmentFigures = {
  projects: 0,
  plannedInvestment: '0.00',
  realizedInvestment: '0.00',
  otherCurrencyProjects: 0,
};

const figuresOf = (row: InvestmentFigures | undefined): InvestmentFigures =>
  row
    ? {
        projects: row.projects,
        plannedInvestment: row.plannedInvestment,
        realizedInvestment: row.realizedInvestment,
        otherCurrencyProjects: row.otherCurrencyProjects,
      }
    : { ...NOTHING };

/**
 * Manager dashboards over the maintained summaries. Everyone reads within their parks (admins
 * the whole zone); a park outside them answers 404.
 */
@Injectable()
export class DashboardsService {
  private readonly overviews = new Map<string, OverviewRows>();
  private readonly computing = new Map<string, Promise<OverviewRows>>();

  constructor(
    private readonly db: Db,
    private readonly repository: DashboardsRepository,
    private readonly parks: ParksService,
    private readonly refresher: DashboardRefresher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The overview's rows, computed once per scope and summary version: the summaries change only
   * when the refresher refreshes them, and the live tables the statement also reads (targets,
   * cluster names) are small, so one cheap statement tells whether the rows computed last are
   * still the answer. Each API process keeps its own cache; all of them agree with the database.
   */
  private async overviewRows(db: Queryable, params: OverviewParams): Promise<OverviewRows> {
    const stamp = await db.one<{ asOf: Date | null; version: string }>(OVERVIEW_STAMP_SQL, [], {
      prepare: true,
    });
    const key = `${JSON.stringify(params)}@${stamp?.version}`;
    const hit = this.overviews.get(key);
    if (hit) {
      // most recently used last, so the oldest is the first to go
      this.overviews.delete(key);
      this.overviews.set(key, hit);
      return { ...hit, asOf: stamp?.asOf ?? hit.asOf };
    }
    // concurrent misses of one key wait for one computation rather than each running it
    let computing = this.computing.get(key);
    if (!computing) {
      computing = this.repository.overview(db, params).finally(() => {
        this.computing.delete(key);
      });
      this.computing.set(key, computing);
    }
    const rows = await computing;
    if (this.overviews.size >= OVERVIEW_CACHE_ENTRIES) {
      this.overviews.delete(this.overviews.keys().next().value as string);
    }
    this.overviews.set(key, rows);
    return rows;
  }

  private today(): string {
    return dateInZone(this.clock.now(), this.config.zoneTimeZone);
  }

  async overview(actor: Actor, query: OverviewQuery): Promise<DashboardOverview> {
    const today = this.today();
    const year = query.year ?? Number(today.slice(0, 4));
    // read from a replica, one for the whole answer so its parts agree
    const db = this.db.replica;
    const reach = await this.reach(db, actor, query);
    const weeks = trendWeeks(trendEnd(year, today));
    const rows = await this.overviewRows(db, {
      roots: reach.roots,
      targetParks: reach.clusterKey === ALL_CLUSTERS ? reach.parkIds : [],
      clusterKey: reach.clusterKey,
      year,
      today,
      trendStart: weeks[0].weekStart,
      trendWeeks: TREND_WEEKS,
    });
    const find = (dimension: SummaryRow['dimension'], key: string) =>
      rows.summary.find((r) => r.dimension === dimension && r.key === key);
    const lights = (key: string) => find('light', key)?.projects ?? 0;
    return {
      scope: {
        parkIds: reach.parkIds,
        clusterId: reach.clusterKey === ALL_CLUSTERS ? null : reach.clusterKey,
        year,
        today,
        currency: 'CNY',
      },
      asOf: rows.asOf,
      projects: figuresOf(find('total', '')),
      byStage: PROJECT_STAGES.map((stage) =>
        Object.assign({ stage }, figuresOf(find('stage', stage))),
      ),
      byLevel: PROJECT_LEVELS.map((level) =>
        Object.assign({ level }, figuresOf(find('level', level))),
      ),
      byCluster: [...rows.clusters]
        // projects without a cluster come last
        .sort((a, b) => Number(a.clusterKey === NO_CLUSTER) - Number(b.clusterKey === NO_CLUSTER))
        .map((c) =>
          Object.assign(
            {
              clusterId: c.clusterKey === NO_CLUSTER ? null : c.clusterKey,
              clusterName: c.clusterName,
            },
            figuresOf(c),
          ),
        ),
      lights: {
        green: lights('green'),
        yellow: lights('yellow'),
        red: lights('red'),
        none: lights('none'),
      },
      year: rows.year,
      targets: rows.targets.map((t) => ({
        metric: t.metric as OverviewTarget['metric'],
        unit: t.unit,
        value: t.value,
        actual: t.actual,
        percent: percentOf(t.actual, t.value),
        pace: paceOf(year, today),
        targetIds: t.targetIds,
      })),
      overdueMilestones: rows.overdueMilestones,
      trend: rows.trend.map((w, i) => Object.assign({ week: weeks[i].week }, w)),
    };
  }

  async parksSideBySide(actor: Actor, query: ParksDashboardQuery): Promise<ParksDashboard> {
    const today = this.today();
    const year = query.year ?? Number(today.slice(0, 4));
    const sortText = query.sort ?? '-investmentVerified';
    const sort = parseSort(sortText, sortText) as { field: ParkSort; descending: boolean };
    const db = this.db.replica;
    const rows = await this.repository.parks(
      db,
      year,
      today,
      sort,
      (params) => `true${scopeSql(actor, 'pk.id', params)}`,
    );
    const asOf = await this.asOf(db);
    return {
      year,
      sort: sortText,
      asOf,
      items: rows.map((r) => ({
        rank: r.rank,
        parkId: r.parkId,
        parkName: r.parkName,
        parkCode: r.parkCode,
        parentId: r.parentId,
        projects: {
          projects: r.projects,
          plannedInvestment: r.plannedInvestment,
          realizedInvestment: r.realizedInvestment,
          otherCurrencyProjects: r.otherCurrencyProjects,
        },
        lights: { green: r.green, yellow: r.yellow, red: r.red, none: r.none },
        year: r.year,
        overdueMilestones: r.overdueMilestones,
        targets: r.targets.map((t) => this.progress(t, today)),
      })),
    };
  }

  /** Refreshes every summary now, waiting for a refresh already running. */
  refresh(): Promise<RefreshResult> {
    return this.refresher.run({ force: true, wait: true });
  }

  private async asOf(db: Queryable): Promise<Date | null> {
    const row = await db.one<{ asOf: Date | null }>(
      `SELECT min(GREATEST(refreshed_at, checked_at)) AS "asOf" FROM dashboard_refreshes`,
    );
    return row?.asOf ?? null;
  }

  private progress(t: TargetRow, today: string): TargetProgress {
    return {
      ...t,
      metric: t.metric as TargetProgress['metric'],
      percent: percentOf(t.actual, t.value),
      pace: paceOf(t.year, today),
    };
  }

  /**
   * Which subtrees the overview sums: one park, one cluster (in its park), or every park the
   * actor works in, keeping only the topmost when one is below another so nothing counts twice
   * (admins: the whole zone, whose summary rows are kept apart; its parks are the top-level ones).
   */
  private async reach(db: Queryable, actor: Actor, query: OverviewQuery): Promise<Reach> {
    if (query.parkId) await this.parks.assertVisible(actor, query.parkId);
    if (query.clusterId) {
      const params: unknown[] = [query.clusterId, query.parkId ?? null];
      const cluster = await db.one<{ parkId: string; inPark: boolean }>(
        `SELECT c.park_id AS "parkId",
                ($2::uuid IS NULL OR c.park_id IN (SELECT descendant_id FROM park_closure
                                                    WHERE ancestor_id = $2::uuid)) AS "inPark"
           FROM industry_clusters c
          WHERE c.id = $1${scopeSql(actor, 'c.park_id', params)}`,
        params,
      );
      if (!cluster) throw DomainException.notFound('Cluster', query.clusterId);
      if (!cluster.inPark) {
        throw DomainException.validation(
          'clusterId',
          'must be a cluster of parkId or its sub-parks',
        );
      }
      const parkIds = [cluster.parkId];
      return { parkIds, roots: parkIds, clusterKey: query.clusterId.toLowerCase() };
    }
    if (query.parkId) {
      const parkIds = [query.parkId.toLowerCase()];
      return { parkIds, roots: parkIds, clusterKey: ALL_CLUSTERS };
    }
    const rows = isAdmin(actor)
      ? await db.query<{ id: string }>(`SELECT id FROM parks WHERE parent_id IS NULL`)
      : await db.query<{ id: string }>(
          `SELECT pk.id FROM parks pk
            WHERE pk.id = ANY($1::uuid[])
              AND NOT EXISTS (SELECT 1 FROM park_closure c
                               WHERE c.descendant_id = pk.id AND c.depth > 0
                                 AND c.ancestor_id = ANY($1::uuid[]))`,
          [actor.parkIds],
        );
    const parkIds = rows.map((r) => r.id).sort();
    // the whole zone is summed in rows of its own
    return { parkIds, roots: isAdmin(actor) ? [ZONE] : parkIds, clusterKey: ALL_CLUSTERS };
  }
}
