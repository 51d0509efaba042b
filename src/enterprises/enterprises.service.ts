import { Injectable } from '@nestjs/common';
import {
  deleteAudited,
  insertAudited,
  updateRow,
  writeAudit,
} from '../common/audit/audit.writer.js';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { ClustersService } from '../parks/clusters.service.js';
import { ParksService } from '../parks/parks.service.js';
import type {
  CreateEnterpriseDto,
  ListEnterprisesQuery,
  UpdateEnterpriseDto,
} from './dto/enterprise.dto.js';
import { Enterprise } from './enterprise.entity.js';

@Injectable()
export class EnterprisesService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly parks: ParksService,
    private readonly clusters: ClustersService,
  ) {
    this.sql = new EntitySql(db.dataSource, Enterprise);
  }

  async list(actor: Actor, query: ListEnterprisesQuery, csv = false) {
    const params: unknown[] = [];
    const where = [`true${scopeSql(actor, 'e.park_id', params)}`];
    if (query.parkId) {
      params.push(query.parkId);
      where.push(
        `e.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $${params.length})`,
      );
    }
    const equals: [keyof ListEnterprisesQuery, string][] = [
      ['clusterId', 'e.cluster_id'],
      ['chainMaster', 'e.chain_master'],
      ['fortuneGlobal500', 'e.fortune_global500'],
      ['country', 'e.country'],
    ];
    for (const [key, column] of equals) {
      if (query[key] === undefined) continue;
      params.push(query[key]);
      where.push(`${column} = $${params.length}`);
    }
    if (query.q) {
      params.push(likePattern(query.q));
      where.push(`e.name ILIKE $${params.length}`);
    }
    const sort = parseSort(query.sort, 'name');
    return listResponse<Enterprise>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'enterprises' } : undefined,
      select: this.sql.select('e'),
      from: 'enterprises e',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'e')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'e.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<Enterprise> {
    const params: unknown[] = [id];
    const row = await q.one<Enterprise>(
      `SELECT ${this.sql.select('e')} FROM enterprises e
        WHERE e.id = $1${scopeSql(actor, 'e.park_id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Enterprise', id);
    return row;
  }

  async create(actor: Actor, dto: CreateEnterpriseDto): Promise<Enterprise> {
    await this.parks.assertVisible(actor, dto.parkId);
    if (dto.clusterId) await this.clusters.assertInPark(dto.clusterId, dto.parkId);
    const values = { ...dto, contacts: JSON.stringify(dto.contacts ?? []) };
    return insertAudited<Enterprise>(this.db, this.sql, 'enterprise', values, actor, {
      fromRow: 'parkId',
    });
  }

  async update(actor: Actor, id: string, dto: UpdateEnterpriseDto): Promise<Enterprise> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Enterprise', before, dto.version);
      const patch = patchOf(dto);
      const parkId = dto.parkId ?? before.parkId;
      if (dto.parkId && dto.parkId !== before.parkId)
        await this.parks.assertVisible(actor, dto.parkId, tx);
      const clusterId = dto.clusterId === undefined ? before.clusterId : dto.clusterId;
      if (clusterId && (dto.clusterId !== undefined || parkId !== before.parkId)) {
        await this.clusters.assertInPark(clusterId, parkId, tx);
      }
      if (patch.contacts) patch.contacts = JSON.stringify(patch.contacts);
      if (dto.chainMaster === false && before.chainMaster) {
        const links = await tx.one(`SELECT 1 FROM chain_links WHERE chain_master_id = $1 LIMIT 1`, [
          id,
        ]);
        if (links)
          throw DomainException.conflict('Remove the chain links before unflagging a chain master');
      }
      const after = await updateRow<Enterprise>(tx, this.sql, id, patch);
      if (after.parkId !== before.parkId) {
        // service requests are scoped by their enterprise's park: they move with it
        await tx.query(`UPDATE service_requests SET park_id = $2 WHERE enterprise_id = $1`, [
          id,
          after.parkId,
        ]);
      }
      await writeAudit(tx, actor, {
        entity: 'enterprise',
        entityId: id,
        parkId: after.parkId,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      await deleteAudited(tx, actor, this.sql, 'enterprise', before, before.parkId);
    });
  }
}
