import { Injectable } from '@nestjs/common';
import { insertAudited, updateAudited } from '../../common/audit/audit.writer.js';
import { type Actor, scopeSql } from '../../common/auth/actor.js';
import { Db, type Queryable } from '../../common/database/db.service.js';
import { EntitySql } from '../../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../../common/database/optimistic-lock.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { parseSort } from '../../common/pagination/list-query.dto.js';
import { listResponse } from '../../common/pagination/list-page.js';
import { WarningsService } from '../health/warnings.service.js';
import type {
  CreateSupervisionItemDto,
  ListSupervisionItemsQuery,
  SupervisionItemView,
  UpdateSupervisionItemDto,
} from './dto/supervision-item.dto.js';
import { addDays, ITEM_DEADLINE_DAYS, stepDeadline } from './steps.js';
import {
  SEVERITIES,
  SUPERVISION_STEPS,
  SupervisionItem,
  type SupervisionStep,
  SupervisionStepRecord,
} from './supervision-item.entity.js';

const ENTITY = 'supervision_item';
const order = (values: readonly string[], column: string) =>
  `array_position(ARRAY[${values.map((v) => `'${v}'`).join(',')}]::varchar[], ${column})`;

/** Supervision items (督办单): the list, one item with its steps, manual items, manager edits. */
@Injectable()
export class SupervisionItemsService {
  readonly sql: EntitySql;
  readonly steps: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly warnings: WarningsService,
  ) {
    this.sql = new EntitySql(db.dataSource, SupervisionItem);
    this.steps = new EntitySql(db.dataSource, SupervisionStepRecord);
  }

  list(actor: Actor, query: ListSupervisionItemsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, 's.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `s.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.projectId) where.push(`s.project_id = ${p(query.projectId)}`);
    if (query.status?.length) where.push(`s.status = ANY(${p(query.status)}::varchar[])`);
    if (query.ownerId) where.push(`s.owner_id = ${p(query.ownerId)}`);
    if (query.severity) where.push(`s.severity = ${p(query.severity)}`);
    if (query.source) where.push(`s.source = ${p(query.source)}`);
    if (query.ruleKind) where.push(`s.rule_kind = ${p(query.ruleKind)}`);
    if (query.overdue !== undefined) {
      // deadline and status are NOT NULL: NOT splits the rows cleanly
      const overdue = `(s.status <> 'closed' AND s.deadline < ${p(this.warnings.today())}::date)`;
      where.push(query.overdue ? overdue : `NOT ${overdue}`);
    }
    const sort = parseSort(query.sort, 'deadline');
    const sortKey =
      sort.field === 'status'
        ? order(SUPERVISION_STEPS, 's.status')
        : sort.field === 'severity'
          ? order(SEVERITIES, 's.severity')
          : this.sql.col(sort.field, 's');
    return listResponse<SupervisionItem>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'supervision-items' } : undefined,
      select: this.sql.select('s'),
      from: 'supervision_items s',
      where,
      params,
      orderBy: `${sortKey} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 's.id',
      page: query.page,
      limit: query.limit,
    });
  }

  /** The item if the actor may see it (404 otherwise), optionally locked for a change. */
  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false) {
    const params: unknown[] = [id];
    const row = await q.one<SupervisionItem>(
      `SELECT ${this.sql.select('s')} FROM supervision_items s
        WHERE s.id = $1${scopeSql(actor, 's.park_id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Supervision item', id);
    return row;
  }

  async view(actor: Actor, id: string): Promise<SupervisionItemView> {
    return this.withSteps(this.db, await this.get(actor, id));
  }

  async withSteps(q: Queryable, item: SupervisionItem): Promise<SupervisionItemView> {
    const steps = await q.query<SupervisionStepRecord>(
      `SELECT ${this.steps.select('t')} FROM supervision_steps t
        WHERE t.item_id = $1 ORDER BY t.at, t.id`,
      [item.id],
    );
    return { ...item, steps };
  }

  /** One row of supervision_steps: who moved the item, from where to where, and the new deadline. */
  async recordStep(
    q: Queryable,
    item: { id: string; status: SupervisionStep; stepDeadline: string },
    from: SupervisionStep | null,
    actor: Actor | null,
    note: string | null,
  ): Promise<void> {
    await q.query(
      `INSERT INTO supervision_steps (item_id, from_step, to_step, note, deadline, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [item.id, from, item.status, note, item.stepDeadline, actor?.id ?? null],
    );
  }

  /** A manual item (managers): the project's officer owns it unless told otherwise. */
  async create(actor: Actor, dto: CreateSupervisionItemDto): Promise<SupervisionItemView> {
    const today = this.warnings.today();
    this.assertDeadline(dto.deadline, today);
    return this.db.transaction(async (tx) => {
      const params: unknown[] = [dto.projectId];
      const project = await tx.one<{ parkId: string; officerId: string | null }>(
        `SELECT p.park_id AS "parkId", p.officer_id AS "officerId" FROM projects p
          WHERE p.id = $1 AND p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}`,
        params,
      );
      if (!project) throw DomainException.notFound('Project', dto.projectId);
      const ownerId = dto.ownerId === undefined ? project.officerId : dto.ownerId;
      if (dto.ownerId) await this.assertOwner(tx, dto.ownerId, project.parkId);
      const deadline = dto.deadline ?? addDays(today, ITEM_DEADLINE_DAYS);
      const item = await insertAudited<SupervisionItem>(
        tx,
        this.sql,
        ENTITY,
        {
          projectId: dto.projectId,
          parkId: project.parkId,
          source: 'manual',
          ruleKind: null,
          reason: dto.reason,
          severity: dto.severity,
          ownerId,
          deadline,
          status: 'assigned',
          stepDeadline: stepDeadline('assigned', today, deadline),
          createdBy: actor.id,
        },
        actor,
        { id: project.parkId },
      );
      await this.recordStep(tx, item, null, actor, null);
      return this.withSteps(tx, item);
    });
  }

  /** Managers change the owner, the deadline or the severity of an open item. */
  async update(actor: Actor, id: string, dto: UpdateSupervisionItemDto) {
    const today = this.warnings.today();
    this.assertDeadline(dto.deadline, today);
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Supervision item', before, dto.version);
      if (before.status === 'closed') {
        throw DomainException.conflict(`Supervision item ${id} is closed; a closed item is final`);
      }
      if (dto.ownerId && dto.ownerId !== before.ownerId) {
        await this.assertOwner(tx, dto.ownerId, before.parkId);
      }
      const patch = patchOf(dto);
      // the step in hand cannot be due after the whole item
      if (dto.deadline && before.stepDeadline > dto.deadline) patch.stepDeadline = dto.deadline;
      return updateAudited<SupervisionItem>(tx, actor, this.sql, ENTITY, before, patch);
    });
  }

  assertDeadline(deadline: string | undefined, today: string, field = 'deadline') {
    if (deadline !== undefined && deadline < today) {
      throw DomainException.validation(field, `must not be before today (${today})`);
    }
  }

  /** An owner must be able to act on the item: active, not a viewer, and seeing its park. */
  private async assertOwner(q: Queryable, ownerId: string, parkId: string) {
    const ok = await q.one(
      `SELECT 1 FROM users u
        WHERE u.id = $1 AND u.deactivated_at IS NULL AND u.role <> 'viewer'
          AND (u.role = 'admin' OR EXISTS (
                SELECT 1 FROM user_parks up
                  JOIN park_closure c ON c.ancestor_id = up.park_id
                 WHERE up.user_id = u.id AND c.descendant_id = $2))`,
      [ownerId, parkId],
    );
    if (!ok) {
      throw DomainException.validation(
        'ownerId',
        'must be an active officer, manager or admin who can see the project',
      );
    }
  }
}
