/**
 * The statements that fill the benchmark database, in load order. Rows are made by the server
 * (INSERT … SELECT over generate_series): nothing crosses the wire but the SQL, and 1,000,000
 * milestones take seconds. random() is seeded per session (setseed) so two runs build the same
 * shape of data.
 */

export const PARKS = 50;
export const PROJECTS = 100_000;
export const MILESTONES_PER_PROJECT = 10;
export const ENTERPRISES = 5_000;
export const OFFICERS = 200;
export const CONTRACTS = 20_000;

/** Tables loaded in bulk: their foreign keys and secondary indexes are built after the load. */
export const BIG_TABLES = [
  'projects',
  'milestones',
  'progress_updates',
  'investment_tranches',
  'project_transitions',
  'contracts',
];

/** One timed step: one or more statements sent as one simple query (no parameters). */
export interface LoadStep {
  label: string;
  sql: string;
}

/** A string as an SQL literal (values here are ours, but a quote must not break the SQL). */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const STAGES = `CASE
  WHEN rs < 0.10 THEN 'lead' WHEN rs < 0.20 THEN 'negotiating' WHEN rs < 0.30 THEN 'signed'
  WHEN rs < 0.40 THEN 'preparing' WHEN rs < 0.70 THEN 'under_construction'
  WHEN rs < 0.80 THEN 'completed' WHEN rs < 0.92 THEN 'in_operation'
  WHEN rs < 0.97 THEN 'on_hold' ELSE 'dropped' END`;

// levels are a set stored in PROJECT_LEVELS order, as the API normalises them
const LEVEL_SETS = `(ARRAY['{municipal}', '{provincial,municipal}', '{district}',
  '{national,provincial,municipal}', '{}', '{municipal,district}'])`;

/** Parks (some nested two deep), clusters, users and enterprises: small, FKs checked as they go. */
export function registrySteps(adminEmail: string, adminHash: string): LoadStep[] {
  const park = (n: string) => `'BP' || lpad((${n})::text, 2, '0')`;
  return [
    {
      label: 'parks',
      // parents first, one statement per depth: the closure trigger reads the parent's rows
      sql: `
        INSERT INTO parks (name, code, kind, city, province, area_sq_km)
        SELECT 'Bench park ' || g, ${park('g')},
               CASE WHEN g = 1 THEN 'zone' WHEN g <= 10 THEN 'district' ELSE 'industrial_park' END,
               'Weihai', 'Shandong', 5 + g
          FROM generate_series(1, 40) g;
        INSERT INTO parks (name, code, kind, parent_id, city, province, area_sq_km)
        SELECT 'Bench sub-park ' || g, ${park('g')}, 'innovation_center',
               (SELECT id FROM parks WHERE code = ${park('g - 40')}), 'Weihai', 'Shandong', 2
          FROM generate_series(41, 45) g;
        INSERT INTO parks (name, code, kind, parent_id, city, province, area_sq_km)
        SELECT 'Bench sub-centre ' || g, ${park('g')}, 'sub_center',
               (SELECT id FROM parks WHERE code = ${park('g - 5')}), 'Ningbo', 'Zhejiang', 1
          FROM generate_series(46, ${PARKS}) g;`,
    },
    {
      label: 'clusters',
      sql: `
        INSERT INTO industry_clusters (park_id, name, area_sq_km, scale_target)
        SELECT p.id, c.name, round((2 + random() * 10)::numeric, 1),
               round((1e9 + random() * 1e11)::numeric, 2)
          FROM parks p
         CROSS JOIN (VALUES ('Electronic information'), ('Medical devices'),
                            ('New energy vehicles')) c(name)`,
    },
    {
      label: 'users',
      sql: `
        INSERT INTO users (email, name, password_hash, role)
        VALUES (${literal(adminEmail)}, 'Bench admin', ${literal(adminHash)}, 'admin');
        INSERT INTO users (email, name, password_hash, role)
        SELECT 'bench-manager-' || g || '@bench.example', 'Manager ' || g, 'not-a-hash', 'manager'
          FROM generate_series(1, 10) g;
        INSERT INTO users (email, name, password_hash, role)
        SELECT 'bench-officer-' || lpad(g::text, 3, '0') || '@bench.example', 'Officer ' || g,
               'not-a-hash', 'officer'
          FROM generate_series(1, ${OFFICERS}) g;
        INSERT INTO user_parks (user_id, park_id)
        SELECT u.id, p.id
          FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users
                 WHERE role = 'officer') u
          JOIN (SELECT id, row_number() OVER (ORDER BY code) AS n FROM parks) p
            ON p.n = 1 + (u.n - 1) % ${PARKS}`,
    },
    {
      label: 'enterprises',
      sql: `
        WITH p AS (SELECT id, row_number() OVER (ORDER BY code)::int AS n FROM parks),
             c AS (SELECT park_id, array_agg(id ORDER BY name) AS ids
                     FROM industry_clusters GROUP BY park_id)
        INSERT INTO enterprises (name, park_id, cluster_id, fortune_global500, china_top500,
                                 listed, chain_master)
        SELECT 'Bench enterprise ' || lpad(g::text, 5, '0'), p.id,
               CASE WHEN g % 5 = 0 THEN NULL ELSE c.ids[1 + g % 3] END,
               g % 97 = 0, g % 41 = 0, g % 7 = 0, g % 101 = 0
          FROM generate_series(1, ${ENTERPRISES}) g
          JOIN p ON p.n = 1 + g % ${PARKS}
          JOIN c ON c.park_id = p.id`,
    },
    {
      label: 'chains',
      // each chain master: two segments up, two down, and eight members of its park
      sql: `
        INSERT INTO chain_segments (chain_master_id, position, name)
        SELECT e.id, s.position, s.name
          FROM enterprises e
         CROSS JOIN (VALUES ('upstream', 'Materials'), ('upstream', 'Components'),
                            ('downstream', 'Assembly'), ('downstream', 'Logistics')) s(position, name)
         WHERE e.chain_master;
        INSERT INTO chain_links (chain_master_id, enterprise_id, position, segment)
        SELECT m.id, x.id, CASE WHEN x.k % 2 = 0 THEN 'upstream' ELSE 'downstream' END,
               (ARRAY['Materials', 'Assembly', 'Components'])[1 + x.k % 3]
          FROM enterprises m
          JOIN LATERAL (SELECT e.id, row_number() OVER (ORDER BY e.name) AS k
                          FROM enterprises e
                         WHERE e.park_id = m.park_id AND e.id <> m.id
                         LIMIT 8) x ON true
         WHERE m.chain_master`,
    },
  ];
}

