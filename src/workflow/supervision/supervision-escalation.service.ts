import { Injectable } from '@nestjs/common';
import { type Actor, isAdmin, scopeSql } from '../../common/auth/actor.js';
import { Db, type Queryable } from '../../common/database/db.service.js';
import { EntitySql } from '../../common/database/entity-sql.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import type { EvaluationTarget } from '../health/warnings.repository.js';
import { type ProjectHealth, WarningsService } from '../health/warnings.service.js';
import { addDays, ITEM_DEADLINE_DAYS, stepDeadline } from './steps.js';
import { SupervisionItem } from './supervision-item.entity.js';

export interface Escalation {
  evaluatedProjects: number;
  opened: SupervisionItem[];
}

/**
 * Red warnings become supervision items (督办单). The hourly job calls `run`; so does
 * `POST supervision-items/evaluate`. Nothing here closes an item: people do, with a resolution.
 */
@Injectable()
export class SupervisionEscalationService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly warnings: WarningsService,
  ) {
    this.sql = new EntitySql(db.dataSource, SupervisionItem);
  }

  /**
   * `POST supervision-items/evaluate`: a park within the caller's scope (404 otherwise) and the
   * parks below it, or everything the caller sees.
   */
  async runFor(actor: Actor, parkId?: string): Promise<Escalation> {
    if (parkId) {
      const params: unknown[] = [parkId];
      const park = await this.db.one(
        `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', params)}`,
        params,
      );
      if (!park) throw DomainException.notFound('Park', parkId);
    }
    const target = parkId ? { parkId } : isAdmin(actor) ? {} : { parkIds: actor.parkIds };
    return this.run(target, actor);
  }

  /** Re-evaluates the target's lights and opens items for its red rules, in one transaction. */
  run(target: EvaluationTarget, actor: Actor | null = null): Promise<Escalation> {
    return this.db.transaction(async (tx) => {
      const health = await this.warnings.evaluate(tx, target, { actor });
      const opened = await this.openForRed(tx, health, actor);
      return { evaluatedProjects: health.length, opened };
    });
  }

  /**
   * Opens one item per project and rule at red, unless one is already open: the partial unique
   * index uq_supervision_items_open_rule makes a repeat (or a second worker) a no-op. One
   * statement for any number: the items, their opening steps and their audit rows. The owner is
   * the project's officer; the reason is the rule's message. Returns only what it opened.
   */
  async openForRed(
    q: Queryable,
    health: ProjectHealth[],
    actor: Actor | null,
  ): Promise<SupervisionItem[]> {
    const projectIds: string[] = [];
    const kinds: string[] = [];
    const reasons: string[] = [];
    for (const h of health) {
      for (const reason of h.reasons) {
        if (reason.light !== 'red') continue;
        projectIds.push(h.projectId);
        kinds.push(reason.kind);
        reasons.push(reason.message);
      }
    }
    if (projectIds.length === 0) return [];
    const today = this.warnings.today();
    const deadline = addDays(today, ITEM_DEADLINE_DAYS);
    return q.query<SupervisionItem>(
      `WITH c AS (SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[])
                    AS c(project_id, rule_kind, reason)),
            ins AS (
              INSERT INTO supervision_items AS s
                     (project_id, park_id, source, rule_kind, reason, severity, owner_id,
                      deadline, status, step_deadline)
              SELECT c.project_id, p.park_id, 'rule', c.rule_kind, c.reason, 'red', p.officer_id,
                     $4::date, 'assigned', $5::date
                FROM c JOIN projects p ON p.id = c.project_id AND p.deleted_at IS NULL
               -- the usual case, an item already open, skipped before the insert is tried
               WHERE NOT EXISTS (SELECT 1 FROM supervision_items o
                                  WHERE o.project_id = c.project_id AND o.rule_kind = c.rule_kind
                                    AND o.source = 'rule' AND o.status <> 'closed')
               ORDER BY c.project_id, c.rule_kind
              ON CONFLICT (project_id, rule_kind) WHERE source = 'rule' AND status <> 'closed'
              DO NOTHING
              RETURNING ${this.sql.select('s')}),
            steps AS (
              INSERT INTO supervision_steps (item_id, from_step, to_step, note, deadline, actor_id)
              SELECT ins.id, NULL, 'assigned', 'Opened by the warning rules', ins."stepDeadline", NULL
                FROM ins),
            audit AS (
              INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, after, correlation_id)
              SELECT $6, 'supervision_item', ins.id, ins."parkId", 'create', to_jsonb(ins), $7
                FROM ins)
       SELECT * FROM ins ORDER BY "projectId", "ruleKind"`,
      [
        projectIds,
        kinds,
        reasons,
        deadline,
        stepDeadline('assigned', today, deadline),
        actor?.id ?? null,
        actor?.correlationId?.slice(0, 100) ?? null,
      ],
    );
  }
}
