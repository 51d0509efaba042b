import { Injectable } from '@nestjs/common';
import { deleteAudited, insertAudited, updateAudited } from '../common/audit/audit.writer.js';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import type { CreateParkDto, ListParksQuery, UpdateParkDto } from './dto/park.dto.js';
import { Park } from './park.entity.js';

@Injectable()
export class ParksService {
  private readonly sql: EntitySql;

  constructor(private readonly db: Db) {
    this.sql = new EntitySql(db.dataSource, Park);
  }

  async list(actor: Actor, query: ListParksQuery, csv = false) {
    const params: unknown[] = [];
    const where = [`true${scopeSql(actor, 'p.id', params)}`];
    if (query.parentId) {
      params.push(query.parentId);
      where.push(`p.parent_id = $${params.length}`);
    }
    if (query.kind) {
      params.push(query.kind);
      where.push(`p.kind = $${params.length}`);
    }
    if (query.q) {
      params.push(likePattern(query.q));
      where.push(`(p.name ILIKE $${params.length} OR p.code ILIKE $${params.length})`);
    }
    const sort = parseSort(query.sort, 'name');
    return listResponse<Park>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'parks' } : undefined,
      select: this.sql.select('p'),
      from: 'parks p',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'p')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'p.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<Park> {
    const params: unknown[] = [id];
    const row = await q.one<Park>(
      `SELECT ${this.sql.select('p')} FROM parks p
        WHERE p.id = $1${scopeSql(actor, 'p.id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Park', id);
    return row;
  }

  /** Throws 404 unless the park exists and the actor may see it. */
  async assertVisible(actor: Actor, parkId: string, q: Queryable = this.db): Promise<void> {
    await this.get(actor, parkId, q);
  }

  async create(actor: Actor, dto: CreateParkDto): Promise<Park> {
    await this.assertParentAllowed(actor, dto.parentId ?? null);
    return insertAudited<Park>(this.db, this.sql, 'park', { ...dto }, actor, { fromRow: 'id' });
  }

  async update(actor: Actor, id: string, dto: UpdateParkDto): Promise<Park> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Park', before, dto.version);
      const patch = patchOf(dto);
      if ('parentId' in patch && patch.parentId !== before.parentId) {
        await this.assertParentAllowed(actor, (patch.parentId as string | null) ?? null, tx);
      }
      return updateAudited<Park>(tx, actor, this.sql, 'park', before, patch, id);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      if (!isAdmin(actor) && actor.parkIds.includes(id)) {
        throw DomainException.forbidden('Only an admin may delete a park you are assigned to');
      }
      await deleteAudited(tx, actor, this.sql, 'park', before, before.parentId);
    });
  }

  /** Top-level parks are the admins'; a manager nests parks only under parks in their scope. */
  private async assertParentAllowed(actor: Actor, parentId: string | null, q: Queryable = this.db) {
    if (parentId === null) {
      if (!isAdmin(actor))
        throw DomainException.forbidden('Only an admin may create a top-level park');
      return;
    }
    const params: unknown[] = [parentId];
    const parent = await q.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', params)}`,
      params,
    );
    if (!parent) throw DomainException.notFound('Park', parentId);
  }
}
