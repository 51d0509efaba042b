import { Inject, Injectable } from '@nestjs/common';
import { writeAudit } from '../../common/audit/audit.writer.js';
import { type Actor, isAdmin } from '../../common/auth/actor.js';
import { Db } from '../../common/database/db.service.js';
import { assertVersion } from '../../common/database/optimistic-lock.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { listResponse } from '../../common/pagination/list-page.js';
import { parseSort } from '../../common/pagination/list-query.dto.js';
import type { Page } from '../../common/pagination/page.dto.js';
import { Clock } from '../../common/time/clock.js';
import { dateInZone } from '../../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../../config/app.config.js';
import { SUBJECT_TYPES, type SubjectType } from './assessment.entity.js';
import { AssessmentMeasuresRepository } from './assessment-measures.repository.js';
import { AssessmentRepository } from './assessment.repository.js';
import type {
  AdjustScoreDto,
  AssessmentDetail,
  AssessmentScoresQuery,
  AssessmentScoreView,
  AssessmentSummary,
  ListAssessmentsQuery,
  RunAssessmentDto,
} from './dto/assessment.dto.js';
import { parsePeriod, type Period } from './period.js';
import { scoreOf } from './scoring.js';

const FIRST_PAGE: AssessmentScoresQuery = { page: 1, limit: 100 };

const shiftDay = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const nextDay = (date: string) => shiftDay(date, 1);
const previousDay = (date: string) => shiftDay(date, -1);

