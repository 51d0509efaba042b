import { jest } from '@jest/globals';
import type pg from 'pg';
import { Clock } from '../../src/common/time/clock.js';
import type { TestApp } from '../support/test-app.js';
import { makeContract } from './deals-factories.js';
import {
  insertRow,
  makeEnterprise,
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from './factories.js';
import { makeCluster } from './projects-factories.js';
import { makeTransition } from './workflow-factories.js';

/**
 * The fixed data set of the dashboard tests. Every figure the tests expect is worked out by hand
 * from this file; the comments carry the arithmetic.
 *
 * Parks:  Z (zone) ── A ── A1      O (another zone)
 *                  └─ B
 * Clusters: cA (of A), cA1 (of A1), cB (of B).
 * The clock is frozen at 2026-06-11 12:00 in Shanghai (a Thursday of ISO week 2026-W24): today
 * 2026-06-11, day 162 of 365, pace 44.4.
 */
export const NOW = new Date('2026-06-11T04:00:00Z');
export const TODAY = '2026-06-11';
export const PACE_2026 = 44.4;

/** Freezes the service's Clock at `at` (default: 11 June 2026, noon in Shanghai). */
export function freezeDashboardClock(t: TestApp, at: Date = NOW) {
  return jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);
}

/** A tranche verified at an instant; the project's realized investment follows the verified sum. */
export async function makeVerified(
  db: pg.Pool,
  values: {
    projectId: string;
    amount: string;
    verifiedAt: string | null;
    purpose?: 'capital' | 'rd';
    currency?: string;
  },
) {
  const tranche = await insertRow<{ id: string }>(db, 'investment_tranches', {
    date: (values.verifiedAt ?? '2026-05-01').slice(0, 10),
    evidenceRef: `V-${Math.random().toString(36).slice(2, 10)}`,
    ...values,
  });
  await db.query(
    `UPDATE projects p SET realized_investment =
       (SELECT COALESCE(sum(amount), 0) FROM investment_tranches
         WHERE project_id = p.id AND verified_at IS NOT NULL)
      WHERE p.id = $1`,
    [values.projectId],
  );
  return tranche;
}

export interface DashboardWorld {
  parks: Record<'Z' | 'A' | 'A1' | 'B' | 'O', ParkRow>;
  clusters: Record<'cA' | 'cA1' | 'cB', { id: string; parkId: string }>;
  projects: Record<string, { id: string; parkId: string }>;
  enterprises: Record<'E1' | 'E2' | 'E3' | 'E4' | 'E5' | 'E6', { id: string; parkId: string }>;
  users: Record<'admin' | 'managerZ' | 'managerA' | 'officerA1' | 'viewerB', UserRow>;
}

