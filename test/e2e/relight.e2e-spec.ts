import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, makeProgress } from '../factories/projects-factories.js';
import { FROZEN_TODAY, freezeClock, storedLight } from '../factories/supervision-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The stored light follows the project's own writes at once, not only the periodic evaluation. */
describe('re-lighting a project when its plan or stage changes', () => {
  let t: TestApp;
  let park: ParkRow;
  let manager: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db);
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  /** Under construction, half its planned time gone, 10 % done: 40 points behind pace (red). */
  async function behindPace() {
    const project = await makeProject(t.db, {
      parkId: park.id,
      stage: 'under_construction',
      plannedInvestment: '0.00', // no investment plan: only the pace rule can light it
      startDate: addDays(FROZEN_TODAY, -100),
      plannedCompletionDate: addDays(FROZEN_TODAY, 100),
    });
    await makeProgress(t.db, { projectId: project.id, date: FROZEN_TODAY, percentComplete: 10 });
    const health = await as(t, manager).get(`/projects/${project.id}/health`).expect(200);
    expect(health.body.light).toBe('red');
    expect(health.body.reasons.map((r: { kind: string }) => r.kind)).toEqual([
      'behind_pace_percent',
    ]);
    return project;
  }

  it('re-lights when PATCH moves the planned completion date', async () => {
    freezeClock(t);
    const project = await behindPace();
    // a far later completion: 100 of 1,100 days gone (9 %), so 10 % done is on pace
    const res = await as(t, manager)
      .patch(`/projects/${project.id}`, {
        plannedCompletionDate: addDays(FROZEN_TODAY, 1000),
        version: 1,
      })
      .expect(200);
    expect(res.body.light).toBe('green');
    expect(await storedLight(t.db, project.id)).toBe('green');
  });

  it('clears the light when a transition pauses the project, and lights it again when it resumes', async () => {
    freezeClock(t);
    const project = await behindPace();
    const held = await as(t, manager)
      .post(`/projects/${project.id}/transitions`, {
        to: 'on_hold',
        reason: 'Financing review',
        version: 1,
      })
      .expect(201);
    expect(held.body).toMatchObject({ stage: 'on_hold', light: null });
    expect(await storedLight(t.db, project.id)).toBeNull();
    const resumed = await as(t, manager)
      .post(`/projects/${project.id}/transitions`, {
        to: 'under_construction',
        reason: 'Financing secured',
        version: held.body.version,
      })
      .expect(201);
    expect(resumed.body.light).toBe('red');
  });
});
