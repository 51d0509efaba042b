import type pg from 'pg';
import { makeContract } from './deals-factories.js';
import {
  insertRow,
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from './factories.js';
import { makeTranche } from './projects-factories.js';

/** Factories for the loop's records (transitions, supervision items) and the assessment data set. */

export function makeTransition(
  db: pg.Pool,
  values: { projectId: string; fromStage: string; toStage: string; at: string },
) {
  return insertRow<{ id: string }>(db, 'project_transitions', { reason: 'Moved on', ...values });
}

/** A manual supervision item; pass status 'closed' with closedAt for a closed one. */
export function makeSupervisionItem(
  db: pg.Pool,
  values: { projectId: string; parkId: string; deadline: string } & Record<string, unknown>,
) {
  const closed = values.status === 'closed';
  return insertRow<{ id: string }>(db, 'supervision_items', {
    source: 'manual',
    reason: 'Milestone overdue',
    severity: 'red',
    stepDeadline: values.deadline,
    resolution: closed ? 'Resolved on site' : undefined,
    ...values,
  });
}

export interface AssessmentDataSet {
  zone: ParkRow;
  parkA: ParkRow;
  subA1: ParkRow;
  parkB: ParkRow;
  officer1: UserRow;
  officer2: UserRow;
  officerB: UserRow;
  p1: ProjectRow;
  p2: ProjectRow;
  p3: ProjectRow;
  p4: ProjectRow;
  p5Deleted: ProjectRow;
  p6Empty: ProjectRow;
  pB: ProjectRow;
}

/**
 * The fixed data set the assessment tests score by hand for 2025-Q4 (2025-10-01 … 2025-12-31)
 * in Asia/Shanghai (UTC+8). Zone Z holds park A, which holds sub-park A1, and park B.
 *
 *   P1 (A, officer 1): start 2025-12-02, planned completion 2026-01-30, planned 2,000,000
 *   P2 (A1, officer 1): start 2025-06-01, planned completion 2025-12-20, planned 1,200,000
 *   P3 (A1, officer 2): start 2025-10-15, no planned completion, made from contract C4
 *   P4 (A, officer 2): no dates; P5 (A, officer 1): deleted; P6 (A1, officer 2): nothing at all
 *   PB (B, officer B): outside park A
 *
 * Each record says in a comment what it counts for; the tests hold the arithmetic.
 */
export async function seedAssessmentDataSet(db: pg.Pool): Promise<AssessmentDataSet> {
  const zone = await makePark(db, { kind: 'zone', name: 'Zone Z' });
  const parkA = await makePark(db, { parentId: zone.id, name: 'Park A' });
  const subA1 = await makePark(db, { parentId: parkA.id, kind: 'sub_center', name: 'Sub-park A1' });
  const parkB = await makePark(db, { parentId: zone.id, name: 'Park B' });
  const officer1 = await makeUser(db, {
    role: 'officer',
    name: 'Officer One',
    parkIds: [parkA.id],
  });
  const officer2 = await makeUser(db, {
    role: 'officer',
    name: 'Officer Two',
    parkIds: [parkA.id],
  });
  const officerB = await makeUser(db, { role: 'officer', name: 'Officer B', parkIds: [parkB.id] });

  // contracts of A1: C4 (P3 was made from it) terminated, C5 without a project honoured
  const c4 = await makeContract(db, {
    parkId: subA1.id,
    signedAt: '2025-08-01',
    status: 'terminated',
  });
  await makeContract(db, { parkId: subA1.id, signedAt: '2025-10-05', status: 'funds_in_place' });

  const p1 = await makeProject(db, {
    parkId: parkA.id,
    officerId: officer1.id,
    name: 'P1 printer plant',
    stage: 'under_construction',
    startDate: '2025-12-02',
    plannedCompletionDate: '2026-01-30',
    plannedInvestment: '2000000.00',
  });
  const p2 = await makeProject(db, {
    parkId: subA1.id,
    officerId: officer1.id,
    name: 'P2 vaccine line',
    stage: 'completed',
    startDate: '2025-06-01',
    plannedCompletionDate: '2025-12-20',
    plannedInvestment: '1200000.00',
  });
  const p3 = await makeProject(db, {
    parkId: subA1.id,
    officerId: officer2.id,
    name: 'P3 techno-park',
    stage: 'under_construction',
    startDate: '2025-10-15',
    contractId: c4.id,
  });
  const p4 = await makeProject(db, { parkId: parkA.id, officerId: officer2.id, name: 'P4 lab' });
  const p5Deleted = await makeProject(db, {
    parkId: parkA.id,
    officerId: officer1.id,
    name: 'P5 deleted',
    deletedAt: '2025-12-01T00:00:00Z',
  });
  const p6Empty = await makeProject(db, {
    parkId: subA1.id,
    officerId: officer2.id,
    name: 'P6 idea',
  });
  const pB = await makeProject(db, { parkId: parkB.id, officerId: officerB.id, name: 'PB depot' });

  const milestones: [ProjectRow, string, string | null][] = [
    [p1, '2025-10-15', '2025-10-15T15:30:00Z'], // 23:30 in Shanghai: on time
    [p1, '2025-11-20', '2025-11-20T16:30:00Z'], // 00:30 on the 21st in Shanghai: late
    [p1, '2025-12-10', null], // never done: late
    [p1, '2025-12-20', '2025-12-01T02:00:00Z'], // early: on time
    [p1, '2026-01-05', '2025-12-30T02:00:00Z'], // due after the period: not counted
    [p1, '2025-09-30', null], // due before the period: not counted
    [p2, '2025-10-20', '2025-10-19T00:00:00Z'], // on time
    [p3, '2025-11-05', '2025-11-04T08:00:00Z'], // on time
    [p3, '2025-11-25', '2025-11-25T03:00:00Z'], // on time
    [p3, '2025-12-31', null], // late
    [p4, '2025-10-01', '2025-09-20T00:00:00Z'], // on time (first day of the period)
    [p4, '2025-11-11', '2025-11-12T00:00:00Z'], // late
    [p4, '2025-12-31', '2025-12-31T10:00:00Z'], // on time (last day of the period)
    [p5Deleted, '2025-11-01', null], // deleted project: counts nowhere
    [pB, '2025-11-01', '2025-11-01T00:00:00Z'], // park B only
  ];
  for (const [project, dueDate, completedAt] of milestones) {
    await makeMilestone(db, { projectId: project.id, dueDate, completedAt });
  }

  const verified = '2026-01-03T02:00:00Z';
  const tranches: [ProjectRow, string, string, string | null][] = [
    [p1, '300000.00', '2025-12-05', verified],
    [p1, '200000.00', '2025-12-31', verified], // last day; verified after the period: counts
    [p1, '100000.00', '2025-12-20', null], // not verified: does not count
    [p1, '500000.00', '2026-01-05', verified], // dated after the period: does not count
    [p2, '1000000.00', '2025-07-01', verified],
    [p2, '500000.00', '2025-11-01', verified],
  ];
  for (const [project, amount, date, verifiedAt] of tranches) {
    await makeTranche(db, { projectId: project.id, amount, date, verifiedAt });
  }

  const moves: [ProjectRow, string, string, string][] = [
    [p1, 'preparing', 'under_construction', '2025-12-01T18:00:00Z'], // 12-02 02:00 Shanghai
    [p1, 'under_construction', 'on_hold', '2025-12-10T02:00:00Z'],
    [p1, 'on_hold', 'under_construction', '2025-12-20T02:00:00Z'], // not the first move
    [p2, 'preparing', 'under_construction', '2025-06-01T01:00:00Z'],
    [p2, 'under_construction', 'completed', '2025-12-20T16:30:00Z'], // 12-21 00:30 Shanghai
    [p3, 'preparing', 'under_construction', '2025-10-20T02:00:00Z'],
  ];
  for (const [project, fromStage, toStage, at] of moves) {
    await makeTransition(db, { projectId: project.id, fromStage, toStage, at });
  }

  // contracts of A: C1, C2 feed P1; C3 is signed after the period; C6 has no project
  await makeContract(db, {
    parkId: parkA.id,
    projectId: p1.id,
    signedAt: '2025-06-01',
    status: 'funds_in_place',
  });
  await makeContract(db, {
    parkId: parkA.id,
    projectId: p1.id,
    signedAt: '2025-11-15',
    status: 'registered',
  });
  await makeContract(db, {
    parkId: parkA.id,
    projectId: p1.id,
    signedAt: '2026-01-10',
    status: 'funds_in_place',
  });
  await makeContract(db, { parkId: parkA.id, signedAt: '2025-12-31', status: 'signed' });
  await makeContract(db, { parkId: parkB.id, signedAt: '2025-10-01', status: 'signed' });

  const items: [ProjectRow, ParkRow, string, string, string | null][] = [
    [p1, parkA, '2025-11-30', 'closed', '2025-11-30T10:00:00Z'], // in time
    [p1, parkA, '2026-01-15', 'assigned', null], // deadline after the period
    [p3, subA1, '2025-10-31', 'closed', '2025-11-01T02:00:00Z'], // closed late
    [p3, subA1, '2025-12-31', 'closed', '2025-12-31T15:59:59Z'], // 23:59:59 Shanghai: in time
    [p3, subA1, '2025-12-10', 'acknowledged', null], // still open: not in time
    [p5Deleted, parkA, '2025-11-15', 'assigned', null], // deleted project: counts nowhere
  ];
  for (const [project, park, deadline, status, closedAt] of items) {
    await makeSupervisionItem(db, {
      projectId: project.id,
      parkId: park.id,
      deadline,
      status,
      closedAt,
    });
  }

  return {
    zone,
    parkA,
    subA1,
    parkB,
    officer1,
    officer2,
    officerB,
    p1,
    p2,
    p3,
    p4,
    p5Deleted,
    p6Empty,
    pB,
  };
}
