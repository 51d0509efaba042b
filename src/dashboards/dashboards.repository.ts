import { Injectable } from '@nestjs/common';
import type { Queryable } from '../common/database/db.service.js';
import { MONEY_METRICS } from '../targets/target.entity.js';
import type { ParkSort, TrendWeek, YearActuals } from './dto/dashboard.dto.js';
import { ALL_CLUSTERS, AS_OF_SQL } from './summary-views.js';
import { ACTUAL_COLUMNS, actualsJoins, actualsJson, metricActual } from './year-actuals.sql.js';

/** Money from numeric sums: two decimals, '0.00' for nothing. */
const money = (expr: string) => `COALESCE(${expr}, 0)::numeric(20,2)::text`;

/** A target value as text: money with its two decimals, counts as whole numbers. */
const targetValue = (metric: string, value: string) => `CASE
  WHEN ${metric} IN (${MONEY_METRICS.map((m) => `'${m}'`).join(', ')})
  THEN ${value}::numeric(20,2)::text ELSE trunc(${value})::text END`;

/** A target of alias t with its actual from alias a, as JSON (percent and pace come later). */
const TARGET_JSON = `json_build_object('id', t.id, 'parkId', t.park_id, 'clusterId', t.cluster_id,
  'year', t.year, 'metric', t.metric, 'value', ${targetValue('t.metric', 't.value')},
  'unit', t.unit, 'actual', ${metricActual('t.metric')}::text)`;

export interface SummaryRow {
  dimension: 'total' | 'stage' | 'light' | 'level';
  key: string;
  projects: number;
  plannedInvestment: string;
  realizedInvestment: string;
  otherCurrencyProjects: number;
}

export interface ClusterRow {
  clusterKey: string;
  clusterName: string | null;
  projects: number;
  plannedInvestment: string;
  realizedInvestment: string;
  otherCurrencyProjects: number;
}

export interface TargetRow {
  id: string;
  parkId: string | null;
  clusterId: string | null;
  year: number;
  metric: string;
  value: string;
  unit: string;
  actual: string;
}

/** The targets of one metric of the parks (or the cluster) an overview is of, summed. */
export interface MetricTargetRow {
  metric: string;
  unit: string;
  value: string;
  actual: string;
  targetIds: string[];
}

export interface OverviewRows {
  summary: SummaryRow[];
  clusters: ClusterRow[];
  year: YearActuals;
  overdueMilestones: number;
  trend: Omit<TrendWeek, 'week'>[];
  targets: MetricTargetRow[];
  asOf: Date | null;
}

export interface OverviewParams {
  /** parks whose subtrees are summed, disjoint (no park below another); [ZONE]: every park */
  roots: string[];
  /** the parks whose own targets are shown (without a cluster) */
  targetParks: string[];
  /** ALL_CLUSTERS, or one cluster */
  clusterKey: string;
  year: number;
  today: string;
  /** Monday of the trend's first week */
  trendStart: string;
  trendWeeks: number;
}

export interface ParkRow {
  rank: number;
  parkId: string;
  parkName: string;
  parkCode: string;
  parentId: string | null;
  projects: number;
  plannedInvestment: string;
  realizedInvestment: string;
  otherCurrencyProjects: number;
  green: number;
  yellow: number;
  red: number;
  none: number;
  year: YearActuals;
  overdueMilestones: number;
  targets: TargetRow[];
}

/** The SQL expression each park ranking measure sorts by (figures alias f). */
const PARK_SORT_SQL: Record<ParkSort, string> = {
  investmentVerified: 'f.a_investment_verified',
  realizedInvestment: 'f.realized',
  plannedInvestment: 'f.planned',
  projects: 'f.projects',
  contractsSigned: 'f.a_contracts_signed',
  contractAmount: 'f.a_contract_amount',
  rdInvestment: 'f.a_rd_investment',
  projectsStarted: 'f.a_projects_started',
  projectsCompleted: 'f.a_projects_completed',
  industrialOutput: 'f.a_industrial_output',
  leadingEnterprises: 'f.a_leading_enterprises',
  overdueMilestones: 'f.overdue',
  red: 'f.red',
  name: 'f.name',
};

