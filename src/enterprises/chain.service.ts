import { Injectable } from '@nestjs/common';
import { insertAudited, writeAudit } from '../common/audit/audit.writer.js';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { ChainLink } from './chain-link.entity.js';
import type { ChainMember, ChainView, CreateChainLinkDto } from './dto/enterprise.dto.js';
import type { Enterprise } from './enterprise.entity.js';
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
    // members in parks outside the caller's scope stay hidden, like everywhere else
    const params: unknown[] = [chainMasterId];
    const members = await this.db.query<ChainMember>(
      `SELECT ${this.sql.select('l')}, e.name AS "enterpriseName", e.park_id AS "enterpriseParkId"
         FROM chain_links l JOIN enterprises e ON e.id = l.enterprise_id
        WHERE l.chain_master_id = $1${scopeSql(actor, 'e.park_id', params)}
        ORDER BY l.position, l.segment, e.name`,
      params,
    );
    return {
      chainMaster,
      upstream: members.filter((m) => m.position === 'upstream'),
      downstream: members.filter((m) => m.position === 'downstream'),
      size: members.length,
    };
  }

  async addLink(actor: Actor, chainMasterId: string, dto: CreateChainLinkDto): Promise<ChainLink> {
    // the master row stays locked until the link is in, so it cannot be unflagged meanwhile
    return this.db.transaction(async (tx) => {
      const master = await this.enterprises.get(actor, chainMasterId, tx, true);
      return this.insertLink(tx, actor, master, dto);
    });
  }

  private async insertLink(
    tx: Queryable,
    actor: Actor,
    master: Enterprise,
    dto: CreateChainLinkDto,
  ): Promise<ChainLink> {
    const chainMasterId = master.id;
    if (!master.chainMaster) {
      throw DomainException.conflict(`${master.name} is not flagged as a chain master`);
    }
    if (dto.enterpriseId.toLowerCase() === chainMasterId) {
      throw DomainException.validation('enterpriseId', 'must not be the chain master itself');
    }
    // a body reference the caller cannot see is a bad field, not a missing chain master
    await this.enterprises.get(actor, dto.enterpriseId, tx).catch((error: unknown) => {
      if (error instanceof DomainException && error.status === 404) {
        throw DomainException.validation('enterpriseId', 'must be an enterprise in your parks');
      }
      throw error;
    });
    return insertAudited<ChainLink>(tx, this.sql, 'chain_link', { ...dto, chainMasterId }, actor, {
      id: master.parkId,
    });
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