/**
 * Assessment (考核): runs of the current formula over a period, their scores and ranks, and a
 * manager's adjustments.
 *
 * Who: managers run assessments of parks in their scope (and everything below them); only admins
 * run and read zone-wide ones (no parkId). Everyone signed in reads the assessments of parks in
 * their scope, officers and viewers included; only managers and admins adjust.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: Db,
    private readonly repo: AssessmentRepository,
    private readonly measures: AssessmentMeasuresRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(actor: Actor, query: ListAssessmentsQuery, csv = false) {
    const request = this.repo.listRequest(
      actor,
      { period: query.period, parkId: query.parkId },
      parseSort(query.sort, '-computedAt'),
      query.page,
      query.limit,
      csv,
    );
    return listResponse<AssessmentSummary>(this.db, request);
  }

  async get(
    actor: Actor,
    id: string,
    query: AssessmentScoresQuery = FIRST_PAGE,
  ): Promise<AssessmentDetail> {
    const summary = await this.repo.findSummary(actor, id);
    if (!summary) throw DomainException.notFound('Assessment', id);
    const [formula, totals, rows] = await Promise.all([
      this.repo.findFormula(this.db, summary.formulaId),
      this.repo.scoreTotals(id),
      this.repo.scorePages(id, query.subjectType, query.page, query.limit),
    ]);
    const types = query.subjectType ? [query.subjectType] : SUBJECT_TYPES;
    const scores: Partial<Record<SubjectType, Page<AssessmentScoreView>>> = {};
    for (const type of types) {
      scores[type] = { items: [], total: totals[type] ?? 0, page: query.page, limit: query.limit };
    }
    for (const row of rows) scores[row.subjectType]?.items.push(row);
    return { ...summary, formula, scores };
  }

  /**
   * Scores every project, park and officer in scope for a period (up to yesterday if it is still
   * running), with the
   * current formula, as run N + 1 of that period and park: one transaction, set-based SQL.
   */
  async run(actor: Actor, dto: RunAssessmentDto): Promise<AssessmentDetail> {
    const period = this.measurablePeriod(dto.period);
    const parkId = dto.parkId?.toLowerCase() ?? null;
    if (parkId) {
      if (!(await this.repo.parkVisible(actor, parkId))) {
        throw DomainException.notFound('Park', parkId);
      }
    } else if (!isAdmin(actor)) {
      throw DomainException.forbidden(
        'Only admins assess the whole zone; send the parkId of a park in your scope',
      );
    }
    const id = await this.compute(actor, period, parkId);
    return this.get(actor, id);
  }

  /**
   * The monthly job: last month (in the zone's calendar) for the whole zone, by the system.
   * Returns the new assessment's id and how many subjects it scored.
   */
  async runScheduled(periodText?: string): Promise<{ id: string; period: string }> {
    const period = this.measurablePeriod(
      periodText ?? previousDay(dateInZone(this.clock.now(), this.config.zoneTimeZone)).slice(0, 7),
    );
    return { id: await this.compute(null, period, null), period: period.text };
  }

  /** One run as one transaction; `actor` null is the scheduler. */
  private async compute(
    actor: Actor | null,
    period: Period & { measuredTo: string },
    parkId: string | null,
  ): Promise<string> {
    return this.db.transaction(async (tx) => {
      // concurrent runs of one period and park queue up and get consecutive run numbers
      await this.repo.lock(tx, `assessment:${parkId ?? 'zone'}:${period.text}`);
      const formula = await this.repo.currentFormula(tx);
      // the Workflow migration seeds version 1 and formulas are never deleted
      if (!formula) throw new Error('No assessment formula: run the migrations');
      const now = this.clock.now();
      const assessment = await this.repo.insertAssessment(tx, {
        period: period.text,
        periodStart: period.start,
        periodEnd: period.end,
        measuredTo: period.measuredTo,
        parkId,
        formulaId: formula.id,
        computedBy: actor?.id ?? null,
        computedAt: now,
      });
      const subjects = await this.measures.countMeasures(
        tx,
        parkId,
        period.start,
        period.measuredTo,
        this.config.zoneTimeZone,
      );
      const scores = subjects.map(({ subjectType, subjectId, subjectName, counts }) => {
        const { score, parts } = scoreOf(counts, formula.measures);
        return { subjectType, subjectId, subjectName, score, parts };
      });
      await this.repo.insertScores(tx, assessment.id, scores, now);
      await this.repo.rank(tx, assessment.id);
      const subjectCounts = Object.fromEntries(
        SUBJECT_TYPES.map((type) => [type, scores.filter((s) => s.subjectType === type).length]),
      );
      await writeAudit(tx, actor, {
        entity: 'assessment',
        entityId: assessment.id,
        parkId,
        action: 'create',
        before: null,
        after: { ...assessment, formulaVersion: formula.version, subjects: subjectCounts },
      });
      return assessment.id;
    });
  }

  /**
   * Sets (or with null removes) a manager's score, with a reason; the computed score stays. The
   * assessment row is locked so two adjustments of one run rank one after the other.
   */
  async adjust(
    actor: Actor,
    id: string,
    scoreId: string,
    dto: AdjustScoreDto,
  ): Promise<AssessmentScoreView> {
    return this.db.transaction(async (tx) => {
      const assessment = await this.repo.findAssessment(tx, actor, id, true);
      if (!assessment) throw DomainException.notFound('Assessment', id);
      const before = await this.repo.findScore(tx, id, scoreId, true);
      if (!before) throw DomainException.notFound('Assessment score', scoreId);
      assertVersion('Assessment score', before, dto.version);
      await this.repo.adjustScore(tx, scoreId, {
        adjustedScore: dto.adjustedScore,
        reason: dto.reason.trim(),
        adjustedBy: actor.id,
        at: this.clock.now(),
      });
      await this.repo.rank(tx, id, before.subjectType);
      const after = await this.repo.scoreView(tx, scoreId);
      if (!after) throw DomainException.notFound('Assessment score', scoreId);
      const { finalScore: _final, ...afterRow } = after;
      await writeAudit(tx, actor, {
        entity: 'assessment_score',
        entityId: scoreId,
        parkId: assessment.parkId,
        action: 'update',
        before,
        after: afterRow,
      });
      return after;
    });
  }

  /**
   * The period and the last day to measure: its end, or for a period still running yesterday in
   * the zone's calendar (today's due items still have today). A period that starts today or
   * later has nothing to measure yet.
   */
  private measurablePeriod(text: string): Period & { measuredTo: string } {
    const parsed = parsePeriod(text);
    if ('error' in parsed) throw DomainException.validation('period', parsed.error);
    const { period } = parsed;
    const yesterday = previousDay(dateInZone(this.clock.now(), this.config.zoneTimeZone));
    if (yesterday < period.start) {
      throw DomainException.validation(
        'period',
        `${period.text} starts on ${period.start}: it can be assessed from ${nextDay(period.start)} (${this.config.zoneTimeZone})`,
      );
    }
    return { ...period, measuredTo: period.end < yesterday ? period.end : yesterday };
  }
}