/**
 * LATERAL join (alias m, column overdue) counting the open milestones due before `today` of the
 * park and cluster key given: the summary row of today's month (due before it, plus the days of
 * the month before today), or the last row before that month (all of them were due before).
 */
const overdueJoin = (park: string, clusterKey: string, today: string) => `
  LEFT JOIN LATERAL (
    SELECT CASE WHEN o.month = date_trunc('month', ${today}::timestamp)::date
                THEN o.due_before + COALESCE(
                       (SELECT sum(x.open) FROM unnest(o.days, o.open) AS x(day, open)
                         WHERE x.day < extract(day FROM ${today})), 0)
                ELSE o.due_through END AS overdue
      FROM dashboard_open_milestones o
     WHERE o.park_id = ${park} AND o.cluster_key = ${clusterKey} AND o.month <= ${today}
     ORDER BY o.month DESC LIMIT 1) m ON true`;

/**
 * The dashboards' SQL, reviewed as SQL. Every statement reads the summaries (materialized
 * views, see the migration DashboardSummaries) by their unique indexes: the rows of a park
 * already hold its sub-parks, so a request reads a few rows per park, whatever the data size.
 */
@Injectable()
export class DashboardsRepository {
  /**
   * The overview of the parks `roots` (each with its sub-parks) or of one cluster, in one
   * statement. $1 roots, $2 cluster key, $3 year, $4 today, $5 Monday of the first trend week,
   * $6 number of trend weeks, $7 the parks whose targets are shown.
   */
  async overview(q: Queryable, p: OverviewParams): Promise<OverviewRows> {
    const row = await q.one<OverviewRows>(
      `WITH roots AS (SELECT DISTINCT unnest($1::uuid[]) AS park_id),
       summary AS (
         SELECT s.dimension, s.key, sum(s.projects)::int AS projects,
                ${money('sum(s.planned_cny)')} AS planned, ${money('sum(s.realized_cny)')} AS realized,
                sum(s.other_currency)::int AS other
           FROM roots r JOIN dashboard_project_summary s
                ON s.park_id = r.park_id AND s.cluster_key = $2::uuid
                AND s.dimension IN ('total', 'stage', 'light', 'level')
          GROUP BY s.dimension, s.key
       ),
       clusters AS (
         SELECT c.key, ic.name, c.projects, c.planned, c.realized, c.other
           FROM (SELECT s.key, sum(s.projects)::int AS projects,
                        ${money('sum(s.planned_cny)')} AS planned,
                        ${money('sum(s.realized_cny)')} AS realized,
                        sum(s.other_currency)::int AS other
                   FROM roots r JOIN dashboard_project_summary s
                        ON s.park_id = r.park_id AND s.cluster_key = '${ALL_CLUSTERS}'
                        AND s.dimension = 'cluster'
                  WHERE $2::uuid = '${ALL_CLUSTERS}' OR s.key = $2::text
                  GROUP BY s.key) c
           LEFT JOIN industry_clusters ic ON ic.id = c.key::uuid
       ),
       overdue AS (
         SELECT COALESCE(sum(m.overdue), 0)::int AS count
           FROM roots r ${overdueJoin('r.park_id', '$2::uuid', '$4::date')}
       ),
       trend AS (
         SELECT g.week_start, COALESCE(sum(w.contracts), 0)::int AS contracts,
                ${money('sum(w.contract_amount_cny)')} AS contract_amount,
                ${money('sum(w.verified_cny)')} AS verified,
                COALESCE(sum(w.stage_changes), 0)::int AS stage_changes
           FROM (SELECT $5::date + 7 * i AS week_start FROM generate_series(0, $6::int - 1) i) g
           LEFT JOIN dashboard_weekly_activity w
                  ON w.park_id = ANY($1::uuid[]) AND w.cluster_key = $2::uuid
                 AND w.week_start >= $5::date AND w.week_start < $5::date + 7 * $6::int
                 AND w.week_start = g.week_start
          GROUP BY g.week_start
       ),
       shown_targets AS (
         SELECT t.id, t.metric, t.unit, t.value, COALESCE(t.park_id, ic.park_id) AS park_id,
                COALESCE(t.cluster_id, '${ALL_CLUSTERS}'::uuid) AS cluster_key
           FROM targets t LEFT JOIN industry_clusters ic ON ic.id = t.cluster_id
          WHERE t.year = $3::int
            AND CASE WHEN $2::uuid = '${ALL_CLUSTERS}' THEN t.park_id = ANY($7::uuid[])
                     ELSE t.cluster_id = $2::uuid END
       ),
       actuals AS MATERIALIZED (
         -- the year's actuals of the roots and of the owners of the targets shown, once each
         SELECT w.park_id, w.cluster_key, ${ACTUAL_COLUMNS}
           FROM (SELECT park_id, $2::uuid AS cluster_key, $3::int AS year FROM roots
                 UNION
                 SELECT park_id, cluster_key, $3::int FROM shown_targets) w
           ${actualsJoins('w')}
       ),
       year_actuals AS (
         SELECT ${actualsJson((c) => `COALESCE(sum(a.${c}), 0)`)} AS actuals
           FROM actuals a
          WHERE a.park_id IN (SELECT park_id FROM roots) AND a.cluster_key = $2::uuid
       ),
       metric_targets AS (
         -- per metric: the targets of the parks summed, against those parks' actuals
         SELECT t.metric, min(t.unit) AS unit,
                ${targetValue('t.metric', 'sum(t.value)')} AS value,
                sum(${metricActual('t.metric')})::text AS actual,
                array_agg(t.id ORDER BY t.id) AS target_ids
           FROM shown_targets t
           JOIN actuals a ON a.park_id = t.park_id AND a.cluster_key = t.cluster_key
          GROUP BY t.metric
       )
       SELECT
         (SELECT COALESCE(json_agg(json_build_object('dimension', dimension, 'key', key,
                   'projects', projects, 'plannedInvestment', planned,
                   'realizedInvestment', realized, 'otherCurrencyProjects', other)), '[]')
            FROM summary) AS summary,
         (SELECT COALESCE(json_agg(json_build_object('clusterKey', key, 'clusterName', name,
                   'projects', projects, 'plannedInvestment', planned,
                   'realizedInvestment', realized, 'otherCurrencyProjects', other)
                   ORDER BY name, key), '[]')
            FROM clusters) AS clusters,
         (SELECT actuals FROM year_actuals) AS year,
         (SELECT count FROM overdue) AS "overdueMilestones",
         (SELECT json_agg(json_build_object('weekStart', week_start, 'contracts', contracts,
                   'contractAmount', contract_amount, 'verifiedInvestment', verified,
                   'stageChanges', stage_changes) ORDER BY week_start)
            FROM trend) AS trend,
         (SELECT COALESCE(json_agg(json_build_object('metric', metric, 'unit', unit,
                   'value', value, 'actual', actual, 'targetIds', target_ids) ORDER BY metric), '[]')
            FROM metric_targets) AS targets,
         ${AS_OF_SQL} AS "asOf"`,
      [p.roots, p.clusterKey, p.year, p.today, p.trendStart, p.trendWeeks, p.targetParks],
      { prepare: true },
    );
    return row as OverviewRows;
  }

