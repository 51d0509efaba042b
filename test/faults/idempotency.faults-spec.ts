import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePark, makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { printFigures } from './support/figures.js';

const CONCURRENT = 50;

/** Scenario 8: a client retries one create fifty times at once, then once with another body. */
describe('50 concurrent POSTs with one Idempotency-Key', () => {
  let t: TestApp;
  let park: ParkRow;
  let manager: UserRow;

  const count = async (code: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM projects WHERE code = $1`, [code])).rows[0]
      .n as number;

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '20' });
    park = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it('creates one row, answers all fifty alike, and 422 for the key with another body', async () => {
    const key = randomUUID();
    const body = { code: 'IDEM-50', name: 'Retried', parkId: park.id, plannedInvestment: '1.00' };
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        as(t, manager).post('/projects', body).set('idempotency-key', key),
      ),
    );
    const ms = Math.round(performance.now() - started);
    const other = await as(t, manager)
      .post('/projects', { ...body, name: 'Another body' })
      .set('idempotency-key', key);
    const rows = await count('IDEM-50');
    const audits = (
      await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'project' AND action = 'create'
            AND after->>'code' = 'IDEM-50'`,
      )
    ).rows[0].n;
    const replayed = answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length;
    printFigures('8. 50 concurrent POSTs with one Idempotency-Key', {
      requests: CONCURRENT,
      statuses: [...new Set(answers.map((a) => a.status))],
      'ran the handler': CONCURRENT - replayed,
      'replayed the first reply': replayed,
      'distinct reply bodies': new Set(answers.map((a) => a.text)).size,
      'rows created': rows,
      'create audit rows': audits,
      'same key, another body': `${other.status} ${other.body.code}`,
      'all answered in': `${ms} ms`,
    });

    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(replayed).toBe(CONCURRENT - 1);
    expect(rows).toBe(1);
    expect(audits).toBe(1);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('IDEM-50')).toBe(1);
  });
});
