import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../../src/common/time/clock.js';
import {
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { makeContract } from '../factories/deals-factories.js';
import { projectState, transitionRows } from '../factories/workflow-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The guards of the lifecycle through HTTP: signing needs a contract or a date (not in the
 * future, by the zone calendar), completion needs the milestones done or a manager's override.
 */
describe('project lifecycle: guards', () => {
  let t: TestApp;
  let zone: ParkRow;
  let admin: UserRow;
  let manager: UserRow;
  let officer: UserRow;

  const path = (id: string) => `/projects/${id}/transitions`;
  const move = async (user: UserRow, id: string, to: string, more: object = {}) =>
    as(t, user).post(path(id), {
      to,
      reason: `Moving to ${to}`,
      version: (await projectState(t.db, id)).version,
      ...more,
    });
  /** 00:30 on 1 June 2026 in Shanghai: still 31 May in UTC. */
  const freezeAtZoneMidnight = () =>
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-05-31T16:30:00Z'));

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  describe('signed', () => {
    it('refuses to sign without a contract or a signing date, writing nothing', async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      // a contract of another project proves nothing about this one
      const elsewhere = await makeProject(t.db, { parkId: zone.id });
      await makeContract(t.db, { parkId: zone.id, projectId: elsewhere.id });
      const res = await move(manager, project.id, 'signed');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SIGNING_EVIDENCE_REQUIRED');
      expect(res.body.message).toMatch(/contract .* or a signing date/);
      expect(await projectState(t.db, project.id)).toEqual({
        stage: 'negotiating',
        version: 1,
        signedAt: null,
      });
      expect(await transitionRows(t.db, project.id)).toEqual([]);
      expect(await auditRows(t.db, 'project', project.id)).toEqual([]);
    });

    it('signs with a signing date sent in the body, and stores it', async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      const res = await move(officer, project.id, 'signed', { signedAt: '2025-03-10' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ stage: 'signed', signedAt: '2025-03-10', version: 2 });
      expect(await projectState(t.db, project.id)).toEqual({
        stage: 'signed',
        version: 2,
        signedAt: '2025-03-10',
      });
      const [audit] = await auditRows(t.db, 'project', project.id);
      expect(audit.before).toMatchObject({ signedAt: null, stage: 'negotiating' });
      expect(audit.after).toMatchObject({ signedAt: '2025-03-10', stage: 'signed' });
    });

    it('signs with a signing date already stored, leaving it as it was', async () => {
      const project = await makeProject(t.db, {
        parkId: zone.id,
        stage: 'negotiating',
        signedAt: '2024-12-01',
      });
      const res = await move(officer, project.id, 'signed');
      expect(res.status).toBe(201);
      expect(await projectState(t.db, project.id)).toMatchObject({
        stage: 'signed',
        signedAt: '2024-12-01',
      });
    });

    it('signs with a contract pointing at the project, or the one it was made from', async () => {
      const linked = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      await makeContract(t.db, { parkId: zone.id, projectId: linked.id });
      expect((await move(officer, linked.id, 'signed')).status).toBe(201);

      const madeFrom = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      const contract = await makeContract(t.db, { parkId: zone.id });
      await t.db.query('UPDATE projects SET contract_id = $1 WHERE id = $2', [
        contract.id,
        madeFrom.id,
      ]);
      expect((await move(officer, madeFrom.id, 'signed')).status).toBe(201);
      // no date was sent, none is invented
      expect((await projectState(t.db, madeFrom.id)).signedAt).toBeNull();
    });

    it('refuses a signing date after today in the zone calendar (400), takes today', async () => {
      freezeAtZoneMidnight();
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      const tomorrow = await move(officer, project.id, 'signed', { signedAt: '2026-06-02' });
      expect(tomorrow.status).toBe(400);
      expect(tomorrow.body.details).toEqual([
        { field: 'signedAt', message: 'must not be after today (2026-06-01)' },
      ]);
      expect(await transitionRows(t.db, project.id)).toEqual([]);
      // 1 June has begun in Shanghai though not in UTC: today, so accepted
      const today = await move(officer, project.id, 'signed', { signedAt: '2026-06-01' });
      expect(today.status).toBe(201);
      expect(today.body.signedAt).toBe('2026-06-01');
    });

    it('refuses a malformed signing date, or one sent with another target', async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'negotiating' });
      for (const signedAt of ['2025-02-30', '10/03/2025', 20250310]) {
        const res = await move(officer, project.id, 'signed', { signedAt });
        expect({ signedAt, status: res.status, fields: fieldsOf(res.body) }).toEqual({
          signedAt,
          status: 400,
          fields: ['signedAt'],
        });
      }
      const other = await move(officer, project.id, 'on_hold', { signedAt: '2025-01-01' });
      expect(other.status).toBe(400);
      expect(other.body.details).toEqual([
        { field: 'signedAt', message: 'may be sent only with a move to signed' },
      ]);
      expect(await projectState(t.db, project.id)).toMatchObject({ version: 1, signedAt: null });
    });
  });

  describe('completed', () => {
    /** A project under construction with one milestone done and one still open. */
    const building = async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'under_construction' });
      await makeMilestone(t.db, {
        projectId: project.id,
        dueDate: '2026-01-31',
        title: 'Topping out',
        completedAt: new Date('2026-01-30T03:00:00Z'),
      });
      const open = await makeMilestone(t.db, {
        projectId: project.id,
        dueDate: '2026-04-30',
        title: 'Acceptance',
      });
      return { project, open };
    };

    it('refuses to complete while a milestone is open, for officers and managers alike', async () => {
      const { project } = await building();
      for (const user of [officer, manager]) {
        const res = await move(user, project.id, 'completed');
        expect({ role: user.role, status: res.status, code: res.body.code }).toEqual({
          role: user.role,
          status: 409,
          code: 'MILESTONES_OPEN',
        });
        expect(res.body.message).toMatch(/^1 milestone\(s\) of the project are still open/);
      }
      expect(await transitionRows(t.db, project.id)).toEqual([]);
    });

    it('completes once every milestone is done, recording no override', async () => {
      const { project, open } = await building();
      await t.db.query('UPDATE milestones SET completed_at = now() WHERE id = $1', [open.id]);
      const res = await move(officer, project.id, 'completed');
      expect(res.status).toBe(201);
      expect(res.body.stage).toBe('completed');
      expect((await transitionRows(t.db, project.id))[0]).toMatchObject({
        fromStage: 'under_construction',
        toStage: 'completed',
        override: false,
        actorId: officer.id,
      });
    });

    it('completes a project without milestones', async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'under_construction' });
      expect((await move(officer, project.id, 'completed')).status).toBe(201);
    });

    it('lets a manager or an admin override open milestones, recorded with the reason', async () => {
      for (const user of [manager, admin]) {
        const { project } = await building();
        const reason = 'Acceptance delayed by the inspectorate; production already running';
        const res = await move(user, project.id, 'completed', { override: true, reason });
        expect(res.status).toBe(201);
        expect(res.body.stage).toBe('completed');
        const [row] = await transitionRows(t.db, project.id);
        expect(row).toMatchObject({ override: true, reason, actorId: user.id });
        const [audit] = await auditRows(t.db, 'project', project.id);
        expect(audit).toMatchObject({ action: 'update', actorId: user.id });
        expect(audit.after).toMatchObject({ stage: 'completed' });
      }
    });

    it('records no override when nothing needed overriding', async () => {
      const project = await makeProject(t.db, { parkId: zone.id, stage: 'under_construction' });
      const res = await move(manager, project.id, 'completed', { override: true });
      expect(res.status).toBe(201);
      expect((await transitionRows(t.db, project.id))[0].override).toBe(false);
    });

    it('refuses an override from an officer (403), and with another target (400)', async () => {
      const { project } = await building();
      const officerOverride = await move(officer, project.id, 'completed', { override: true });
      expect(officerOverride.status).toBe(403);
      expect(officerOverride.body).toMatchObject({
        code: 'FORBIDDEN',
        message: 'Only a manager or an admin may override open milestones',
      });
      const elsewhere = await move(manager, project.id, 'on_hold', { override: true });
      expect(elsewhere.status).toBe(400);
      expect(fieldsOf(elsewhere.body)).toEqual(['override']);
      expect(await projectState(t.db, project.id)).toMatchObject({
        stage: 'under_construction',
        version: 1,
      });
      expect(await transitionRows(t.db, project.id)).toEqual([]);
    });
  });

  describe('what /projects itself accepts', () => {
    it('refuses a signing date after today in the zone on POST and PATCH /projects', async () => {
      freezeAtZoneMidnight();
      const body = (code: string, signedAt: string) => ({
        code,
        name: `Project ${code}`,
        parkId: zone.id,
        plannedInvestment: '1000000.00',
        signedAt,
      });
      const created = await as(t, officer).post('/projects', body('SIGN-2', '2026-06-02'));
      expect(created.status).toBe(400);
      expect(created.body.details).toEqual([
        { field: 'signedAt', message: 'must not be after today' },
      ]);
      const ok = await as(t, officer).post('/projects', body('SIGN-1', '2026-06-01')).expect(201);
      expect(ok.body.signedAt).toBe('2026-06-01');
      const patched = await as(t, officer).patch(`/projects/${ok.body.id}`, {
        signedAt: '2026-06-02',
        version: 1,
      });
      expect(patched.status).toBe(400);
      expect(fieldsOf(patched.body)).toEqual(['signedAt']);
      expect((await projectState(t.db, ok.body.id)).signedAt).toBe('2026-06-01');
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM projects WHERE code = $1', [
        'SIGN-2',
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('still refuses a stage in a PATCH: only the workflow moves it', async () => {
      const project = await makeProject(t.db, { parkId: zone.id });
      const res = await as(t, manager)
        .patch(`/projects/${project.id}`, { stage: 'in_operation', version: 1 })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['stage']);
      expect(await projectState(t.db, project.id)).toMatchObject({ stage: 'lead', version: 1 });
    });
  });
});