  /**
   * Every park of `parkScope` (a predicate over pk.id with its params) with its rolled-up
   * figures, ranked by one measure. $1 year, $2 today; scope params follow.
   */
  async parks(
    q: Queryable,
    year: number,
    today: string,
    sort: { field: ParkSort; descending: boolean },
    parkScope: (params: unknown[]) => string,
  ): Promise<ParkRow[]> {
    const params: unknown[] = [year, today];
    const scope = parkScope(params);
    const measure = PARK_SORT_SQL[sort.field];
    const direction = sort.descending ? 'DESC' : 'ASC';
    return q.query<ParkRow>(
      `WITH parks_shown AS (
         SELECT pk.id AS park_id, '${ALL_CLUSTERS}'::uuid AS cluster_key, $1::int AS year,
                pk.name, pk.code, pk.parent_id
           FROM parks pk WHERE ${scope}
       ),
       actuals AS (
         SELECT w.park_id, ${ACTUAL_COLUMNS} FROM parks_shown w ${actualsJoins('w')}
       ),
       figures AS (
         SELECT pk.park_id AS id, pk.name, pk.code, pk.parent_id,
                COALESCE(s.projects, 0) AS projects, COALESCE(s.planned, 0) AS planned,
                COALESCE(s.realized, 0) AS realized, COALESCE(s.other, 0) AS other,
                COALESCE(s.green, 0) AS green, COALESCE(s.yellow, 0) AS yellow,
                COALESCE(s.red, 0) AS red, COALESCE(s.none, 0) AS none,
                a.investment_verified AS a_investment_verified, a.rd_investment AS a_rd_investment,
                a.contracts_signed AS a_contracts_signed, a.contract_amount AS a_contract_amount,
                a.projects_started AS a_projects_started,
                a.projects_completed AS a_projects_completed,
                a.industrial_output AS a_industrial_output,
                a.leading_enterprises AS a_leading_enterprises,
                ${actualsJson()} AS year,
                COALESCE(m.overdue, 0) AS overdue,
                COALESCE(tg.targets, '[]'::json) AS targets
           FROM parks_shown pk
           JOIN actuals a ON a.park_id = pk.park_id
           LEFT JOIN LATERAL (
                  SELECT max(s.projects) FILTER (WHERE s.dimension = 'total') AS projects,
                         max(s.planned_cny) FILTER (WHERE s.dimension = 'total') AS planned,
                         max(s.realized_cny) FILTER (WHERE s.dimension = 'total') AS realized,
                         max(s.other_currency) FILTER (WHERE s.dimension = 'total') AS other,
                         max(s.projects) FILTER (WHERE s.key = 'green') AS green,
                         max(s.projects) FILTER (WHERE s.key = 'yellow') AS yellow,
                         max(s.projects) FILTER (WHERE s.key = 'red') AS red,
                         max(s.projects) FILTER (WHERE s.key = 'none') AS none
                    FROM dashboard_project_summary s
                   WHERE s.park_id = pk.park_id AND s.cluster_key = '${ALL_CLUSTERS}'
                     AND s.dimension IN ('total', 'light')) s ON true
           ${overdueJoin('pk.park_id', `'${ALL_CLUSTERS}'::uuid`, '$2::date')}
           LEFT JOIN LATERAL (
                  SELECT json_agg(${TARGET_JSON} ORDER BY t.metric) AS targets
                    FROM targets t WHERE t.park_id = pk.park_id AND t.year = $1::int) tg ON true
       )
       SELECT rank() OVER (ORDER BY ${measure} ${direction})::int AS rank,
              f.id AS "parkId", f.name AS "parkName", f.code AS "parkCode",
              f.parent_id AS "parentId", f.projects::int AS projects,
              ${money('f.planned')} AS "plannedInvestment",
              ${money('f.realized')} AS "realizedInvestment",
              f.other::int AS "otherCurrencyProjects",
              f.green::int AS green, f.yellow::int AS yellow, f.red::int AS red,
              f.none::int AS none, f.year, f.overdue::int AS "overdueMilestones", f.targets
         FROM figures f
        ORDER BY ${measure} ${direction}, f.name, f.id`,
      params,
    );
  }
}
