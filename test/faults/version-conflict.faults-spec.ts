import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePark, makeProject, makeUser, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { printFigures } from './support/figures.js';

const CONCURRENT = 20;

/** Scenario 6: twenty people save the same version of a project at the same moment. */
describe('20 concurrent PATCHes of one version', () => {
  let t: TestApp;
  let admin: UserRow;

  beforeAll(async () => {
    // enough connections that the twenty really run side by side in Postgres
    t = await createTestApp({ DATABASE_POOL_SIZE: '20' });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  it('lets one succeed and answers the rest 409, the version up by one', async () => {
    const park = await makePark(t.db);
    const project = await makeProject(t.db, { parkId: park.id });
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        as(t, admin).patch(`/projects/${project.id}`, {
          name: `Renamed by writer ${i}`,
          version: project.version,
        }),
      ),
    );
    const ms = Math.round(performance.now() - started);
    const statuses = answers.map((a) => a.status);
    const winners = answers.filter((a) => a.status === 200);
    const after = (
      await t.db.query(`SELECT name, version FROM projects WHERE id = $1`, [project.id])
    ).rows[0];
    const audits = (
      await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE entity = 'project' AND entity_id = $1 AND action = 'update'`,
        [project.id],
      )
    ).rows[0].n;
    printFigures('6. 20 concurrent PATCHes with the same version', {
      requests: CONCURRENT,
      'answered 200': statuses.filter((s) => s === 200).length,
      '409 VERSION_CONFLICT': answers.filter((a) => a.body.code === 'VERSION_CONFLICT').length,
      other: statuses.filter((s) => s !== 200 && s !== 409),
      'version before → after': `${project.version} → ${after.version}`,
      'update audit rows': audits,
      'all answered in': `${ms} ms`,
    });

    expect(winners).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CONCURRENT - 1);
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.body).toMatchObject({ status: 409, code: 'VERSION_CONFLICT' });
    }
    expect(after).toEqual({ name: winners[0].body.name, version: project.version + 1 });
    expect(winners[0].body.version).toBe(project.version + 1);
    expect(audits).toBe(1);
  });
});
