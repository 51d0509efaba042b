import { Injectable } from '@nestjs/common';
import type { Queryable } from '../common/database/db.service.js';

export interface MasterRow {
  id: string;
  name: string;
  parkId: string;
  rootParkId: string;
}

export interface MemberRow {
  chainMasterId: string;
  position: 'upstream' | 'downstream';
  segment: string;
  id: string;
  name: string;
  parkId: string;
  local: boolean;
}

export interface SegmentRow {
  chainMasterId: string;
  position: 'upstream' | 'downstream';
  name: string;
}

export interface ChainInvestmentRow {
  chainMasterId: string;
  projects: number;
  realizedInvestment: string;
  otherCurrencyProjects: number;
}

/** A predicate of the caller's parks over a park id column, binding into params. */
export type ParkScope = (column: string, params: unknown[]) => string;

/**
 * The chains dashboard's SQL. The chain itself (links, segments: small tables) is read as it
 * is; the investment comes from the summary dashboard_enterprise_investment.
 */
@Injectable()
export class ChainsRepository {
  /** Chain masters in scope (optionally under one park), with their top-level park. */
  masters(q: Queryable, scope: ParkScope, parkId?: string): Promise<MasterRow[]> {
    const params: unknown[] = [];
    const where = [`e.chain_master${scope('e.park_id', params)}`];
    if (parkId) {
      params.push(parkId);
      where.push(
        `e.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $${params.length})`,
      );
    }
    return q.query<MasterRow>(
      `SELECT e.id, e.name, e.park_id AS "parkId", top.ancestor_id AS "rootParkId"
         FROM enterprises e
         JOIN park_closure top ON top.descendant_id = e.park_id
         JOIN parks root ON root.id = top.ancestor_id AND root.parent_id IS NULL
        WHERE ${where.join(' AND ')}
        ORDER BY e.name, e.id`,
      params,
    );
  }

  /**
   * The members the caller can see (as GET /enterprises/:id/chain shows them); local: the
   * member's park is under the master's top-level park.
   */
  members(q: Queryable, masters: MasterRow[], scope: ParkScope): Promise<MemberRow[]> {
    const params: unknown[] = [masters.map((m) => m.id), masters.map((m) => m.rootParkId)];
    return q.query<MemberRow>(
      `SELECT l.chain_master_id AS "chainMasterId", l.position, l.segment,
              e.id, e.name, e.park_id AS "parkId",
              EXISTS (SELECT 1 FROM park_closure pc
                       WHERE pc.descendant_id = e.park_id AND pc.ancestor_id = m.root_id) AS local
         FROM unnest($1::uuid[], $2::uuid[]) AS m(id, root_id)
         JOIN chain_links l ON l.chain_master_id = m.id
         JOIN enterprises e ON e.id = l.enterprise_id
        WHERE true${scope('e.park_id', params)}
        ORDER BY l.position, l.segment, e.name, e.id`,
      params,
    );
  }

  /** The segments declared for the masters. */
  segments(q: Queryable, masterIds: string[]): Promise<SegmentRow[]> {
    return q.query<SegmentRow>(
      `SELECT s.chain_master_id AS "chainMasterId", s.position, s.name
         FROM chain_segments s WHERE s.chain_master_id = ANY($1::uuid[])`,
      [masterIds],
    );
  }

  /**
   * The realized investment of the live projects (in the caller's parks) of each master and
   * its visible members, CNY only.
   */
  investment(q: Queryable, masterIds: string[], scope: ParkScope): Promise<ChainInvestmentRow[]> {
    const params: unknown[] = [masterIds];
    const memberScope = scope('e.park_id', params);
    const projectScope = scope('i.park_id', params);
    return q.query<ChainInvestmentRow>(
      `WITH chain AS (
         SELECT m.id AS master_id, m.id AS enterprise_id FROM unnest($1::uuid[]) AS m(id)
         UNION
         SELECT l.chain_master_id, l.enterprise_id
           FROM chain_links l JOIN enterprises e ON e.id = l.enterprise_id
          WHERE l.chain_master_id = ANY($1::uuid[])${memberScope}
       )
       SELECT c.master_id AS "chainMasterId", sum(i.projects)::int AS projects,
              sum(i.realized_cny)::numeric(20,2)::text AS "realizedInvestment",
              sum(i.other_currency)::int AS "otherCurrencyProjects"
         FROM chain c JOIN dashboard_enterprise_investment i ON i.enterprise_id = c.enterprise_id
        WHERE true${projectScope}
        GROUP BY c.master_id`,
      params,
    );
  }
}
