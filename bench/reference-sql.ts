/**
 * The reference server's SQL, written by hand: what the API's answers cost without a framework.
 */

/** A statement the API's overview ran, with the parameters it ran with. */
export interface ReplayedStatement {
  sql: string;
  params: unknown[];
  /** statements of one wave ran together; a wave began once the one before had ended */
  wave?: number;
}

/** The columns GET /api/v1/projects/:id answers with, under the same names. */
export const PROJECT_COLUMNS = `p.id, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  p.version, p.code, p.name, p.park_id AS "parkId", p.cluster_id AS "clusterId",
  p.enterprise_id AS "enterpriseId", p.levels, p.stage,
  p.planned_investment AS "plannedInvestment", p.realized_investment AS "realizedInvestment",
  p.currency, p.expected_annual_output AS "expectedAnnualOutput",
  p.annual_planned_investment AS "annualPlannedInvestment", p.start_date AS "startDate",
  p.planned_completion_date AS "plannedCompletionDate", p.leader_id AS "leaderId",
  p.leader_name AS "leaderName", p.department, p.officer_id AS "officerId",
  p.signed_at AS "signedAt", p.light, p.light_evaluated_at AS "lightEvaluatedAt",
  p.contract_id AS "contractId", p.location, p.description, p.created_by AS "createdBy"`;

export const GET_PROJECT = `SELECT ${PROJECT_COLUMNS} FROM projects p
  WHERE p.id = $1 AND p.deleted_at IS NULL`;

/**
 * A park and its sub-parks, some stages, one page in code order with the total: as the API,
 * the predicates of the filters given and no others (an `$n IS NULL OR …` form plans worse).
 */
export function listProjects(
  filters: { parkId?: string; stages?: string[] },
  limit: number,
  offset: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = ['p.deleted_at IS NULL'];
  if (filters.parkId) {
    params.push(filters.parkId);
    where.push(
      `p.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $${params.length})`,
    );
  }
  if (filters.stages) {
    params.push(filters.stages);
    where.push(`p.stage = ANY($${params.length}::varchar[])`);
  }
  params.push(limit, offset);
  const sql = `SELECT ${PROJECT_COLUMNS}, count(*) OVER()::int AS "__total"
    FROM projects p WHERE ${where.join(' AND ')}
   ORDER BY p.code ASC NULLS LAST, p.id
   LIMIT $${params.length - 1} OFFSET $${params.length}`;
  return { sql, params };
}

export const INSERT_PROJECT = `INSERT INTO projects (code, name, park_id, levels,
    planned_investment, start_date, planned_completion_date, created_by)
  VALUES ($1, $2, $3, $4::varchar[], $5, $6, $7, $8)
  RETURNING ${PROJECT_COLUMNS.replace(/p\./g, '')}`;

/**
 * The same insert with what the API adds to it (BENCH_REFERENCE_AUDIT=1): the park must exist,
 * and an audit row holding the created row is written in the same statement.
 */
export const INSERT_PROJECT_AUDITED = `WITH row AS (
    INSERT INTO projects (code, name, park_id, levels, planned_investment, start_date,
                          planned_completion_date, created_by)
    SELECT $1, $2, $3::uuid, $4::varchar[], $5::numeric, $6::date, $7::date, $8::uuid
     WHERE EXISTS (SELECT 1 FROM parks x WHERE x.id = $3::uuid)
    RETURNING ${PROJECT_COLUMNS.replace(/p\./g, '')}),
  audit AS (
    INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, after)
    SELECT $8::uuid, 'project', row.id, row."parkId", 'create', to_jsonb(row) FROM row)
  SELECT * FROM row`;

/** One part of the overview: its key in the answer, SQL, and which of (time zone, year) it takes. */
export interface OverviewPart {
  key: string;
  sql: string;
  params: ('timeZone' | 'year')[];
}

const YEAR = `make_date($1, 1, 1) AS start, make_date($1 + 1, 1, 1) AS stop`;
const WEEKS = `SELECT (date_trunc('week', (now() AT TIME ZONE $1)::date) - i * interval '7 days')::date
                 AS week FROM generate_series(0, 11) i`;

/**
 * The zone overview computed live from the base tables, as a hand-written server would: a few
 * statements sent together, each one pass over its table. Projects and investment by stage,
 * cluster and light in one grouping pass; by level (a project once per level it has); this
 * year's contracts; overdue milestones; the zone's targets (its top-level parks) with actual,
 * percent and pace; a 12-week trend of new contracts, verified investment and stage changes.
 */
