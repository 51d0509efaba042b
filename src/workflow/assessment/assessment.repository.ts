import { Injectable } from '@nestjs/common';
import { type Actor, isAdmin, scopeSql } from '../../common/auth/actor.js';
import { Db, type Queryable } from '../../common/database/db.service.js';
import { EntitySql } from '../../common/database/entity-sql.js';
import type { ListRequest } from '../../common/pagination/list-page.js';
import type { SortSpec } from '../../common/pagination/list-query.dto.js';
import {
  Assessment,
  AssessmentFormula,
  AssessmentScore,
  type FormulaMeasure,
  type SubjectType,
} from './assessment.entity.js';
import type { AssessmentScoreView, AssessmentSummary } from './dto/assessment.dto.js';
import type { ScoreParts } from './scoring.js';

export interface NewScore {
  subjectType: SubjectType;
  subjectId: string;
  subjectName: string;
  score: number | null;
  parts: ScoreParts;
}

const FINAL = 'COALESCE(s.adjusted_score, s.score)';

/** The SQL of assessments: formulas, runs and their scores, ranks, reads and adjustments. */
@Injectable()
export class AssessmentRepository {
  readonly assessments: EntitySql;
  readonly scores: EntitySql;
  readonly formulas: EntitySql;

  constructor(private readonly db: Db) {
    this.assessments = new EntitySql(db.dataSource, Assessment);
    this.scores = new EntitySql(db.dataSource, AssessmentScore);
    this.formulas = new EntitySql(db.dataSource, AssessmentFormula);
  }

  /** The highest version: the formula every new run uses. */
  currentFormula(q: Queryable = this.db): Promise<AssessmentFormula | undefined> {
    return q.one<AssessmentFormula>(
      `SELECT ${this.formulas.select('f')} FROM assessment_formulas f
        ORDER BY f.version DESC LIMIT 1`,
    );
  }

  listFormulas(): Promise<AssessmentFormula[]> {
    return this.db.query<AssessmentFormula>(
      `SELECT ${this.formulas.select('f')} FROM assessment_formulas f ORDER BY f.version DESC`,
    );
  }

  /** Serialises writers of one key until the transaction ends (runs of a period, new versions). */
  async lock(q: Queryable, key: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }

  async insertFormula(
    q: Queryable,
    measures: FormulaMeasure[],
    description: string | null,
    createdBy: string,
    createdAt: Date,
  ): Promise<AssessmentFormula> {
    const [row] = await q.query<AssessmentFormula>(
      `INSERT INTO assessment_formulas AS f (version, measures, description, created_by, created_at)
       SELECT COALESCE(max(version), 0) + 1, $1::jsonb, $2::text, $3::uuid, $4::timestamptz
         FROM assessment_formulas
       RETURNING ${this.formulas.select('f')}`,
      [JSON.stringify(measures), description, createdBy, createdAt],
    );
    return row;
  }

  /** A new run of the period for the park (or the zone): the previous run + 1. */
  async insertAssessment(
    q: Queryable,
    values: {
      period: string;
      periodStart: string;
      periodEnd: string;
      measuredTo: string;
      parkId: string | null;
      formulaId: string;
      computedBy: string | null;
      computedAt: Date;
    },
  ): Promise<Assessment> {
    const [row] = await q.query<Assessment>(
      `INSERT INTO assessments AS a
              (period, period_start, period_end, park_id, formula_id, run, computed_by, computed_at,
               measured_to)
       SELECT $1::varchar, $2::date, $3::date, $4::uuid, $5::uuid, COALESCE(max(run), 0) + 1,
              $6::uuid, $7::timestamptz, $8::date
         FROM assessments WHERE period = $1::varchar AND park_id IS NOT DISTINCT FROM $4::uuid
       RETURNING ${this.assessments.select('a')}`,
      [
        values.period,
        values.periodStart,
        values.periodEnd,
        values.parkId,
        values.formulaId,
        values.computedBy,
        values.computedAt,
        values.measuredTo,
      ],
    );
    return row;
  }

