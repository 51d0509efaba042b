import type pg from 'pg';
import { makeContract, makeEvent, makeVisit } from './deals-factories.js';
import {
  insertRow,
  makeEnterprise,
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
} from './factories.js';
import { makeCluster, makeProgress, makeTranche } from './projects-factories.js';
import { makeFollowUp } from './reminder-factories.js';
import { makeServiceRequest } from './service-factories.js';
import { makeInspection, makeSupervisionItem } from './supervision-factories.js';

/** One record of every kind in one park, with the users who work there: for scope tests. */
export async function makeParkWorld(db: pg.Pool, code: string) {
  const park = await makePark(db, { kind: 'zone', code });
  const manager = await makeUser(db, { role: 'manager', parkIds: [park.id] });
  const officer = await makeUser(db, { role: 'officer', parkIds: [park.id] });
  const viewer = await makeUser(db, { role: 'viewer', parkIds: [park.id] });
  const cluster = await makeCluster(db, { parkId: park.id });
  const enterprise = await makeEnterprise(db, { parkId: park.id, chainMaster: true });
  const member = await makeEnterprise(db, { parkId: park.id });
  const link = await insertRow<{ id: string }>(db, 'chain_links', {
    chainMasterId: enterprise.id,
    enterpriseId: member.id,
    position: 'upstream',
    segment: 'toner cartridges',
  });
  const segment = await insertRow<{ id: string }>(db, 'chain_segments', {
    chainMasterId: enterprise.id,
    position: 'downstream',
    name: 'logistics',
  });
  const target = await insertRow<{ id: string }>(db, 'targets', {
    parkId: park.id,
    year: 2026,
    metric: 'contracts_signed',
    value: '10',
    unit: 'count',
  });
  const projectImport = await insertRow<{ id: string }>(db, 'project_imports', {
    parkId: park.id,
    filename: 'register.csv',
    format: 'csv',
    createdBy: manager.id,
  });
  const project = await makeProject(db, {
    parkId: park.id,
    enterpriseId: enterprise.id,
    officerId: officer.id,
  });
  const milestone = await makeMilestone(db, { projectId: project.id, dueDate: '2030-01-01' });
  const progress = await makeProgress(db, { projectId: project.id, date: '2025-01-01' });
  const tranche = await makeTranche(db, { projectId: project.id, amount: '100.00' });
  const inspection = await makeInspection(db, { projectId: project.id, date: '2025-01-01' });
  const visit = await makeVisit(db, { parkId: park.id });
  const followUp = await makeFollowUp(db, { visitId: visit.id, dueDate: '2030-01-01' });
  const event = await makeEvent(db, { parkId: park.id });
  const contract = await makeContract(db, { parkId: park.id, enterpriseId: enterprise.id });
  const serviceRequest = await makeServiceRequest(db, {
    parkId: park.id,
    enterpriseId: enterprise.id,
    status: 'resolved',
    resolution: 'Done',
  });
  const supervisionItem = await makeSupervisionItem(db, {
    projectId: project.id,
    parkId: park.id,
    ownerId: officer.id,
  });
  const formula = await db.query(`SELECT id FROM assessment_formulas ORDER BY version LIMIT 1`);
  const assessment = await insertRow<{ id: string }>(db, 'assessments', {
    period: '2025-Q4',
    periodStart: '2025-10-01',
    periodEnd: '2025-12-31',
    measuredTo: '2025-12-31',
    parkId: park.id,
    formulaId: formula.rows[0].id,
    run: 1,
  });
  const score = await insertRow<{ id: string }>(db, 'assessment_scores', {
    assessmentId: assessment.id,
    subjectType: 'project',
    subjectId: project.id,
    subjectName: 'P',
    score: 50,
    parts: {},
    rank: 1,
  });
  const report = await insertRow<{ id: string }>(db, 'reports', {
    type: 'weekly',
    parkId: park.id,
    period: '2025-W01',
    periodStart: '2024-12-30',
    periodEnd: '2025-01-05',
    data: {},
    generatedAt: new Date(),
  });
  const notification = await insertRow<{ id: string }>(db, 'notifications', {
    userId: manager.id,
    kind: 'reminder',
    title: 'Due',
  });
  const job = await insertRow<{ id: string }>(db, 'outbox', {
    queue: 'reminders',
    jobName: 'reminder-scan',
    payload: {},
    requestedBy: manager.id,
  });
  return {
    park,
    manager,
    officer,
    viewer,
    cluster,
    enterprise,
    member,
    link,
    segment,
    target,
    projectImport,
    project,
    milestone,
    progress,
    tranche,
    inspection,
    visit,
    followUp,
    event,
    contract,
    serviceRequest,
    supervisionItem,
    assessment,
    score,
    report,
    notification,
    job,
  };
}

export type ParkWorld = Awaited<ReturnType<typeof makeParkWorld>>;

/** Every id of a world's records (users included): none may show up in another park's answers. */
export function idsOf(world: ParkWorld): string[] {
  return Object.values(world).map((record) => (record as { id: string }).id);
}
