import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../common/database/db.service.js';
import type { MeasureKey, SubjectType } from './assessment.entity.js';
import type { MeasureCounts } from './scoring.js';

/** The measures counted in SQL; targets_on_pace has no table yet and never applies. */
const COUNTED: Exclude<MeasureKey, 'targets_on_pace'>[] = [
  'milestones_on_time',
  'investment_verified_vs_plan',
  'contracts_honoured',
  'starts_and_completions_on_time',
  'supervision_closed_in_time',
];

export interface SubjectCounts {
  subjectType: SubjectType;
  subjectId: string;
  subjectName: string;
  counts: MeasureCounts;
}

/** `<col>_num` and `<col>_den` of each counted measure, as the API's numbers. */
const countColumns = (alias: string) =>
  COUNTED.map(
    (key) =>
      `${alias}.${key}_num::float8 AS "${key}_num", ${alias}.${key}_den::float8 AS "${key}_den"`,
  ).join(',\n       ');

/**
 * Numerators and denominators of every measure for every subject of one assessment, in one
 * statement. $1 the park whose subtree is assessed (NULL: every park), $2 and $3 the first and
 * last day of the period, $4 the zone's time zone: instants (completed_at, closed_at, a
 * transition's at) count on the zone's calendar day they fall on. Each measure, numerator over
 * denominator, per project:
 *
 * - milestones_on_time: milestones due in the period and completed on or before their due day
 *   / milestones due in the period.
 * - investment_verified_vs_plan: verified tranches dated up to the period end, credited at most
 *   up to the denominator / the planned investment at planned pace on the period end: spread
 *   evenly over start_date … planned_completion_date (days, both ends counted; all of it once
 *   the planned completion has passed), rounded to cents. Needs both dates and a start on or
 *   before the period end, and a planned investment above 0.
 * - contracts_honoured (履约率): contracts signed up to the period end that are at
 *   funds_in_place / contracts signed up to the period end, whatever their status (a terminated
 *   one counts against). A project's contracts are those feeding it (contracts.project_id) or
 *   the one it was made from (projects.contract_id). The status is today's: contracts keep no
 *   dated status history.
 * - starts_and_completions_on_time (开竣工率): planned starts (start_date) and planned completions
 *   (planned_completion_date) falling in the period whose first move into under_construction,
 *   resp. completed, came on or before that day / planned starts and completions in the period.
 * - supervision_closed_in_time: items with a deadline in the period closed on or before it
 *   / items with a deadline in the period.
 *
 * A park sums the projects of its subtree for milestones, investment and starts; contracts and
 * supervision items count by their own park_id in the subtree (contracts without a project
 * too). An officer sums the projects in scope they are the officer of (a contract shared by two
 * of them counts once). Soft-deleted projects, and their supervision items, count nowhere.
 */