export async function seedDashboardWorld(db: pg.Pool): Promise<DashboardWorld> {
  const Z = await makePark(db, { code: 'Z', name: 'Zone Z', kind: 'zone' });
  const A = await makePark(db, { code: 'A', name: 'Park A', parentId: Z.id });
  const A1 = await makePark(db, {
    code: 'A1',
    name: 'Park A1',
    parentId: A.id,
    kind: 'sub_center',
  });
  const B = await makePark(db, { code: 'B', name: 'Park B', parentId: Z.id });
  const O = await makePark(db, { code: 'O', name: 'Zone O', kind: 'zone' });
  const cA = await makeCluster(db, { parkId: A.id, name: 'Printers' });
  const cA1 = await makeCluster(db, { parkId: A1.id, name: 'Vaccines' });
  const cB = await makeCluster(db, { parkId: B.id, name: 'Logistics' });

  const users = {
    admin: await makeUser(db, { role: 'admin' }),
    // Z and A: overlapping parks, summed once (A is inside Z)
    managerZ: await makeUser(db, { role: 'manager', parkIds: [Z.id, A.id] }),
    managerA: await makeUser(db, { role: 'manager', parkIds: [A.id] }),
    officerA1: await makeUser(db, { role: 'officer', parkIds: [A1.id] }),
    viewerB: await makeUser(db, { role: 'viewer', parkIds: [B.id] }),
  };

  // leading: E1 (Fortune 500, chain master), E2 (listed), E4 (China Top 500), E5 (Fortune 500),
  // E6 (chain master); E3 is not leading. Park A (with A1): E1, E2 → 2; cluster cA: E1 → 1.
  const enterprises = {
    E1: await makeEnterprise(db, {
      parkId: A.id,
      clusterId: cA.id,
      name: 'HP',
      fortuneGlobal500: true,
      chainMaster: true,
    }),
    E2: await makeEnterprise(db, {
      parkId: A1.id,
      clusterId: cA1.id,
      name: 'Toner Co',
      listed: true,
    }),
    E3: await makeEnterprise(db, { parkId: A.id, name: 'Recycler Co' }),
    E4: await makeEnterprise(db, { parkId: B.id, name: 'Shipping Co', chinaTop500: true }),
    E5: await makeEnterprise(db, { parkId: O.id, name: 'Chip Co', fortuneGlobal500: true }),
    E6: await makeEnterprise(db, { parkId: O.id, name: 'Weigao', chainMaster: true }),
  };

  const project = (parkId: string, values: Record<string, unknown>) =>
    makeProject(db, { parkId, ...values });
  const projects = {
    // Park A, cluster cA
    P1: await project(A.id, {
      clusterId: cA.id,
      enterpriseId: enterprises.E1.id,
      stage: 'under_construction',
      levels: ['provincial', 'municipal'],
      plannedInvestment: '100000000.00',
      light: 'red',
    }),
    P2: await project(A.id, {
      stage: 'signed',
      levels: ['municipal'],
      plannedInvestment: '50000000.00',
      light: 'green',
    }),
    P3: await project(A.id, {
      clusterId: cA.id,
      stage: 'in_operation',
      plannedInvestment: '30000000.00',
      expectedAnnualOutput: '80000000.00',
      createdAt: '2024-01-10T00:00:00Z',
    }),
    P4: await project(A.id, {
      clusterId: cA.id,
      stage: 'lead',
      currency: 'USD',
      plannedInvestment: '10000000.00',
      light: 'yellow',
    }),
    // soft-deleted: none of its records counts anywhere
    P5: await project(A.id, {
      stage: 'signed',
      plannedInvestment: '999000000.00',
      light: 'red',
      deletedAt: '2026-06-01T00:00:00Z',
    }),
    // Park A1 (inside A), cluster cA1
    P6: await project(A1.id, {
      clusterId: cA1.id,
      enterpriseId: enterprises.E2.id,
      stage: 'under_construction',
      levels: ['national', 'provincial'],
      plannedInvestment: '200000000.00',
      light: 'green',
    }),
    P7: await project(A1.id, {
      clusterId: cA1.id,
      stage: 'completed',
      levels: ['district'],
      plannedInvestment: '20000000.00',
      light: 'yellow',
    }),
    P11: await project(A1.id, {
      clusterId: cA1.id,
      stage: 'on_hold',
      plannedInvestment: '1000000.00',
      expectedAnnualOutput: '5000000.00',
      createdAt: '2024-01-10T00:00:00Z',
    }),
    // Park B, cluster cB
    P8: await project(B.id, {
      clusterId: cB.id,
      enterpriseId: enterprises.E4.id,
      stage: 'preparing',
      levels: ['municipal'],
      plannedInvestment: '40000000.00',
      light: 'red',
    }),
    // Zone O
    P9: await project(O.id, {
      enterpriseId: enterprises.E5.id,
      stage: 'signed',
      plannedInvestment: '70000000.00',
      light: 'green',
    }),
  };

  // verified tranches; realized: P1 17M, P6 21M, P4 1M (USD), P8 4M, P9 7M
  const verified = (
    p: { id: string },
    amount: string,
    verifiedAt: string | null,
    extra: { purpose?: 'rd'; currency?: string } = {},
  ) => makeVerified(db, { projectId: p.id, amount, verifiedAt, ...extra });
  await verified(projects.P1, '10000000.00', '2026-03-25T02:00:00Z'); // W13
  await verified(projects.P1, '5000000.00', '2026-06-09T01:00:00Z', { purpose: 'rd' }); // W24
  // 1 January 2026 01:00 in Shanghai: the year 2026, not 2025
  await verified(projects.P1, '2000000.00', '2025-12-31T17:00:00Z');
  await verified(projects.P1, '3000000.00', null); // not verified: counts nowhere
  // Monday 25 May 00:30 in Shanghai (still Sunday in UTC): week W22
  await verified(projects.P6, '20000000.00', '2026-05-24T16:30:00Z');
  await verified(projects.P6, '1000000.00', '2025-06-01T02:00:00Z'); // the year 2025
  await verified(projects.P4, '1000000.00', '2026-05-01T02:00:00Z', { currency: 'USD' });
  await verified(projects.P5, '9000000.00', '2026-06-09T02:00:00Z'); // deleted project
  await verified(projects.P8, '4000000.00', '2026-04-10T02:00:00Z', { purpose: 'rd' }); // W15
  await verified(projects.P9, '7000000.00', '2026-04-01T02:00:00Z');

  const contract = (parkId: string, values: Record<string, unknown>) =>
    makeContract(db, { parkId, ...values });
  await contract(A.id, {
    signedAt: '2026-03-24',
    amount: '300000000.00',
    projectId: projects.P1.id,
  }); // W13, cA
  await contract(A1.id, { signedAt: '2026-06-08', amount: '50000000.00', status: 'registered' }); // W24
  await contract(A.id, { signedAt: '2026-05-05', amount: '10000000.00', currency: 'USD' }); // W19
  await contract(A.id, { signedAt: '2026-04-15', amount: '80000000.00', status: 'terminated' });
  await contract(A.id, { signedAt: '2025-12-31', amount: '60000000.00' }); // the year 2025
  await contract(B.id, { signedAt: '2026-02-02', amount: '25000000.00', status: 'funds_in_place' });
  await contract(O.id, { signedAt: '2026-03-01', amount: '1000.00' });

  const move = (p: { id: string }, fromStage: string, toStage: string, at: string) =>
    makeTransition(db, { projectId: p.id, fromStage, toStage, at });
  await move(projects.P1, 'preparing', 'under_construction', '2025-12-01T02:00:00Z'); // started 2025
  await move(projects.P1, 'under_construction', 'on_hold', '2026-04-20T02:00:00Z'); // W17
  await move(projects.P1, 'on_hold', 'under_construction', '2026-05-01T02:00:00Z'); // W18, no start
  // 1 January 2026 00:30 in Shanghai: started in 2026
  await move(projects.P6, 'preparing', 'under_construction', '2025-12-31T16:30:00Z');
  await move(projects.P7, 'preparing', 'under_construction', '2025-03-01T02:00:00Z');
  await move(projects.P7, 'under_construction', 'completed', '2026-05-12T08:00:00Z'); // W20
  await move(projects.P3, 'under_construction', 'completed', '2025-06-01T02:00:00Z');
  await move(projects.P3, 'completed', 'in_operation', '2025-10-01T02:00:00Z');
  await move(projects.P11, 'completed', 'in_operation', '2024-06-01T02:00:00Z');
  await move(projects.P11, 'in_operation', 'on_hold', '2026-03-01T02:00:00Z');
  await move(projects.P2, 'negotiating', 'signed', '2026-06-09T03:00:00Z'); // W24
  await move(projects.P5, 'lead', 'signed', '2026-06-09T03:00:00Z'); // deleted project
  await move(projects.P8, 'signed', 'preparing', '2026-04-08T02:00:00Z'); // W15, park B

  const milestone = (p: { id: string }, dueDate: string, completedAt?: string) =>
    makeMilestone(db, { projectId: p.id, dueDate, completedAt });
  await milestone(projects.P1, '2026-02-01'); // overdue
  await milestone(projects.P1, '2026-06-10'); // overdue from 11 June
  await milestone(projects.P1, '2099-01-01');
  await milestone(projects.P1, '2026-01-15', '2026-01-14T02:00:00Z'); // done
  await milestone(projects.P6, '2026-03-01'); // overdue
  await milestone(projects.P7, '2026-04-01', '2026-04-01T02:00:00Z'); // done
  await milestone(projects.P8, '2026-05-01'); // overdue (park B)
  await milestone(projects.P5, '2026-01-01'); // deleted project
  await milestone(projects.P9, '2026-01-01'); // zone O

  // HP's chain: members E2 (A1), E3 (A), E4 (B): local, under zone Z like HP; E5 (O) is not
  const link = (enterpriseId: string, position: string, segment: string) =>
    insertRow(db, 'chain_links', {
      chainMasterId: enterprises.E1.id,
      enterpriseId,
      position,
      segment,
    });
  await link(enterprises.E2.id, 'upstream', 'toner cartridges');
  await link(enterprises.E3.id, 'downstream', 'recycling'); // a segment no one declared
  await link(enterprises.E4.id, 'downstream', 'distribution');
  await link(enterprises.E5.id, 'upstream', 'chips');
  for (const [position, name] of [
    ['upstream', 'toner cartridges'],
    ['upstream', 'chips'],
    ['upstream', 'print heads'],
    ['downstream', 'distribution'],
  ]) {
    await insertRow(db, 'chain_segments', { chainMasterId: enterprises.E1.id, position, name });
  }

  return {
    parks: { Z, A, A1, B, O },
    clusters: { cA, cA1, cB },
    projects,
    enterprises,
    users,
  };
}

/** Adds decimal strings of yuan exactly (in fen). */
export function sumMoney(amounts: string[]): string {
  const fen = amounts.reduce((s, a) => s + BigInt(a.replace('.', '')), 0n);
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}