  /** Every score of a run in one statement. */
  async insertScores(q: Queryable, assessmentId: string, scores: NewScore[], at: Date) {
    await q.query(
      `INSERT INTO assessment_scores
              (assessment_id, subject_type, subject_id, subject_name, score, parts,
               created_at, updated_at)
       SELECT $1, x."subjectType", x."subjectId", x."subjectName", x.score, x.parts, $3, $3
         FROM jsonb_to_recordset($2::jsonb)
              AS x("subjectType" varchar, "subjectId" uuid, "subjectName" varchar,
                   score float8, parts jsonb)`,
      [assessmentId, JSON.stringify(scores), at],
    );
  }

  /**
   * Ranks within each subject type by the final score (the adjusted one if set), 1 = best;
   * equal scores share a rank and the next rank skips (1, 2, 2, 4); no score, no rank. Ranks are
   * derived, so rows whose rank changes keep their version.
   */
  async rank(q: Queryable, assessmentId: string, subjectType?: SubjectType): Promise<void> {
    await q.query(
      `UPDATE assessment_scores t SET rank = r.rank
         FROM (SELECT s.id,
                      CASE WHEN ${FINAL} IS NULL THEN NULL
                           ELSE rank() OVER (PARTITION BY s.subject_type
                                             ORDER BY ${FINAL} DESC NULLS LAST) END AS rank
                 FROM assessment_scores s
                WHERE s.assessment_id = $1 AND ($2::varchar IS NULL OR s.subject_type = $2)) r
        WHERE t.id = r.id AND t.rank IS DISTINCT FROM r.rank`,
      [assessmentId, subjectType ?? null],
    );
  }

  /**
   * Who may read an assessment: admins any; everyone else those of a park in their scope
   * (zone-wide assessments are the admins').
   */
  visibleSql(actor: Actor, alias: string, params: unknown[]): string {
    if (isAdmin(actor)) return 'true';
    params.push(actor.parkIds);
    return `${alias}.park_id IN (SELECT descendant_id FROM park_closure
                                  WHERE ancestor_id = ANY($${params.length}::uuid[]))`;
  }

