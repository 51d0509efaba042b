import { Injectable } from '@nestjs/common';
import { insertAudited, writeAudit } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { ChainLink } from './chain-link.entity.js';
import type { ChainMember, ChainView, CreateChainLinkDto } from './dto/enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';

/** The chain a chain master (链主) leads: its upstream and downstream enterprises. */
@Injectable()
export class ChainService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly enterprises: EnterprisesService,
  ) {
    this.sql = new EntitySql(db.dataSource, ChainLink);
  }

  async get(actor: Actor, chainMasterId: string): Promise<ChainView> {
    const chainMaster = await this.enterprises.get(actor, chainMasterId);
    const members = await this.db.query<ChainMember>(
      `SELECT ${this.sql.select('l')}, e.name AS "enterpriseName", e.park_id AS "enterpriseParkId"
         FROM chain_links l JOIN enterprises e ON e.id = l.enterprise_id
        WHERE l.chain_master_id = $1
        ORDER BY l.position, l.segment, e.name`,
      [chainMasterId],
    );
    return {
      chainMaster,
      upstream: members.filter((m) => m.position === 'upstream'),
      downstream: members.filter((m) => m.position === 'downstream'),
      size: members.length,
    };
  }

  async addLink(actor: Actor, chainMasterId: string, dto: CreateChainLinkDto): Promise<ChainLink> {
    const master = await this.enterprises.get(actor, chainMasterId);
    if (!master.chainMaster) {
      throw DomainException.conflict(`${master.name} is not flagged as a chain master`);
    }
    if (dto.enterpriseId === chainMasterId) {
      throw DomainException.validation('enterpriseId', 'must not be the chain master itself');
    }
    await this.enterprises.get(actor, dto.enterpriseId);
    return insertAudited<ChainLink>(
      this.db,
      this.sql,
      'chain_link',
      { ...dto, chainMasterId },
      actor,
      { id: master.parkId },
    );
  }

  async removeLink(actor: Actor, chainMasterId: string, linkId: string): Promise<void> {
    const master = await this.enterprises.get(actor, chainMasterId);
    await this.db.transaction(async (tx) => {
      const before = await tx.one<ChainLink>(
        `DELETE FROM chain_links WHERE id = $1 AND chain_master_id = $2 RETURNING ${this.sql.select()}`,
        [linkId, chainMasterId],
      );
      if (!before) throw DomainException.notFound('Chain link', linkId);
      await writeAudit(tx, actor, {
        entity: 'chain_link',
        entityId: linkId,
        parkId: master.parkId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }
}
