import { Injectable } from '@nestjs/common';
import { insertAudited, writeAudit } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { CommonErrorCode } from '../common/errors/error-code.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { listResponse } from '../common/pagination/list-page.js';
import { ChainSegment } from './chain-segment.entity.js';
import type { CreateChainSegmentDto, ListChainSegmentsQuery } from './dto/chain-segment.dto.js';
import { EnterprisesService } from './enterprises.service.js';

/**
 * The segments of a chain master's chain (补链 planning): declared here, filled by the chain
 * links naming them; a segment no local enterprise fills is a gap on the chains dashboard.
 * Same rules as the chain links: the master must be visible (404) and, to add one, flagged as a
 * chain master (409).
 */
@Injectable()
export class ChainSegmentsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly enterprises: EnterprisesService,
  ) {
    this.sql = new EntitySql(db.dataSource, ChainSegment);
  }

  async list(actor: Actor, chainMasterId: string, query: ListChainSegmentsQuery, csv = false) {
    await this.enterprises.get(actor, chainMasterId);
    const params: unknown[] = [chainMasterId];
    const where = ['s.chain_master_id = $1'];
    if (query.position) {
      params.push(query.position);
      where.push(`s.position = $${params.length}`);
    }
    const sort = parseSort(query.sort, 'position');
    const direction = sort.descending ? 'DESC' : 'ASC';
    return listResponse<ChainSegment>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'chain-segments' } : undefined,
      select: this.sql.select('s'),
      from: 'chain_segments s',
      where,
      params,
      orderBy:
        sort.field === 'position'
          ? `s.position ${direction}, s.name`
          : `${this.sql.col(sort.field, 's')} ${direction}`,
      idColumn: 's.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async add(
    actor: Actor,
    chainMasterId: string,
    dto: CreateChainSegmentDto,
  ): Promise<ChainSegment> {
    try {
      // the master row stays locked until the segment is in, so it cannot be unflagged meanwhile
      return await this.db.transaction(async (tx) => {
        const master = await this.enterprises.get(actor, chainMasterId, tx, true);
        if (!master.chainMaster) {
          throw DomainException.conflict(`${master.name} is not flagged as a chain master`);
        }
        return insertAudited<ChainSegment>(
          tx,
          this.sql,
          'chain_segment',
          { ...dto, chainMasterId },
          actor,
          { id: master.parkId },
        );
      });
    } catch (error) {
      const pg = error as { code?: string; constraint?: string };
      if (pg.code === '23505' && pg.constraint === 'uq_chain_segments_master_position_name') {
        throw DomainException.conflict(
          'the chain already has this segment at this position',
          CommonErrorCode.AlreadyExists,
        );
      }
      throw error;
    }
  }

  async remove(actor: Actor, chainMasterId: string, segmentId: string): Promise<void> {
    const master = await this.enterprises.get(actor, chainMasterId);
    await this.db.transaction(async (tx) => {
      const before = await tx.one<ChainSegment>(
        `DELETE FROM chain_segments WHERE id = $1 AND chain_master_id = $2
         RETURNING ${this.sql.select()}`,
        [segmentId, chainMasterId],
      );
      if (!before) throw DomainException.notFound('Chain segment', segmentId);
      await writeAudit(tx, actor, {
        entity: 'chain_segment',
        entityId: segmentId,
        parkId: master.parkId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }
}