/** The big tables, loaded while their foreign keys and secondary indexes are away. */
export function bulkSteps(adminEmail: string): LoadStep[] {
  const admin = `(SELECT id FROM users WHERE email = ${literal(adminEmail)})`;
  return [
    {
      label: `projects (${PROJECTS.toLocaleString('en')})`,
      sql: `
        WITH p AS (SELECT id, row_number() OVER (ORDER BY code)::int AS n FROM parks),
             c AS (SELECT park_id, array_agg(id ORDER BY name) AS ids
                     FROM industry_clusters GROUP BY park_id),
             e AS (SELECT park_id, array_agg(id ORDER BY name) AS ids
                     FROM enterprises GROUP BY park_id),
             o AS (SELECT up.park_id, array_agg(u.id ORDER BY u.email) AS ids
                     FROM users u JOIN user_parks up ON up.user_id = u.id GROUP BY up.park_id),
             r AS (SELECT g, random() AS rs, random() AS rp, random() AS ri, random() AS rl,
                          -- created up to three years ago
                          (current_date - floor(random() * 1100)::int) AS created
                     FROM generate_series(1, ${PROJECTS}) g),
             s AS (SELECT r.*, ${STAGES} AS stage,
                          -- a skewed spread: the first parks hold many more projects
                          1 + floor(power(rp, 1.6) * ${PARKS})::int AS pn
                     FROM r)
        INSERT INTO projects (code, name, park_id, cluster_id, enterprise_id, levels, stage,
               planned_investment, annual_planned_investment, expected_annual_output,
               start_date, planned_completion_date, signed_at, leader_name, department,
               officer_id, light, light_evaluated_at, location, created_by, created_at, updated_at)
        SELECT 'BP-' || lpad(s.g::text, 6, '0'), 'Bench key project ' || s.g, p.id,
               CASE WHEN s.g % 5 = 0 THEN NULL ELSE c.ids[1 + s.g % 3] END,
               CASE WHEN s.g % 10 = 0 THEN NULL ELSE e.ids[1 + s.g % cardinality(e.ids)] END,
               ${LEVEL_SETS}[1 + s.g % 6]::varchar[],
               s.stage,
               round((1e7 + power(s.ri, 3) * 5e9)::numeric, 2),
               round((1e6 + power(s.ri, 3) * 1e9)::numeric, 2),
               CASE WHEN s.g % 3 = 0 THEN NULL ELSE round((2e7 + s.ri * 8e9)::numeric, 2) END,
               CASE WHEN s.stage IN ('lead', 'negotiating', 'signed') THEN NULL
                    ELSE s.created + 60 END,
               CASE WHEN s.stage IN ('lead', 'negotiating', 'signed') THEN NULL
                    ELSE s.created + 60 + 300 + floor(s.rl * 600)::int END,
               CASE WHEN s.stage IN ('lead', 'negotiating') THEN NULL
                    ELSE least(s.created + 30, current_date) END,
               'Leader ' || (1 + s.g % 40), 'Department ' || (1 + s.g % 12),
               o.ids[1 + s.g % cardinality(o.ids)],
               CASE WHEN s.stage IN ('completed', 'in_operation', 'dropped', 'on_hold') THEN NULL
                    WHEN s.rl < 0.70 THEN 'green' WHEN s.rl < 0.90 THEN 'yellow' ELSE 'red' END,
               CASE WHEN s.stage IN ('completed', 'in_operation', 'dropped', 'on_hold') THEN NULL
                    ELSE now() END,
               'Plot ' || s.g, ${admin}, s.created::timestamptz, s.created::timestamptz
          FROM s
          JOIN p ON p.n = s.pn
          JOIN c ON c.park_id = p.id
          JOIN e ON e.park_id = p.id
          JOIN o ON o.park_id = p.id`,
    },
    {
      label: `contracts (${CONTRACTS.toLocaleString('en')})`,
      sql: `
        WITH p AS (SELECT id, row_number() OVER (ORDER BY code)::int AS n FROM parks),
             e AS (SELECT park_id, array_agg(id ORDER BY name) AS ids
                     FROM enterprises GROUP BY park_id)
        INSERT INTO contracts (code, title, signed_at, park_id, enterprise_id, amount, status,
                               created_by, created_at, updated_at)
        SELECT 'BC-' || lpad(g::text, 6, '0'), 'Bench contract ' || g, d.signed, p.id,
               e.ids[1 + g % cardinality(e.ids)], round((1e6 + power(random(), 3) * 5e9)::numeric, 2),
               (ARRAY['signed', 'registered', 'funds_in_place', 'signed', 'terminated'])[1 + g % 5],
               ${admin}, d.signed::timestamptz, d.signed::timestamptz
          FROM generate_series(1, ${CONTRACTS}) g
          CROSS JOIN LATERAL (SELECT current_date - floor(random() * 1100)::int AS signed,
                                     1 + floor(power(random(), 1.6) * ${PARKS})::int AS pn
                               WHERE g > 0) d
          JOIN p ON p.n = d.pn
          JOIN e ON e.park_id = p.id`,
    },
    {
      label: `milestones (${(PROJECTS * MILESTONES_PER_PROJECT).toLocaleString('en')})`,
      // ten per project, 45 days apart around its start; past ones mostly done, some overdue
      sql: `
        INSERT INTO milestones (project_id, title, kind, due_date, completed_at, owner_id,
                                created_at, updated_at)
        SELECT p.id, 'Milestone ' || i,
               (ARRAY['land', 'permits', 'groundbreaking', 'topping_out', 'equipment',
                      'trial_production', 'completion', 'other', 'other', 'other'])[i],
               d.due,
               CASE WHEN d.due < current_date
                         AND (p.stage IN ('completed', 'in_operation') OR random() < 0.92)
                    THEN least(d.due + interval '3 days', now()) END,
               CASE WHEN i % 4 = 0 THEN NULL ELSE p.officer_id END,
               p.created_at, p.created_at
          FROM projects p
         CROSS JOIN generate_series(1, ${MILESTONES_PER_PROJECT}) i
         CROSS JOIN LATERAL (SELECT coalesce(p.start_date, p.created_at::date) + (i - 3) * 45
                                    AS due) d`,
    },
    {
      label: 'progress updates',
      sql: `
        INSERT INTO progress_updates (project_id, date, note, percent_complete, created_by,
                                      created_at, updated_at)
        SELECT p.id, d.day, 'Works on schedule (update ' || i || ')', least(100, i * 25 + 10),
               p.officer_id, d.day::timestamptz, d.day::timestamptz
          FROM projects p
         CROSS JOIN generate_series(1, 3) i
         CROSS JOIN LATERAL (SELECT greatest(p.created_at::date,
                                    current_date - (i * 25 + floor(random() * 25))::int) AS day) d
         WHERE p.stage IN ('preparing', 'under_construction', 'completed')`,
    },
    {
      label: 'investment tranches',
      sql: `
        INSERT INTO investment_tranches (project_id, date, amount, evidence_ref, purpose,
                                         verified_at, verified_by, created_by, created_at,
                                         updated_at)
        SELECT p.id, d.day, round(p.planned_investment * (0.05 + random() * 0.2)::numeric, 2),
               'VOUCHER-' || left(p.id::text, 8) || '-' || i,
               CASE WHEN random() < 0.1 THEN 'rd' ELSE 'capital' END,
               CASE WHEN d.verified THEN d.day + interval '2 days' END,
               CASE WHEN d.verified THEN ${admin} END,
               p.officer_id, d.day::timestamptz, d.day::timestamptz
          FROM projects p
         CROSS JOIN generate_series(1, 2) i
         CROSS JOIN LATERAL (SELECT p.created_at::date
                                    + floor(random() * (current_date - p.created_at::date))::int
                                    AS day,
                                    random() < 0.8 AS verified
                              WHERE i > 0) d
         WHERE p.stage IN ('preparing', 'under_construction', 'completed', 'in_operation');
        -- realized investment is the verified sum, never a typed-in total
        UPDATE projects p SET realized_investment = t.verified
          FROM (SELECT project_id, sum(amount) AS verified FROM investment_tranches
                 WHERE verified_at IS NOT NULL GROUP BY project_id) t
         WHERE t.project_id = p.id`,
    },
    {
      label: 'stage transitions',
      // the step into the current stage, and the signing for projects past it
      sql: `
        INSERT INTO project_transitions (project_id, from_stage, to_stage, reason, actor_id, at)
        SELECT p.id,
               CASE p.stage WHEN 'negotiating' THEN 'lead' WHEN 'signed' THEN 'negotiating'
                    WHEN 'preparing' THEN 'signed' WHEN 'under_construction' THEN 'preparing'
                    WHEN 'completed' THEN 'under_construction' WHEN 'in_operation' THEN 'completed'
                    WHEN 'on_hold' THEN 'under_construction' ELSE 'negotiating' END,
               p.stage, 'Bench history', p.officer_id,
               p.created_at + random() * (now() - p.created_at)
          FROM projects p WHERE p.stage <> 'lead';
        INSERT INTO project_transitions (project_id, from_stage, to_stage, reason, actor_id, at)
        SELECT p.id, 'negotiating', 'signed', 'Bench history', p.officer_id,
               p.signed_at::timestamptz
          FROM projects p
         WHERE p.stage IN ('preparing', 'under_construction', 'completed', 'in_operation')`,
    },
  ];
}

