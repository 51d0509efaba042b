import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The summaries the dashboards and target actuals read instead of the base tables: materialized
 * views, each with a unique index so it can be refreshed CONCURRENTLY (readers never wait), and
 * the small tables the refresh job keeps its state in.
 *
 * Conventions shared by the views:
 * - park_id is every ancestor of the record's park (park_closure, self included) and the zone
 *   (the nil UUID): a park's rows already hold its sub-parks, the zone's rows every park, so a
 *   dashboard reads the rows of one park (or of the zone), never sums a subtree.
 * - cluster_key: '00000000-…-000000000000' is "all clusters" (the park's total),
 *   'ffffffff-…-ffffffffffff' is "no cluster", any other value a cluster id. A sentinel rather
 *   than NULL because a unique index treats NULLs as distinct.
 * - money is CNY only (the currency targets are set in); other currencies are counted, not summed.
 * - soft-deleted projects and everything hanging off them are left out.
 * - calendar buckets (ISO weeks, years) of instants are taken in dashboard_settings.time_zone,
 *   which the refresh job keeps equal to ZONE_TIMEZONE.
 */

const ALL = `'00000000-0000-0000-0000-000000000000'::uuid`;
/** park_id of the rows holding the whole zone (every park): the nil UUID, as ALL for clusters. */
const ZONE = ALL;
const NONE = `'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid`;
/**
 * Every (ancestor, park) pair: each park under itself and its ancestors (park_closure), and
 * under the zone. Joined on descendant_id = a record's park, it files the record under each.
 */
const REACH = `(SELECT ancestor_id, descendant_id FROM park_closure
               UNION ALL
               SELECT ${ZONE}, descendant_id FROM park_closure WHERE depth = 0)`;

/** The cluster key of a row grouped with GROUPING SETS ((…), (…, cluster_id, …)). */
const clusterKey = (column: string) =>
  `CASE WHEN GROUPING(${column}) = 1 THEN ${ALL} ELSE COALESCE(${column}, ${NONE}) END`;

const VIEWS: { name: string; sql: string; indexes: string[] }[] = [
  {
    // projects by stage, light and level (a project under each of its levels), per cluster
    name: 'dashboard_project_summary',
    sql: `
      WITH leaf AS (
        -- first per park of the project: a few thousand rows, whatever the number of projects
        SELECT p.park_id, p.cluster_id, p.stage, COALESCE(p.light, 'none') AS light, p.levels,
               p.currency = 'CNY' AS cny, count(*) AS projects,
               sum(p.planned_investment) AS planned, sum(p.realized_investment) AS realized
          FROM projects p
         WHERE p.deleted_at IS NULL
         GROUP BY p.park_id, p.cluster_id, p.stage, p.light, p.levels, p.currency = 'CNY'
      ),
      facts AS (
        -- then under every ancestor of that park
        SELECT c.ancestor_id AS park_id, l.cluster_id, l.stage, l.light, l.levels, l.cny,
               l.projects, l.planned, l.realized
          FROM leaf l JOIN ${REACH} c ON c.descendant_id = l.park_id
      ),
      by_key AS (
        SELECT f.park_id, ${clusterKey('f.cluster_id')} AS cluster_key, 'total'::text AS dimension,
               ''::text AS key, sum(f.projects) AS projects,
               sum(f.planned) FILTER (WHERE f.cny) AS planned,
               sum(f.realized) FILTER (WHERE f.cny) AS realized,
               sum(f.projects) FILTER (WHERE NOT f.cny) AS other
          FROM facts f GROUP BY GROUPING SETS ((f.park_id), (f.park_id, f.cluster_id))
        UNION ALL
        SELECT f.park_id, ${clusterKey('f.cluster_id')}, 'stage', f.stage, sum(f.projects),
               sum(f.planned) FILTER (WHERE f.cny), sum(f.realized) FILTER (WHERE f.cny),
               sum(f.projects) FILTER (WHERE NOT f.cny)
          FROM facts f
         GROUP BY GROUPING SETS ((f.park_id, f.stage), (f.park_id, f.cluster_id, f.stage))
        UNION ALL
        SELECT f.park_id, ${clusterKey('f.cluster_id')}, 'light', f.light, sum(f.projects),
               sum(f.planned) FILTER (WHERE f.cny), sum(f.realized) FILTER (WHERE f.cny),
               sum(f.projects) FILTER (WHERE NOT f.cny)
          FROM facts f
         GROUP BY GROUPING SETS ((f.park_id, f.light), (f.park_id, f.cluster_id, f.light))
        UNION ALL
        SELECT f.park_id, ${clusterKey('f.cluster_id')}, 'level', l.level, sum(f.projects),
               sum(f.planned) FILTER (WHERE f.cny), sum(f.realized) FILTER (WHERE f.cny),
               sum(f.projects) FILTER (WHERE NOT f.cny)
          FROM facts f CROSS JOIN LATERAL unnest(f.levels) AS l(level)
         GROUP BY GROUPING SETS ((f.park_id, l.level), (f.park_id, f.cluster_id, l.level))
        UNION ALL
        -- the clusters of the park side by side, under "all clusters"
        SELECT f.park_id, ${ALL}, 'cluster', COALESCE(f.cluster_id, ${NONE})::text,
               sum(f.projects), sum(f.planned) FILTER (WHERE f.cny),
               sum(f.realized) FILTER (WHERE f.cny), sum(f.projects) FILTER (WHERE NOT f.cny)
          FROM facts f GROUP BY f.park_id, f.cluster_id
      )
      SELECT park_id, cluster_key, dimension, key, projects::int AS projects,
             COALESCE(planned, 0)::numeric(20,2) AS planned_cny,
             COALESCE(realized, 0)::numeric(20,2) AS realized_cny,
             COALESCE(other, 0)::int AS other_currency
        FROM by_key`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_project_summary ON dashboard_project_summary (park_id, cluster_key, dimension, key)`,
    ],
  },
  {
    // the 12-week trend: new contracts, verified investment and stage changes per ISO week
    name: 'dashboard_weekly_activity',
    sql: `
      WITH tz AS (SELECT time_zone FROM dashboard_settings),
      events AS (
        -- a contract belongs to its own park; the rest to their project's
        SELECT ct.park_id, ct.project_id,
               date_trunc('week', ct.signed_at::timestamp)::date AS week_start,
               1 AS contracts,
               CASE WHEN ct.currency = 'CNY' THEN ct.amount ELSE 0 END AS contract_amount,
               0::numeric AS verified, 0 AS stage_changes
          FROM contracts ct
         WHERE ct.status <> 'terminated'
        UNION ALL
        SELECT NULL::uuid, t.project_id,
               date_trunc('week', t.verified_at AT TIME ZONE tz.time_zone)::date, 0, 0, t.amount, 0
          FROM investment_tranches t CROSS JOIN tz
         WHERE t.verified_at IS NOT NULL AND t.currency = 'CNY'
        UNION ALL
        SELECT NULL::uuid, tr.project_id,
               date_trunc('week', tr.at AT TIME ZONE tz.time_zone)::date, 0, 0, 0, 1
          FROM project_transitions tr CROSS JOIN tz
      ),
      leaf AS (
        -- per park and cluster of the live project (records of a deleted one drop out)
        SELECT COALESCE(e.park_id, p.park_id) AS park_id, p.cluster_id, e.week_start,
               sum(e.contracts) AS contracts, sum(e.contract_amount) AS contract_amount,
               sum(e.verified) AS verified, sum(e.stage_changes) AS stage_changes
          FROM events e LEFT JOIN projects p ON p.id = e.project_id AND p.deleted_at IS NULL
         WHERE e.park_id IS NOT NULL OR p.id IS NOT NULL
         GROUP BY COALESCE(e.park_id, p.park_id), p.cluster_id, e.week_start
      )
      SELECT c.ancestor_id AS park_id, ${clusterKey('l.cluster_id')} AS cluster_key, l.week_start,
             sum(l.contracts)::int AS contracts,
             sum(l.contract_amount)::numeric(20,2) AS contract_amount_cny,
             sum(l.verified)::numeric(20,2) AS verified_cny,
             sum(l.stage_changes)::int AS stage_changes
        FROM leaf l JOIN ${REACH} c ON c.descendant_id = l.park_id
       GROUP BY GROUPING SETS ((c.ancestor_id, l.week_start),
                               (c.ancestor_id, l.cluster_id, l.week_start))`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_weekly_activity ON dashboard_weekly_activity (park_id, cluster_key, week_start)`,
    ],
  },
  {
    // the actuals of the yearly target metrics that are events in a calendar year
    name: 'dashboard_yearly_actuals',
    sql: `
      WITH tz AS (SELECT time_zone FROM dashboard_settings),
      firsts AS (
        SELECT tr.project_id, tr.to_stage, min(tr.at) AS at FROM project_transitions tr
         WHERE tr.to_stage IN ('under_construction', 'completed')
         GROUP BY tr.project_id, tr.to_stage
      ),
      events AS (
        SELECT NULL::uuid AS park_id, t.project_id,
               extract(year FROM t.verified_at AT TIME ZONE tz.time_zone)::int AS year,
               t.amount AS investment_verified,
               CASE WHEN t.purpose = 'rd' THEN t.amount ELSE 0 END AS rd_investment,
               0 AS contracts_signed, 0::numeric AS contract_amount,
               0 AS projects_started, 0 AS projects_completed
          FROM investment_tranches t CROSS JOIN tz
         WHERE t.verified_at IS NOT NULL AND t.currency = 'CNY'
        UNION ALL
        -- a contract belongs to its own park; the rest to their project's
        SELECT ct.park_id, ct.project_id, extract(year FROM ct.signed_at)::int, 0, 0, 1,
               CASE WHEN ct.currency = 'CNY' THEN ct.amount ELSE 0 END, 0, 0
          FROM contracts ct
         WHERE ct.status <> 'terminated'
        UNION ALL
        SELECT NULL::uuid, f.project_id, extract(year FROM f.at AT TIME ZONE tz.time_zone)::int,
               0, 0, 0, 0,
               (f.to_stage = 'under_construction')::int, (f.to_stage = 'completed')::int
          FROM firsts f CROSS JOIN tz
      ),
      leaf AS (
        -- per park and cluster of the live project (records of a deleted one drop out)
        SELECT COALESCE(e.park_id, p.park_id) AS park_id, p.cluster_id, e.year,
               sum(e.investment_verified) AS investment_verified,
               sum(e.rd_investment) AS rd_investment, sum(e.contracts_signed) AS contracts_signed,
               sum(e.contract_amount) AS contract_amount,
               sum(e.projects_started) AS projects_started,
               sum(e.projects_completed) AS projects_completed
          FROM events e LEFT JOIN projects p ON p.id = e.project_id AND p.deleted_at IS NULL
         WHERE e.park_id IS NOT NULL OR p.id IS NOT NULL
         GROUP BY COALESCE(e.park_id, p.park_id), p.cluster_id, e.year
      )
      SELECT c.ancestor_id AS park_id, ${clusterKey('l.cluster_id')} AS cluster_key, l.year,
             sum(l.investment_verified)::numeric(20,2) AS investment_verified,
             sum(l.rd_investment)::numeric(20,2) AS rd_investment,
             sum(l.contracts_signed)::int AS contracts_signed,
             sum(l.contract_amount)::numeric(20,2) AS contract_amount,
             sum(l.projects_started)::int AS projects_started,
             sum(l.projects_completed)::int AS projects_completed
        FROM leaf l JOIN ${REACH} c ON c.descendant_id = l.park_id
       GROUP BY GROUPING SETS ((c.ancestor_id, l.year), (c.ancestor_id, l.cluster_id, l.year))`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_yearly_actuals ON dashboard_yearly_actuals (park_id, cluster_key, year)`,
    ],
  },
  {
    // industrial output proxy: expected annual output of the spans a project is in operation;
    // a year counts the spans covering its last instant (from_year <= year < to_year)
    name: 'dashboard_output_spans',
    sql: `
      WITH tz AS (SELECT time_zone FROM dashboard_settings),
      candidates AS (
        -- CNY projects with an expected output that are or were in operation
        SELECT p.id, p.park_id, p.cluster_id, p.stage, p.created_at, p.expected_annual_output
          FROM projects p
         WHERE p.deleted_at IS NULL AND p.currency = 'CNY' AND p.expected_annual_output IS NOT NULL
           AND (p.stage = 'in_operation'
                OR EXISTS (SELECT 1 FROM project_transitions tr
                            WHERE tr.project_id = p.id
                              AND 'in_operation' IN (tr.from_stage, tr.to_stage)))
      ),
      spans AS (
        -- the stage a project had from its creation until its first move (or still has)
        SELECT p.id AS project_id, COALESCE(first_move.from_stage, p.stage) AS stage,
               p.created_at AS since, first_move.at AS until
          FROM candidates p
          LEFT JOIN LATERAL (
                 SELECT tr.from_stage, tr.at FROM project_transitions tr
                  WHERE tr.project_id = p.id ORDER BY tr.at, tr.id LIMIT 1) first_move ON true
        UNION ALL
        -- then the stage of each move, until the next one
        SELECT tr.project_id, tr.to_stage, tr.at,
               lead(tr.at) OVER (PARTITION BY tr.project_id ORDER BY tr.at, tr.id)
          FROM project_transitions tr JOIN candidates p ON p.id = tr.project_id
      ),
      operating AS (
        SELECT p.park_id, p.cluster_id, p.expected_annual_output,
               extract(year FROM s.since AT TIME ZONE tz.time_zone)::int AS from_year,
               COALESCE(extract(year FROM s.until AT TIME ZONE tz.time_zone)::int, 9999) AS to_year
          FROM spans s JOIN candidates p ON p.id = s.project_id CROSS JOIN tz
         WHERE s.stage = 'in_operation'
      )
      SELECT c.ancestor_id AS park_id, ${clusterKey('o.cluster_id')} AS cluster_key,
             o.from_year, o.to_year,
             sum(o.expected_annual_output)::numeric(20,2) AS output_cny, count(*)::int AS projects
        FROM operating o JOIN ${REACH} c ON c.descendant_id = o.park_id
       WHERE o.from_year < o.to_year
       GROUP BY GROUPING SETS ((c.ancestor_id, o.from_year, o.to_year),
                               (c.ancestor_id, o.cluster_id, o.from_year, o.to_year))`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_output_spans ON dashboard_output_spans (park_id, cluster_key, from_year, to_year)`,
    ],
  },
  {
    // open milestones by the month they are due: how many were due before the month, and the
    // days of the month with how many fall due on each. "Overdue on day d of month m" is one
    // index probe: the row of m (before + the days before d), or the last row before m (all).
    name: 'dashboard_open_milestones',
    sql: `
      WITH leaf AS (
        SELECT p.park_id, p.cluster_id, m.due_date, count(*) AS open
          FROM milestones m JOIN projects p ON p.id = m.project_id AND p.deleted_at IS NULL
         WHERE m.completed_at IS NULL
         GROUP BY p.park_id, p.cluster_id, m.due_date
      ),
      daily AS (
        SELECT c.ancestor_id AS park_id, ${clusterKey('l.cluster_id')} AS cluster_key, l.due_date,
               sum(l.open) AS open
          FROM leaf l JOIN ${REACH} c ON c.descendant_id = l.park_id
         GROUP BY GROUPING SETS ((c.ancestor_id, l.due_date),
                                 (c.ancestor_id, l.cluster_id, l.due_date))
      ),
      running AS (
        SELECT d.park_id, d.cluster_key, d.due_date, d.open,
               sum(d.open) OVER (PARTITION BY d.park_id, d.cluster_key ORDER BY d.due_date)
                 - d.open AS due_before
          FROM daily d
      )
      SELECT r.park_id, r.cluster_key, date_trunc('month', r.due_date::timestamp)::date AS month,
             min(r.due_before)::int AS due_before,
             (min(r.due_before) + sum(r.open))::int AS due_through,
             array_agg(extract(day FROM r.due_date)::int ORDER BY r.due_date) AS days,
             array_agg(r.open::int ORDER BY r.due_date) AS open
        FROM running r
       GROUP BY r.park_id, r.cluster_key, date_trunc('month', r.due_date::timestamp)`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_open_milestones ON dashboard_open_milestones (park_id, cluster_key, month)`,
    ],
  },
  {
    // enterprises, and the leading ones (Fortune Global 500, China Top 500, listed, chain master)
    name: 'dashboard_enterprise_summary',
    sql: `
      SELECT c.ancestor_id AS park_id, ${clusterKey('e.cluster_id')} AS cluster_key,
             count(*)::int AS enterprises,
             count(*) FILTER (WHERE e.fortune_global500 OR e.china_top500 OR e.listed
                                    OR e.chain_master)::int AS leading
        FROM enterprises e JOIN ${REACH} c ON c.descendant_id = e.park_id
       GROUP BY GROUPING SETS ((c.ancestor_id), (c.ancestor_id, e.cluster_id))`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_enterprise_summary ON dashboard_enterprise_summary (park_id, cluster_key)`,
    ],
  },
  {
    // the investment each enterprise brought, per park of its projects (for the chains)
    name: 'dashboard_enterprise_investment',
    sql: `
      SELECT p.enterprise_id, p.park_id, count(*)::int AS projects,
             COALESCE(sum(p.realized_investment) FILTER (WHERE p.currency = 'CNY'), 0)
               ::numeric(20,2) AS realized_cny,
             count(*) FILTER (WHERE p.currency <> 'CNY')::int AS other_currency
        FROM projects p
       WHERE p.deleted_at IS NULL AND p.enterprise_id IS NOT NULL
       GROUP BY p.enterprise_id, p.park_id`,
    indexes: [
      `CREATE UNIQUE INDEX uq_dashboard_enterprise_investment ON dashboard_enterprise_investment (enterprise_id, park_id)`,
    ],
  },
];

