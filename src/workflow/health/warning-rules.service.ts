import { Injectable } from '@nestjs/common';
import { deleteAudited, insertAudited, updateAudited } from '../../common/audit/audit.writer.js';
import type { Actor } from '../../common/auth/actor.js';
import { Db, type Queryable } from '../../common/database/db.service.js';
import { EntitySql } from '../../common/database/entity-sql.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import type {
  EffectiveWarningRule,
  PutWarningRulesDto,
  WarningRulesView,
} from './dto/warning-rules.dto.js';
import { RULE_KINDS, WarningRule } from './warning-rule.entity.js';
import { WarningsRepository } from './warnings.repository.js';
import { WarningsService } from './warnings.service.js';

/** The warning rules as data: the zone defaults and the parks' overrides (admins). */
@Injectable()
export class WarningRulesService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly repository: WarningsRepository,
    private readonly warnings: WarningsService,
  ) {
    this.sql = new EntitySql(db.dataSource, WarningRule);
  }

  /** The rules in force for the zone or a park, where each comes from, and the overrides below. */
  async view(parkId: string | null, q: Queryable = this.db): Promise<WarningRulesView> {
    if (parkId && !(await q.one(`SELECT 1 FROM parks WHERE id = $1`, [parkId]))) {
      throw DomainException.notFound('Park', parkId);
    }
    const inForce = await this.repository.rulesOfPark(q, parkId);
    const sources = [...new Set(inForce.map((r) => r.sourceParkId).filter((id) => id !== null))];
    const names = new Map(
      (
        await q.query<{ id: string; name: string }>(
          `SELECT id, name FROM parks WHERE id = ANY($1::uuid[])`,
          [sources],
        )
      ).map((p) => [p.id, p.name]),
    );
    const rules = RULE_KINDS.flatMap((kind): EffectiveWarningRule[] => {
      const rule = inForce.find((r) => r.kind === kind);
      if (!rule) return [];
      const from = rule.sourceParkId;
      return [
        {
          kind,
          yellowAt: rule.yellowAt,
          redAt: rule.redAt,
          enabled: rule.enabled,
          source: from === null ? 'zone' : from === parkId ? 'park' : 'parent',
          sourceParkId: from,
          sourceParkName: from === null ? null : (names.get(from) ?? null),
        },
      ];
    });
    const params: unknown[] = [];
    const below = parkId
      ? ` AND r.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $${params.push(parkId)})`
      : '';
    const overrides = await q.query<WarningRule>(
      `SELECT ${this.sql.select('r')} FROM warning_rules r JOIN parks pk ON pk.id = r.park_id
        WHERE r.park_id IS NOT NULL${below}
        ORDER BY pk.name, r.park_id, array_position($${params.push(RULE_KINDS)}::varchar[], r.kind)`,
      params,
    );
    return { parkId, rules, overrides };
  }

  /**
   * Replaces the rules of one scope (audited row by row), then re-evaluates the lights of the
   * projects it covers, all in one transaction: the new rules and the lights they give commit
   * together.
   */
  async replace(actor: Actor, dto: PutWarningRulesDto): Promise<WarningRulesView> {
    this.check(dto);
    const parkId = dto.parkId;
    return this.db.transaction(async (tx) => {
      if (parkId && !(await tx.one(`SELECT 1 FROM parks WHERE id = $1`, [parkId]))) {
        throw DomainException.validation('parkId', 'must be an existing park');
      }
      // two admins replacing the same scope at once: the second waits, then replaces the first's
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `warning_rules:${parkId ?? 'zone'}`,
      ]);
      const before = await tx.query<WarningRule>(
        `SELECT ${this.sql.select('r')} FROM warning_rules r
          WHERE r.park_id IS NOT DISTINCT FROM $1::uuid FOR UPDATE`,
        [parkId],
      );
      for (const old of before) {
        if (!dto.rules.some((r) => r.kind === old.kind)) {
          await deleteAudited(tx, actor, this.sql, 'warning_rule', old, parkId);
        }
      }
      for (const input of dto.rules) {
        const values = {
          yellowAt: input.yellowAt,
          redAt: input.redAt,
          enabled: input.enabled ?? true,
        };
        const old = before.find((r) => r.kind === input.kind);
        if (!old) {
          await insertAudited(
            tx,
            this.sql,
            'warning_rule',
            { parkId, kind: input.kind, ...values },
            actor,
            { id: parkId },
          );
        } else if (
          old.yellowAt !== values.yellowAt ||
          old.redAt !== values.redAt ||
          old.enabled !== values.enabled
        ) {
          await updateAudited(tx, actor, this.sql, 'warning_rule', old, values, parkId);
        }
      }
      const evaluated = await this.warnings.evaluate(tx, parkId ? { parkId } : {}, { actor });
      return { ...(await this.view(parkId, tx)), evaluatedProjects: evaluated.length };
    });
  }

  /** What class-validator cannot see field by field: the list as a whole. */
  private check(dto: PutWarningRulesDto) {
    dto.rules.forEach((rule, i) => {
      if (dto.rules.findIndex((r) => r.kind === rule.kind) !== i) {
        throw DomainException.validation(`rules.${i}.kind`, `lists ${rule.kind} a second time`);
      }
      if (rule.yellowAt !== null && rule.redAt !== null && rule.redAt < rule.yellowAt) {
        throw DomainException.validation(
          `rules.${i}.redAt`,
          `must not be below yellowAt (${rule.yellowAt})`,
        );
      }
    });
    if (dto.parkId === null) {
      const missing = RULE_KINDS.filter((kind) => !dto.rules.some((r) => r.kind === kind));
      if (missing.length) {
        throw DomainException.validation(
          'rules',
          `must keep all four kinds for the zone defaults; missing: ${missing.join(', ')}`,
        );
      }
    }
  }
}
