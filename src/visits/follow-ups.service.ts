import { Injectable } from '@nestjs/common';
import { deleteAudited, insertAudited, updateAudited } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { listResponse } from '../common/pagination/list-page.js';
import { assertTransition, type TransitionGraph } from '../common/state/state-machine.js';
import { UsersService } from '../users/users.service.js';
import type { CreateFollowUpDto, ListFollowUpsQuery, UpdateFollowUpDto } from './dto/visit.dto.js';
import { type FollowUpStatus, VisitFollowUp } from './follow-up.entity.js';
import { VisitsService } from './visits.service.js';

/** open → done or cancelled; both are final. */
export const FOLLOW_UP_TRANSITIONS: TransitionGraph<FollowUpStatus> = {
  open: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** What a visit left to do (`visits/:visitId/follow-ups`). */
@Injectable()
export class FollowUpsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly visits: VisitsService,
    private readonly users: UsersService,
  ) {
    this.sql = new EntitySql(db.dataSource, VisitFollowUp);
  }

  async list(actor: Actor, visitId: string, query: ListFollowUpsQuery, csv = false) {
    await this.visits.get(actor, visitId);
    const params: unknown[] = [visitId];
    const where = ['f.visit_id = $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`f.status = $${params.length}`);
    }
    if (query.ownerId) {
      params.push(query.ownerId);
      where.push(`f.owner_id = $${params.length}`);
    }
    const sort = parseSort(query.sort, 'dueDate');
    return listResponse<VisitFollowUp>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'follow-ups' } : undefined,
      select: this.sql.select('f'),
      from: 'visit_follow_ups f',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'f')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'f.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, visitId: string, id: string, q: Queryable = this.db, lock = false) {
    const visit = await this.visits.get(actor, visitId, q);
    const row = await q.one<VisitFollowUp>(
      `SELECT ${this.sql.select('f')} FROM visit_follow_ups f
        WHERE f.id = $1 AND f.visit_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, visitId],
    );
    if (!row) throw DomainException.notFound('Follow-up', id);
    return { visit, row };
  }

  async create(actor: Actor, visitId: string, dto: CreateFollowUpDto): Promise<VisitFollowUp> {
    const visit = await this.visits.get(actor, visitId);
    this.assertDue(dto.dueDate, visit.date);
    if (dto.ownerId) await this.users.assertActiveUser(dto.ownerId, 'ownerId');
    return insertAudited<VisitFollowUp>(
      this.db,
      this.sql,
      'visit_follow_up',
      { ...dto, visitId },
      actor,
      { id: visit.parkId },
    );
  }

  async update(actor: Actor, visitId: string, id: string, dto: UpdateFollowUpDto) {
    return this.db.transaction(async (tx) => {
      const { visit, row: before } = await this.get(actor, visitId, id, tx, true);
      assertVersion('Follow-up', before, dto.version);
      if (dto.dueDate) this.assertDue(dto.dueDate, visit.date);
      if (dto.ownerId && dto.ownerId !== before.ownerId) {
        await this.users.assertActiveUser(dto.ownerId, 'ownerId', tx);
      }
      const patch = patchOf(dto);
      if (dto.status && dto.status !== before.status) {
        assertTransition('A follow-up', FOLLOW_UP_TRANSITIONS, before.status, dto.status);
        patch.closedAt = new Date();
      }
      return updateAudited<VisitFollowUp>(
        tx,
        actor,
        this.sql,
        'visit_follow_up',
        before,
        patch,
        visit.parkId,
      );
    });
  }

  async remove(actor: Actor, visitId: string, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { visit, row: before } = await this.get(actor, visitId, id, tx, true);
      await deleteAudited(tx, actor, this.sql, 'visit_follow_up', before, visit.parkId);
    });
  }

  private assertDue(dueDate: string, visitDate: string) {
    if (dueDate < visitDate) {
      throw DomainException.validation('dueDate', `must not be before the visit (${visitDate})`);
    }
  }
}
