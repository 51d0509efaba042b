import { Inject, Injectable } from '@nestjs/common';
import { type Actor, scopeSql } from '../../common/auth/actor.js';
import { Db, type Queryable } from '../../common/database/db.service.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { Clock } from '../../common/time/clock.js';
import { dateInZone } from '../../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../../config/app.config.js';
import type { ProjectStage } from '../../projects/project.entity.js';
import { assess, type Light, type Reason, type RuleOutcome } from './rules.js';
import {
  type EffectiveRule,
  type EvaluationTarget,
  WarningsRepository,
} from './warnings.repository.js';

/** One project's light as just evaluated (and stored). */
export interface ProjectHealth {
  projectId: string;
  parkId: string;
  stage: ProjectStage;
  light: Light | null;
  /** the stored light before this evaluation: a change of colour is `light !== previousLight` */
  previousLight: Light | null;
  reasons: Reason[];
  /** each rule in force, what it measured and how it judged */
  rules: (RuleOutcome & Omit<EffectiveRule, 'parkId' | 'kind'>)[];
  evaluatedAt: Date;
}

export interface EvaluateOptions {
  /** who caused the evaluation, for the audit of colour changes; null: the system */
  actor?: Actor | null;
}

/**
 * Computes and stores the lights of projects from the warning rules. `evaluate` is the one entry
 * point: the hourly job, the rule editor, stage transitions and the writes that move a project's
 * metrics (progress, milestones, verified investment) all call it, inside their transaction.
 */
@Injectable()
export class WarningsService {
  constructor(
    private readonly db: Db,
    private readonly repository: WarningsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today in the zone's calendar, by the injected clock. */
  today(): string {
    return dateInZone(this.clock.now(), this.config.zoneTimeZone);
  }

  /**
   * Recomputes and stores the light of every live project of the target (null for projects
   * completed, in operation, dropped or on hold). Set-based whatever the size: one small read of
   * the rules in force per park, one read of the metrics, one write of the lights that changed
   * colour (light_evaluated_at is then the time the stored colour was last set; an evaluation
   * that finds the same colour writes nothing).
   */
  async evaluate(
    q: Queryable,
    target: EvaluationTarget,
    options: EvaluateOptions = {},
  ): Promise<ProjectHealth[]> {
    if (target.projectIds?.length === 0 || target.parkIds?.length === 0) return [];
    const evaluatedAt = this.clock.now();
    const today = dateInZone(evaluatedAt, this.config.zoneTimeZone);
    const rules = await this.repository.effectiveRules(q, target);
    const rows = await this.repository.metrics(q, target, today, this.config.zoneTimeZone);
    const byPark = new Map<string, EffectiveRule[]>();
    for (const rule of rules) byPark.set(rule.parkId, [...(byPark.get(rule.parkId) ?? []), rule]);
    const health = rows.map((row): ProjectHealth => {
      const inForce = byPark.get(row.parkId) ?? [];
      const { light, reasons, outcomes } = assess(row.stage, row.metrics, inForce);
      return {
        projectId: row.projectId,
        parkId: row.parkId,
        stage: row.stage,
        light,
        previousLight: row.light,
        reasons,
        rules: outcomes.map(({ kind, applies, value, light: ruleLight }) => {
          const rule = inForce.find((r) => r.kind === kind);
          return {
            kind,
            applies,
            value,
            light: ruleLight,
            yellowAt: rule?.yellowAt ?? null,
            redAt: rule?.redAt ?? null,
            enabled: rule?.enabled ?? false,
            sourceParkId: rule?.sourceParkId ?? null,
          };
        }),
        evaluatedAt,
      };
    });
    const changed = health
      .filter((h) => h.light !== h.previousLight)
      .map((h) => ({ projectId: h.projectId, light: h.light }));
    await this.repository.storeLights(q, changed, evaluatedAt, options.actor ?? null);
    return health;
  }

  /**
   * Runs a write that moves a project's metrics and re-lights the project before it commits.
   * The project row is locked first: a concurrent write to the same project waits, and then
   * measures with this one's rows in view (without the lock it could store a light computed
   * from a snapshot missing them).
   */
  async relightAfter<T>(
    actor: Actor,
    projectId: string,
    write: (tx: Queryable) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [projectId]);
      const result = await write(tx);
      await this.evaluate(tx, { projectIds: [projectId] }, { actor });
      return result;
    });
  }

  /**
   * `GET projects/:id/health`: computed now, stored if the colour changed. A read changes no
   * one's data: a colour change found here is audited as the system's, not the reader's.
   */
  async health(actor: Actor, projectId: string) {
    const params: unknown[] = [projectId];
    const visible = await this.db.one(
      `SELECT 1 FROM projects p
        WHERE p.id = $1 AND p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}`,
      params,
    );
    if (!visible) throw DomainException.notFound('Project', projectId);
    const [health] = await this.evaluate(this.db, { projectIds: [projectId] }, { actor: null });
    if (!health) throw DomainException.notFound('Project', projectId);
    const { light, reasons, evaluatedAt, rules } = health;
    return { projectId, light, reasons, evaluatedAt, rules };
  }
}