export class DashboardSummaries1795316315032 implements MigrationInterface {
  name = 'DashboardSummaries1795316315032';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // JIT compiling these one-off aggregates costs more than it saves (as in the refresh job)
    await queryRunner.query(`SET LOCAL jit = off`);
    // the one setting the views read; the refresh job keeps it equal to ZONE_TIMEZONE
    await queryRunner.query(
      `CREATE TABLE "dashboard_settings" ("id" smallint NOT NULL DEFAULT 1, "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Shanghai', CONSTRAINT "ck_dashboard_settings_single" CHECK (id = 1), CONSTRAINT "pk_dashboard_settings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "dashboard_settings" DEFAULT VALUES`);
    // per view: the change counters of its base tables at its last refresh, and when
    await queryRunner.query(
      `CREATE TABLE "dashboard_refreshes" ("view_name" character varying(63) NOT NULL, "base_changes" bigint, "refreshed_at" TIMESTAMP WITH TIME ZONE, "refreshes" integer NOT NULL DEFAULT 0, "duration_ms" integer, "checked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_dashboard_refreshes" PRIMARY KEY ("view_name"))`,
    );
    for (const view of VIEWS) {
      await queryRunner.query(`CREATE MATERIALIZED VIEW "${view.name}" AS ${view.sql}`);
      for (const index of view.indexes) await queryRunner.query(index);
      await queryRunner.query(`INSERT INTO "dashboard_refreshes" ("view_name") VALUES ($1)`, [
        view.name,
      ]);
    }
    await queryRunner.query(
      `CREATE INDEX "ix_targets_year_metric" ON "targets" ("year", "metric") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_targets_year_metric"`);
    for (const view of VIEWS.toReversed()) {
      await queryRunner.query(`DROP MATERIALIZED VIEW "${view.name}"`);
    }
    await queryRunner.query(`DROP TABLE "dashboard_refreshes"`);
    await queryRunner.query(`DROP TABLE "dashboard_settings"`);
  }
}