  /** An assessment the actor may read; `lock` holds its row until the transaction ends. */
  async findAssessment(
    q: Queryable,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<Assessment | undefined> {
    const params: unknown[] = [id];
    return q.one<Assessment>(
      `SELECT ${this.assessments.select('a')} FROM assessments a
        WHERE a.id = $1 AND ${this.visibleSql(actor, 'a', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
  }

  findFormula(q: Queryable, id: string): Promise<AssessmentFormula | undefined> {
    return q.one<AssessmentFormula>(
      `SELECT ${this.formulas.select('f')} FROM assessment_formulas f WHERE f.id = $1`,
      [id],
    );
  }

  findScore(
    q: Queryable,
    assessmentId: string,
    scoreId: string,
    lock = false,
  ): Promise<AssessmentScore | undefined> {
    return q.one<AssessmentScore>(
      `SELECT ${this.scores.select('s')} FROM assessment_scores s
        WHERE s.id = $1 AND s.assessment_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [scoreId, assessmentId],
    );
  }

  async adjustScore(
    q: Queryable,
    scoreId: string,
    values: { adjustedScore: number | null; reason: string; adjustedBy: string; at: Date },
  ): Promise<void> {
    await q.query(
      `UPDATE assessment_scores
          SET adjusted_score = $2, adjustment_reason = $3, adjusted_by = $4, adjusted_at = $5,
              updated_at = $5, version = version + 1
        WHERE id = $1`,
      [scoreId, values.adjustedScore, values.reason, values.adjustedBy, values.at],
    );
  }

  /** The columns of a list item: the run, its park's name, its formula's version. */
  private summarySelect(): string {
    return `${this.assessments.select('a')}, pk.name AS "parkName", f.version AS "formulaVersion"`;
  }

  private readonly summaryFrom = `assessments a
    JOIN assessment_formulas f ON f.id = a.formula_id
    LEFT JOIN parks pk ON pk.id = a.park_id`;

  /** The list of assessments the actor may read, filtered and sorted, for listResponse. */
  listRequest(
    actor: Actor,
    filters: { period?: string; parkId?: string },
    sort: SortSpec,
    page: number,
    limit: number,
    csv: boolean,
  ): ListRequest {
    const params: unknown[] = [];
    const where = [this.visibleSql(actor, 'a', params)];
    if (filters.period) where.push(`a.period = $${params.push(filters.period)}`);
    if (filters.parkId) where.push(`a.park_id = $${params.push(filters.parkId)}::uuid`);
    const direction = sort.descending ? 'DESC' : 'ASC';
    return {
      csv: csv
        ? {
            columns: [...this.assessments.properties, 'parkName', 'formulaVersion'],
            filename: 'assessments',
          }
        : undefined,
      select: this.summarySelect(),
      from: this.summaryFrom,
      where,
      params,
      orderBy: `${this.assessments.col(sort.field, 'a')} ${direction}`,
      idColumn: 'a.id',
      page,
      limit,
    };
  }

  findSummary(actor: Actor, id: string): Promise<AssessmentSummary | undefined> {
    const params: unknown[] = [id];
    return this.db.one<AssessmentSummary>(
      `SELECT ${this.summarySelect()} FROM ${this.summaryFrom}
        WHERE a.id = $1 AND ${this.visibleSql(actor, 'a', params)}`,
      params,
    );
  }

  /** The park exists and is in the actor's scope. */
  async parkVisible(actor: Actor, parkId: string): Promise<boolean> {
    const params: unknown[] = [parkId];
    const row = await this.db.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', params)}`,
      params,
    );
    return Boolean(row);
  }

  /** How many scores each subject type has in an assessment. */
  async scoreTotals(assessmentId: string): Promise<Partial<Record<SubjectType, number>>> {
    const rows = await this.db.query<{ subjectType: SubjectType; total: number }>(
      `SELECT subject_type AS "subjectType", count(*)::int AS total
         FROM assessment_scores WHERE assessment_id = $1 GROUP BY subject_type`,
      [assessmentId],
    );
    return Object.fromEntries(rows.map((r) => [r.subjectType, r.total]));
  }

  /** One page of each subject type's scores (or of one type), best first: one statement. */
  async scorePages(
    assessmentId: string,
    subjectType: SubjectType | undefined,
    page: number,
    limit: number,
  ): Promise<AssessmentScoreView[]> {
    const rows = await this.db.query<AssessmentScoreView & { n: string }>(
      `SELECT x.* FROM (
         SELECT ${this.scores.select('s')}, ${FINAL} AS "finalScore",
                row_number() OVER (PARTITION BY s.subject_type
                                   ORDER BY s.rank ASC NULLS LAST, s.subject_name, s.subject_id) AS n
           FROM assessment_scores s
          WHERE s.assessment_id = $1 AND ($2::varchar IS NULL OR s.subject_type = $2)) x
        WHERE x.n > $3 AND x.n <= $3 + $4
        ORDER BY x."subjectType", x.n`,
      [assessmentId, subjectType ?? null, (page - 1) * limit, limit],
    );
    return rows.map(({ n: _n, ...row }) => row);
  }

  /** One score as the API shows it, with its final score. */
  scoreView(q: Queryable, scoreId: string): Promise<AssessmentScoreView | undefined> {
    return q.one<AssessmentScoreView>(
      `SELECT ${this.scores.select('s')}, ${FINAL} AS "finalScore"
         FROM assessment_scores s WHERE s.id = $1`,
      [scoreId],
    );
  }
}
