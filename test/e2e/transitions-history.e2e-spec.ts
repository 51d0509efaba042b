import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dateInZone } from '../../src/common/time/zone-date.js';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { makeContract } from '../factories/deals-factories.js';
import { projectState, transitionRows } from '../factories/workflow-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The history of a project's moves: as a page, as CSV, on the timeline, in the OpenAPI document. */
describe('project lifecycle: the history', () => {
  let t: TestApp;
  let zone: ParkRow;
  let manager: UserRow;
  let officer: UserRow;
  let viewer: UserRow;
  let project: { id: string };

  const path = (id: string) => `/projects/${id}/transitions`;
  const move = async (user: UserRow, to: string, reason: string) => {
    const res = await as(t, user).post(path(project.id), {
      to,
      reason,
      version: (await projectState(t.db, project.id)).version,
    });
    expect({ to, status: res.status }).toEqual({ to, status: 201 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    project = await makeProject(t.db, { parkId: zone.id });
    await makeContract(t.db, { parkId: zone.id, projectId: project.id });
    await move(officer, 'negotiating', 'Talks opened at the fair');
    await move(manager, 'signed', 'Agreement signed');
    await move(officer, 'on_hold', 'Financing under review');
    await move(officer, 'signed', 'Financing approved');
    expect(await transitionRows(t.db, project.id)).toHaveLength(4);
  });
  afterAll(() => t.close());

  it('lists the moves newest first with who, when, from, to and why', async () => {
    const body = (await as(t, viewer).get(path(project.id)).expect(200)).body;
    expect(body).toMatchObject({ total: 4, page: 1, limit: 20 });
    expect(
      body.items.map((i: Record<string, unknown>) => [i.fromStage, i.toStage, i.reason]),
    ).toEqual([
      ['on_hold', 'signed', 'Financing approved'],
      ['signed', 'on_hold', 'Financing under review'],
      ['negotiating', 'signed', 'Agreement signed'],
      ['lead', 'negotiating', 'Talks opened at the fair'],
    ]);
    const rows = await transitionRows(t.db, project.id);
    expect(body.items[1]).toEqual({
      id: rows[2].id,
      projectId: project.id,
      fromStage: 'signed',
      toStage: 'on_hold',
      reason: 'Financing under review',
      override: false,
      actorId: officer.id,
      at: rows[2].at.toISOString(),
    });
    expect(body.items[2].actorId).toBe(manager.id);
    const ats = body.items.map((i: { at: string }) => i.at);
    expect([...ats].sort().toReversed()).toEqual(ats);
  });

  it('pages with the total on every page', async () => {
    const all = (await as(t, officer).get(path(project.id)).expect(200)).body.items;
    const second = (
      await as(t, officer)
        .get(`${path(project.id)}?limit=3&page=2`)
        .expect(200)
    ).body;
    expect(second).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(second.items).toEqual([all[3]]);
    const past = (
      await as(t, officer)
        .get(`${path(project.id)}?limit=3&page=3`)
        .expect(200)
    ).body;
    expect(past).toMatchObject({ items: [], total: 4 });
    await as(t, officer)
      .get(`${path(project.id)}?limit=101`)
      .expect(400);
  });

  it('exports the whole history as CSV, newest first', async () => {
    const csv = await csvOf(t, officer, `${path(project.id)}?format=csv&limit=1`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="project-transitions.csv"',
    );
    const [header, ...rows] = csv.rows;
    expect(header).toEqual([
      'id',
      'projectId',
      'fromStage',
      'toStage',
      'reason',
      'override',
      'actorId',
      'at',
    ]);
    expect(rows.map((r) => [r[2], r[3], r[4], r[5], r[6]])).toEqual([
      ['on_hold', 'signed', 'Financing approved', 'false', officer.id],
      ['signed', 'on_hold', 'Financing under review', 'false', officer.id],
      ['negotiating', 'signed', 'Agreement signed', 'false', manager.id],
      ['lead', 'negotiating', 'Talks opened at the fair', 'false', officer.id],
    ]);
    const accept = await csvOf(t, officer, path(project.id), 'text/csv');
    expect(accept.rows).toHaveLength(5);
  });

  it('puts each move on the project timeline, linking to the history', async () => {
    const timeline = (
      await as(t, officer).get(`/projects/${project.id}/timeline?type=stage_change`).expect(200)
    ).body;
    const rows = await transitionRows(t.db, project.id);
    expect(timeline.total).toBe(4);
    const byId = new Map(timeline.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(rows[1].id)).toEqual({
      type: 'stage_change',
      date: dateInZone(rows[1].at, t.config.zoneTimeZone),
      title: 'Stage: negotiating → signed',
      id: rows[1].id,
      link: `/api/v1/projects/${project.id}/transitions`,
      parkId: zone.id,
    });
    const linked = await t.http
      .get(timeline.items[0].link)
      .set('authorization', `Bearer ${t.token(officer)}`)
      .expect(200);
    expect(linked.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      rows.map((r) => r.id).sort(),
    );
  });

  it('documents both endpoints: the rules of a move, the history as a page or CSV', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const ops = doc.paths['/api/v1/projects/{id}/transitions'];
    expect(ops.post.summary).toBe('Move a key project to another stage, with a reason');
    expect(ops.post.description).toMatch(/409 INVALID_TRANSITION names the allowed stages/);
    expect(Object.keys(ops.post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404', '409']),
    );
    expect(ops.get.description).toMatch(/format=csv/);
    expect(Object.keys(ops.get.responses)).toEqual(expect.arrayContaining(['400', '404']));
  });
});