/** Targets for this year and last, per park and per cluster. */
export function targetSteps(year: number): LoadStep[] {
  // bases near what the data set reaches in a year per top-level park, so percents look real
  const metrics = `(VALUES ('investment_verified', 2.8e11, 'CNY'), ('industrial_output', 8e11, 'CNY'),
      ('leading_enterprises', 6, 'count'), ('contracts_signed', 120, 'count'),
      ('contract_amount', 1.4e11, 'CNY'), ('rd_investment', 3e10, 'CNY'),
      ('projects_started', 450, 'count'), ('projects_completed', 180, 'count')) m(metric, base, unit)`;
  return [
    {
      label: 'targets',
      sql: `
        INSERT INTO targets (park_id, year, metric, value, unit)
        SELECT p.id, y, m.metric, round((m.base * (0.5 + random()))::numeric, 0), m.unit
          FROM parks p CROSS JOIN (VALUES (${year - 1}), (${year})) yy(y) CROSS JOIN ${metrics};
        INSERT INTO targets (cluster_id, year, metric, value, unit)
        SELECT c.id, ${year}, m.metric, round((m.base * (0.1 + random() * 0.3))::numeric, 0), m.unit
          FROM industry_clusters c CROSS JOIN ${metrics}
         WHERE m.metric IN ('investment_verified', 'industrial_output', 'leading_enterprises')`,
    },
  ];
}
