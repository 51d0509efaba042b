import { Injectable } from '@nestjs/common';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { ParksService } from '../parks/parks.service.js';
import {
  type ChainEnterprise,
  type ChainsDashboard,
  type ChainsDashboardQuery,
} from './dto/dashboard.dto.js';
import { ChainsRepository, type MemberRow, type ParkScope } from './chains.repository.js';
import { AS_OF_SQL } from './summary-views.js';

const POSITIONS = ['upstream', 'downstream'];
const enterpriseOf = (m: MemberRow): ChainEnterprise => ({
  id: m.id,
  name: m.name,
  parkId: m.parkId,
});

/**
 * Each chain master with its chain: the segments (declared ones and those its links name), the
 * local enterprises filling each, the gaps, and the investment the chain brought.
 */
@Injectable()
export class ChainsDashboardService {
  constructor(
    private readonly db: Db,
    private readonly repository: ChainsRepository,
    private readonly parks: ParksService,
  ) {}

  async chains(actor: Actor, query: ChainsDashboardQuery): Promise<ChainsDashboard> {
    if (query.parkId) await this.parks.assertVisible(actor, query.parkId);
    const scope: ParkScope = (column, params) => scopeSql(actor, column, params);
    // one replica for the whole answer, so its parts agree with each other
    const db = this.db.replica;
    const masters = await this.repository.masters(db, scope, query.parkId);
    const ids = masters.map((m) => m.id);
    const [members, declared, investment, asOf] = ids.length
      ? await Promise.all([
          this.repository.members(db, masters, scope),
          this.repository.segments(db, ids),
          this.repository.investment(db, ids, scope),
          db.one<{ asOf: Date | null }>(`SELECT ${AS_OF_SQL} AS "asOf"`),
        ])
      : [[], [], [], await db.one<{ asOf: Date | null }>(`SELECT ${AS_OF_SQL} AS "asOf"`)];
    const items = masters.map((master) => {
      const chain = members.filter((m) => m.chainMasterId === master.id);
      // a segment is a position and a name: declared ones, and any a link names
      const names = new Map<string, { position: string; name: string; declared: boolean }>();
      for (const s of declared.filter((d) => d.chainMasterId === master.id)) {
        names.set(`${s.position}\u0000${s.name}`, {
          position: s.position,
          name: s.name,
          declared: true,
        });
      }
      for (const m of chain) {
        const key = `${m.position}\u0000${m.segment}`;
        if (!names.has(key))
          names.set(key, { position: m.position, name: m.segment, declared: false });
      }
      const segments = [...names.values()]
        .sort(
          (a, b) =>
            POSITIONS.indexOf(a.position) - POSITIONS.indexOf(b.position) ||
            a.name.localeCompare(b.name),
        )
        .map((s) => {
          const filling = chain.filter((m) => m.position === s.position && m.segment === s.name);
          return {
            position: s.position,
            name: s.name,
            declared: s.declared,
            localEnterprises: filling.filter((m) => m.local).map(enterpriseOf),
            otherEnterprises: filling.filter((m) => !m.local).map(enterpriseOf),
          };
        });
      const money = investment.find((i) => i.chainMasterId === master.id);
      return {
        chainMaster: { id: master.id, name: master.name, parkId: master.parkId },
        rootParkId: master.rootParkId,
        size: chain.length,
        localMembers: chain.filter((m) => m.local).length,
        segments,
        gaps: segments
          .filter((s) => s.localEnterprises.length === 0)
          .map(({ position, name }) => ({ position, name })),
        investment: {
          projects: money?.projects ?? 0,
          realizedInvestment: money?.realizedInvestment ?? '0.00',
          otherCurrencyProjects: money?.otherCurrencyProjects ?? 0,
        },
      };
    });
    return { asOf: asOf?.asOf ?? null, items };
  }
}
