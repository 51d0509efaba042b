import { ALL_CLUSTERS } from './summary-views.js';

/**
 * The actual of every target metric for an owner and a year, read from the summaries. Shared by
 * the targets (one target's actual) and the dashboards (a park's, a cluster's or the scope's).
 *
 * An owner is a row alias `w` with columns park_id (the owner park, the park of the owner
 * cluster, or ZONE), cluster_key (ALL_CLUSTERS for a park) and year. `actualsJoins(w)` joins
 * its summary rows (aliases ya, ye, yo) and `ACTUAL_COLUMNS` reads one column per metric from
 * them: money in yuan (CNY only), counts as integers. `yearActualsJoin(w)` wraps both as a
 * LATERAL join adding alias `a`, for one owner at a time.
 *
 * - investment_verified / rd_investment: tranches verified (verified_at) in the year, in the
 *   zone's calendar; rd_investment only those of purpose 'rd'.
 * - contracts_signed / contract_amount: contracts signed (signed_at) in the year and not
 *   terminated; the amount sums CNY contracts only. A contract belongs to a cluster through the
 *   key project it feeds.
 * - projects_started / projects_completed: projects whose first move into under_construction /
 *   completed happened in the year.
 * - industrial_output: the expected annual output of the projects in operation at the year's
 *   end (for the running year: in operation now), a proxy until real output is reported.
 * - leading_enterprises: enterprises of the park (sub-parks included) or cluster flagged Fortune
 *   Global 500, China Top 500, listed or chain master: today's count, whatever the year.
 */
export const actualsJoins = (w: string) => `
  LEFT JOIN dashboard_yearly_actuals ya
         ON ya.park_id = ${w}.park_id AND ya.cluster_key = ${w}.cluster_key AND ya.year = ${w}.year
  LEFT JOIN dashboard_enterprise_summary ye
         ON ye.park_id = ${w}.park_id AND ye.cluster_key = ${w}.cluster_key
  LEFT JOIN LATERAL (
         SELECT sum(s.output_cny) AS output FROM dashboard_output_spans s
          WHERE s.park_id = ${w}.park_id AND s.cluster_key = ${w}.cluster_key
            AND s.from_year <= ${w}.year AND s.to_year > ${w}.year) yo ON true`;

export const ACTUAL_COLUMNS = `
  COALESCE(ya.investment_verified, 0.00) AS investment_verified,
  COALESCE(ya.rd_investment, 0.00) AS rd_investment,
  COALESCE(ya.contracts_signed, 0) AS contracts_signed,
  COALESCE(ya.contract_amount, 0.00) AS contract_amount,
  COALESCE(ya.projects_started, 0) AS projects_started,
  COALESCE(ya.projects_completed, 0) AS projects_completed,
  COALESCE(yo.output, 0.00) AS industrial_output,
  COALESCE(ye.leading, 0) AS leading_enterprises`;

export const yearActualsJoin = (w: string) =>
  `LEFT JOIN LATERAL (SELECT ${ACTUAL_COLUMNS} FROM (SELECT 1) one ${actualsJoins(w)}) a ON true`;

/** The actual of the metric named by `metric` (a SQL expression) from alias `a`, as numeric. */
export const metricActual = (metric: string) => `(CASE ${metric}
    WHEN 'investment_verified' THEN a.investment_verified
    WHEN 'rd_investment' THEN a.rd_investment
    WHEN 'contracts_signed' THEN a.contracts_signed
    WHEN 'contract_amount' THEN a.contract_amount
    WHEN 'projects_started' THEN a.projects_started
    WHEN 'projects_completed' THEN a.projects_completed
    WHEN 'industrial_output' THEN a.industrial_output
    WHEN 'leading_enterprises' THEN a.leading_enterprises
  END)`;

/** The metrics of alias `a` as a JSON object, camelCased; money as decimal strings. */
export const actualsJson = (agg: (column: string) => string = (c) => `a.${c}`) =>
  `json_build_object(
    'investmentVerified', (${agg('investment_verified')})::numeric(20,2)::text,
    'rdInvestment', (${agg('rd_investment')})::numeric(20,2)::text,
    'contractsSigned', (${agg('contracts_signed')})::int,
    'contractAmount', (${agg('contract_amount')})::numeric(20,2)::text,
    'projectsStarted', (${agg('projects_started')})::int,
    'projectsCompleted', (${agg('projects_completed')})::int,
    'industrialOutput', (${agg('industrial_output')})::numeric(20,2)::text,
    'leadingEnterprises', (${agg('leading_enterprises')})::int)`;

/** The owner row of a target (alias t, clusters joined as ic) for yearActualsJoin. */
export const TARGET_OWNER = `CROSS JOIN LATERAL (
    SELECT COALESCE(t.park_id, ic.park_id) AS park_id,
           COALESCE(t.cluster_id, '${ALL_CLUSTERS}'::uuid) AS cluster_key, t.year) w`;