export const OVERVIEW_FROM_BASE_TABLES: OverviewPart[] = [
  {
    key: 'rollup',
    params: [],
    sql: `SELECT stage, cluster_id AS "clusterId", light, count(*)::int AS projects,
                 sum(planned_investment)::text AS "plannedInvestment",
                 sum(realized_investment)::text AS "verifiedInvestment"
            FROM projects WHERE deleted_at IS NULL
           GROUP BY GROUPING SETS ((stage), (cluster_id), (light), ())`,
  },
  {
    key: 'byLevel',
    params: [],
    sql: `SELECT level, count(*)::int AS projects,
                 sum(planned_investment)::text AS "plannedInvestment",
                 sum(realized_investment)::text AS "verifiedInvestment"
            FROM projects CROSS JOIN LATERAL unnest(levels) AS level
           WHERE deleted_at IS NULL GROUP BY level ORDER BY level`,
  },
  {
    key: 'overdueMilestones',
    params: ['timeZone'],
    sql: `SELECT count(*)::int AS n
            FROM milestones m JOIN projects p ON p.id = m.project_id AND p.deleted_at IS NULL
           WHERE m.completed_at IS NULL AND m.due_date < (now() AT TIME ZONE $1)::date`,
  },
  {
    key: 'targets',
    params: ['year', 'timeZone'],
    sql: `WITH yr AS (SELECT ${YEAR}),
          verified AS (SELECT coalesce(sum(amount) FILTER (WHERE purpose = 'capital'), 0) AS capital,
                              coalesce(sum(amount) FILTER (WHERE purpose = 'rd'), 0) AS rd
                         FROM investment_tranches, yr
                        WHERE verified_at IS NOT NULL AND date >= yr.start AND date < yr.stop),
          signed AS (SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM contracts, yr
                      WHERE status <> 'terminated' AND signed_at >= yr.start AND signed_at < yr.stop),
          projects_year AS (
            SELECT count(*) FILTER (WHERE start_date >= yr.start AND start_date < yr.stop
                     AND stage IN ('under_construction', 'completed', 'in_operation')) AS started,
                   count(*) FILTER (WHERE planned_completion_date >= yr.start
                     AND planned_completion_date < yr.stop
                     AND stage IN ('completed', 'in_operation')) AS completed,
                   coalesce(sum(expected_annual_output) FILTER (WHERE stage = 'in_operation'), 0)
                     AS output
              FROM projects, yr WHERE deleted_at IS NULL),
          actuals(metric, actual) AS (
            SELECT 'investment_verified', capital FROM verified
            UNION ALL SELECT 'rd_investment', rd FROM verified
            UNION ALL SELECT 'contracts_signed', n FROM signed
            UNION ALL SELECT 'contract_amount', amount FROM signed
            UNION ALL SELECT 'projects_started', started FROM projects_year
            UNION ALL SELECT 'projects_completed', completed FROM projects_year
            UNION ALL SELECT 'industrial_output', output FROM projects_year
            UNION ALL SELECT 'leading_enterprises', count(*) FROM enterprises
                       WHERE fortune_global500 OR china_top500 OR chain_master)
          SELECT t.metric, t.target::text AS target, a.actual::text AS actual,
                 round(100 * a.actual / nullif(t.target, 0), 1)::text AS percent,
                 round(100.0 * ((now() AT TIME ZONE $2)::date - yr.start + 1)
                       / (yr.stop - yr.start), 1)::text AS pace
            FROM (SELECT t.metric, sum(t.value) AS target FROM targets t
                    JOIN parks p ON p.id = t.park_id AND p.parent_id IS NULL
                   WHERE t.year = $1 GROUP BY t.metric) t
            JOIN actuals a ON a.metric = t.metric CROSS JOIN yr
           ORDER BY t.metric`,
  },
  {
    key: 'trend',
    params: ['timeZone'],
    sql: `WITH weeks AS (${WEEKS})
          SELECT w.week, coalesce(c.n, 0)::int AS "newContracts",
                 coalesce(v.amount, 0)::text AS "verifiedInvestment",
                 coalesce(s.n, 0)::int AS "stageChanges"
            FROM weeks w
            LEFT JOIN (SELECT date_trunc('week', signed_at)::date AS week, count(*) AS n
                         FROM contracts
                        WHERE status <> 'terminated' AND signed_at >= (SELECT min(week) FROM weeks)
                        GROUP BY 1) c ON c.week = w.week
            LEFT JOIN (SELECT date_trunc('week', date)::date AS week, sum(amount) AS amount
                         FROM investment_tranches
                        WHERE verified_at IS NOT NULL AND date >= (SELECT min(week) FROM weeks)
                        GROUP BY 1) v ON v.week = w.week
            LEFT JOIN (SELECT date_trunc('week', at AT TIME ZONE $1)::date AS week, count(*) AS n
                         FROM project_transitions
                        WHERE at >= (SELECT min(week) FROM weeks) GROUP BY 1) s ON s.week = w.week
           ORDER BY w.week`,
  },
];