const MEASURES_SQL = `
WITH scope AS (
  SELECT pk.id, pk.name FROM parks pk
   WHERE $1::uuid IS NULL
      OR pk.id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $1::uuid)
),
proj AS (
  SELECT p.id, p.name, p.park_id, p.officer_id, p.contract_id, p.start_date,
         p.planned_completion_date, p.planned_investment
    FROM projects p
   WHERE p.deleted_at IS NULL AND p.park_id IN (SELECT id FROM scope)
),
milestone_counts AS (
  SELECT m.project_id,
         count(*) FILTER (WHERE (m.completed_at AT TIME ZONE $4)::date <= m.due_date) AS num,
         count(*) AS den
    FROM milestones m JOIN proj ON proj.id = m.project_id
   WHERE m.due_date BETWEEN $2::date AND $3::date
   GROUP BY m.project_id
),
planned_pace AS (
  SELECT proj.id AS project_id,
         round(proj.planned_investment
               * (LEAST($3::date, proj.planned_completion_date) - proj.start_date + 1)
               / (proj.planned_completion_date - proj.start_date + 1), 2) AS expected
    FROM proj
   WHERE proj.start_date <= $3::date AND proj.planned_completion_date IS NOT NULL
),
verified AS (
  SELECT t.project_id, sum(t.amount) AS amount
    FROM investment_tranches t JOIN planned_pace pp ON pp.project_id = t.project_id
   WHERE t.verified_at IS NOT NULL AND t.date <= $3::date
   GROUP BY t.project_id
),
investment_counts AS (
  SELECT pp.project_id, LEAST(COALESCE(v.amount, 0), pp.expected) AS num, pp.expected AS den
    FROM planned_pace pp LEFT JOIN verified v ON v.project_id = pp.project_id
),
firsts AS (
  SELECT t.project_id,
         (min(t.at) FILTER (WHERE t.to_stage = 'under_construction') AT TIME ZONE $4)::date
           AS started_on,
         (min(t.at) FILTER (WHERE t.to_stage = 'completed') AT TIME ZONE $4)::date
           AS completed_on
    FROM project_transitions t JOIN proj ON proj.id = t.project_id
   WHERE t.to_stage IN ('under_construction', 'completed')
   GROUP BY t.project_id
),
schedule_counts AS (
  SELECT proj.id AS project_id,
         COALESCE(proj.start_date BETWEEN $2::date AND $3::date
                  AND f.started_on <= proj.start_date, false)::int
         + COALESCE(proj.planned_completion_date BETWEEN $2::date AND $3::date
                    AND f.completed_on <= proj.planned_completion_date, false)::int AS num,
         COALESCE(proj.start_date BETWEEN $2::date AND $3::date, false)::int
         + COALESCE(proj.planned_completion_date BETWEEN $2::date AND $3::date, false)::int AS den
    FROM proj LEFT JOIN firsts f ON f.project_id = proj.id
),
project_contracts AS (
  SELECT proj.id AS project_id, proj.officer_id, c.id AS contract_id,
         c.status = 'funds_in_place' AS honoured
    FROM proj JOIN contracts c ON c.project_id = proj.id OR c.id = proj.contract_id
   WHERE c.signed_at <= $3::date
),
supervision AS (
  SELECT s.project_id, s.park_id,
         COALESCE(s.status = 'closed'
                  AND (s.closed_at AT TIME ZONE $4)::date <= s.deadline, false) AS in_time
    FROM supervision_items s JOIN projects p ON p.id = s.project_id AND p.deleted_at IS NULL
   WHERE s.deadline BETWEEN $2::date AND $3::date
     AND (s.park_id IN (SELECT id FROM scope) OR s.project_id IN (SELECT id FROM proj))
),
project_rows AS (
  SELECT proj.id, proj.name, proj.park_id, proj.officer_id,
         COALESCE(mc.num, 0) AS milestones_on_time_num,
         COALESCE(mc.den, 0) AS milestones_on_time_den,
         COALESCE(ic.num, 0) AS investment_verified_vs_plan_num,
         COALESCE(ic.den, 0) AS investment_verified_vs_plan_den,
         COALESCE(cc.num, 0) AS contracts_honoured_num,
         COALESCE(cc.den, 0) AS contracts_honoured_den,
         sc.num AS starts_and_completions_on_time_num,
         sc.den AS starts_and_completions_on_time_den,
         COALESCE(sv.num, 0) AS supervision_closed_in_time_num,
         COALESCE(sv.den, 0) AS supervision_closed_in_time_den
    FROM proj
    JOIN schedule_counts sc ON sc.project_id = proj.id
    LEFT JOIN milestone_counts mc ON mc.project_id = proj.id
    LEFT JOIN investment_counts ic ON ic.project_id = proj.id
    LEFT JOIN (SELECT project_id, count(*) FILTER (WHERE honoured) AS num, count(*) AS den
                 FROM project_contracts GROUP BY project_id) cc ON cc.project_id = proj.id
    LEFT JOIN (SELECT project_id, count(*) FILTER (WHERE in_time) AS num, count(*) AS den
                 FROM supervision GROUP BY project_id) sv ON sv.project_id = proj.id
),
park_projects AS (
  SELECT pc.ancestor_id AS park_id,
         sum(r.milestones_on_time_num) AS milestones_on_time_num,
         sum(r.milestones_on_time_den) AS milestones_on_time_den,
         sum(r.investment_verified_vs_plan_num) AS investment_verified_vs_plan_num,
         sum(r.investment_verified_vs_plan_den) AS investment_verified_vs_plan_den,
         sum(r.starts_and_completions_on_time_num) AS starts_and_completions_on_time_num,
         sum(r.starts_and_completions_on_time_den) AS starts_and_completions_on_time_den
    FROM project_rows r JOIN park_closure pc ON pc.descendant_id = r.park_id
   GROUP BY pc.ancestor_id
),
park_contracts AS (
  SELECT pc.ancestor_id AS park_id,
         count(*) FILTER (WHERE c.status = 'funds_in_place') AS num, count(*) AS den
    FROM contracts c JOIN park_closure pc ON pc.descendant_id = c.park_id
   WHERE c.signed_at <= $3::date AND pc.ancestor_id IN (SELECT id FROM scope)
   GROUP BY pc.ancestor_id
),
park_supervision AS (
  SELECT pc.ancestor_id AS park_id, count(*) FILTER (WHERE s.in_time) AS num, count(*) AS den
    FROM supervision s JOIN park_closure pc ON pc.descendant_id = s.park_id
   WHERE pc.ancestor_id IN (SELECT id FROM scope)
   GROUP BY pc.ancestor_id
),
park_rows AS (
  SELECT scope.id, scope.name,
         COALESCE(pp.milestones_on_time_num, 0) AS milestones_on_time_num,
         COALESCE(pp.milestones_on_time_den, 0) AS milestones_on_time_den,
         COALESCE(pp.investment_verified_vs_plan_num, 0) AS investment_verified_vs_plan_num,
         COALESCE(pp.investment_verified_vs_plan_den, 0) AS investment_verified_vs_plan_den,
         COALESCE(pcn.num, 0) AS contracts_honoured_num,
         COALESCE(pcn.den, 0) AS contracts_honoured_den,
         COALESCE(pp.starts_and_completions_on_time_num, 0) AS starts_and_completions_on_time_num,
         COALESCE(pp.starts_and_completions_on_time_den, 0) AS starts_and_completions_on_time_den,
         COALESCE(psv.num, 0) AS supervision_closed_in_time_num,
         COALESCE(psv.den, 0) AS supervision_closed_in_time_den
    FROM scope
    LEFT JOIN park_projects pp ON pp.park_id = scope.id
    LEFT JOIN park_contracts pcn ON pcn.park_id = scope.id
    LEFT JOIN park_supervision psv ON psv.park_id = scope.id
),
officer_contracts AS (
  SELECT officer_id, count(DISTINCT contract_id) FILTER (WHERE honoured) AS num,
         count(DISTINCT contract_id) AS den
    FROM project_contracts WHERE officer_id IS NOT NULL GROUP BY officer_id
),
officer_sums AS (
  SELECT r.officer_id,
         sum(r.milestones_on_time_num) AS milestones_on_time_num,
         sum(r.milestones_on_time_den) AS milestones_on_time_den,
         sum(r.investment_verified_vs_plan_num) AS investment_verified_vs_plan_num,
         sum(r.investment_verified_vs_plan_den) AS investment_verified_vs_plan_den,
         sum(r.starts_and_completions_on_time_num) AS starts_and_completions_on_time_num,
         sum(r.starts_and_completions_on_time_den) AS starts_and_completions_on_time_den,
         sum(r.supervision_closed_in_time_num) AS supervision_closed_in_time_num,
         sum(r.supervision_closed_in_time_den) AS supervision_closed_in_time_den
    FROM project_rows r WHERE r.officer_id IS NOT NULL GROUP BY r.officer_id
),
officer_rows AS (
  SELECT u.id, u.name, os.milestones_on_time_num, os.milestones_on_time_den,
         os.investment_verified_vs_plan_num, os.investment_verified_vs_plan_den,
         COALESCE(oc.num, 0) AS contracts_honoured_num,
         COALESCE(oc.den, 0) AS contracts_honoured_den,
         os.starts_and_completions_on_time_num, os.starts_and_completions_on_time_den,
         os.supervision_closed_in_time_num, os.supervision_closed_in_time_den
    FROM officer_sums os
    JOIN users u ON u.id = os.officer_id
    LEFT JOIN officer_contracts oc ON oc.officer_id = os.officer_id
)
SELECT 'project' AS "subjectType", r.id AS "subjectId", r.name AS "subjectName",
       ${countColumns('r')}
  FROM project_rows r
UNION ALL
SELECT 'park', r.id, r.name,
       ${countColumns('r')}
  FROM park_rows r
UNION ALL
SELECT 'officer', r.id, r.name,
       ${countColumns('r')}
  FROM officer_rows r`;

/** Counts the measures of an assessment's subjects in SQL; scoring.ts turns them into scores. */
@Injectable()
export class AssessmentMeasuresRepository {
  /** Counts for every project, park and officer in scope (see MEASURES_SQL). */
  async countMeasures(
    q: Queryable,
    parkId: string | null,
    start: string,
    end: string,
    timeZone: string,
  ): Promise<SubjectCounts[]> {
    const rows = await q.query<Record<string, string | number>>(MEASURES_SQL, [
      parkId,
      start,
      end,
      timeZone,
    ]);
    return rows.map((row) => ({
      subjectType: row.subjectType as SubjectType,
      subjectId: row.subjectId as string,
      subjectName: row.subjectName as string,
      counts: Object.fromEntries(
        COUNTED.map((key) => [
          key,
          { numerator: Number(row[`${key}_num`]), denominator: Number(row[`${key}_den`]) },
        ]),
      ),
    }));
  }
}
