import { Injectable } from '@nestjs/common';
import { insertAudited, updateRow, writeAudit } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { listResponse } from '../common/pagination/list-page.js';
import { IndustryCluster } from './cluster.entity.js';
import type { CreateClusterDto, ListClustersQuery, UpdateClusterDto } from './dto/park.dto.js';
import { ParksService } from './parks.service.js';

/** Industry clusters, always reached through their park (`parks/:id/clusters`). */
@Injectable()
export class ClustersService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly parks: ParksService,
  ) {
    this.sql = new EntitySql(db.dataSource, IndustryCluster);
  }

  async list(actor: Actor, parkId: string, query: ListClustersQuery, csv = false) {
    await this.parks.assertVisible(actor, parkId);
    const sort = parseSort(query.sort, 'name');
    return listResponse<IndustryCluster>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'clusters' } : undefined,
      select: this.sql.select('c'),
      from: 'industry_clusters c',
      where: ['c.park_id = $1'],
      params: [parkId],
      orderBy: `${this.sql.col(sort.field, 'c')} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`,
      idColumn: 'c.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(
    actor: Actor,
    parkId: string,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<IndustryCluster> {
    await this.parks.assertVisible(actor, parkId, q);
    const row = await q.one<IndustryCluster>(
      `SELECT ${this.sql.select('c')} FROM industry_clusters c
        WHERE c.id = $1 AND c.park_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, parkId],
    );
    if (!row) throw DomainException.notFound('Cluster', id);
    return row;
  }

  async create(actor: Actor, parkId: string, dto: CreateClusterDto): Promise<IndustryCluster> {
    await this.parks.assertVisible(actor, parkId);
    return insertAudited<IndustryCluster>(this.db, this.sql, 'cluster', { ...dto, parkId }, actor, {
      id: parkId,
    });
  }

  async update(actor: Actor, parkId: string, id: string, dto: UpdateClusterDto) {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, parkId, id, tx, true);
      assertVersion('Cluster', before, dto.version);
      const after = await updateRow<IndustryCluster>(tx, this.sql, id, patchOf(dto));
      await writeAudit(tx, actor, {
        entity: 'cluster',
        entityId: id,
        parkId,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  async remove(actor: Actor, parkId: string, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, parkId, id, tx, true);
      await writeAudit(tx, actor, {
        entity: 'cluster',
        entityId: id,
        parkId,
        action: 'delete',
        before,
        after: null,
      });
      await tx.query(`DELETE FROM industry_clusters WHERE id = $1`, [id]);
    });
  }

  /** Throws 400 unless the cluster belongs to the park (a record's cluster must be its park's). */
  async assertInPark(clusterId: string, parkId: string, q: Queryable = this.db): Promise<void> {
    const row = await q.one(`SELECT 1 FROM industry_clusters WHERE id = $1 AND park_id = $2`, [
      clusterId,
      parkId,
    ]);
    if (!row) throw DomainException.validation('clusterId', 'must be a cluster of the same park');
  }
}
