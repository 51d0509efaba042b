import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { makePark, makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one error body: exactly these keys, and the correlation id also in the header. */
function expectErrorBody(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const keys = ['code', 'correlationId', ...(res.body.details ? ['details'] : []), 'message'];
  expect(Object.keys(res.body).sort()).toEqual([...keys, 'status']);
  if (res.body.details) expect(res.body.details.length).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ status, code, message: expect.any(String) });
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
}

describe('errors', () => {
  let t: TestApp;
  let admin: UserRow;
  let park: ParkRow;

  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const raw = (method: 'post' | 'patch', path: string) =>
    t.http[method](`/api/v1${path}`)
      .set('authorization', `Bearer ${t.token(admin)}`)
      .set('content-type', 'application/json');

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    park = await makePark(t.db);
  });
  afterAll(() => t.close());

  it('answers 400 VALIDATION_FAILED with one detail per field, nested paths included', async () => {
    const res = await as(t, admin).post('/enterprises', {
      name: 42,
      parkId: park.id,
      contacts: [{ name: 'Ok' }, { name: 'Li', email: 'not-an-email' }],
    });
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'name', message: expect.any(String) },
        { field: 'contacts.1.email', message: 'email must be an email' },
      ]),
    );
    expect(
      res.body.details.every((d: { field: string }) =>
        ['name', 'contacts.1.email'].includes(d.field),
      ),
    ).toBe(true);
    expect(res.body.message).toMatch(/name/);
    expect(res.body.message).toMatch(/contacts\.1\.email/);
  });

  it('answers 400 naming unknown body fields, also inside nested objects, and writes nothing', async () => {
    const before = await count('enterprises');
    const res = await as(t, admin).post('/enterprises', {
      name: 'Unknown Fields Co',
      parkId: park.id,
      realizedInvestment: '1.00',
      contacts: [{ name: 'Li', wechat: 'li123' }],
    });
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      { field: 'realizedInvestment', message: 'is not allowed' },
      { field: 'contacts.0.wechat', message: 'is not allowed' },
    ]);
    expect(await count('enterprises')).toBe(before);
  });

  it('answers 400 naming unknown query parameters', async () => {
    const res = await as(t, admin).get('/enterprises?color=red');
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'color', message: 'is not allowed' }]);
    const limit = await as(t, admin).get('/enterprises?limit=101');
    expectErrorBody(limit, 400, 'VALIDATION_FAILED');
    expect(limit.body.details.map((d: { field: string }) => d.field)).toEqual(['limit']);
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON, and writes nothing', async () => {
    const before = await count('enterprises');
    const res = await raw('post', '/enterprises').send(`{"name": "Broken", "parkId": "${park.id}"`);
    expectErrorBody(res, 400, 'MALFORMED_JSON');
    expect(res.body.details).toBeUndefined();
    const empty = await raw('patch', `/parks/${park.id}`).send('');
    // an empty JSON body is no body: refused as a whole, whatever its code
    expect(empty.status).toBe(400);
    expect(empty.body.correlationId).toBe(empty.headers['x-correlation-id']);
    expect(await count('enterprises')).toBe(before);
  });

  it('answers 400 naming the path parameter that is not a UUID', async () => {
    const res = await as(t, admin).get('/parks/12345');
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    const link = await as(t, admin).delete(`/enterprises/${park.id}/chain/not-a-link`);
    expectErrorBody(link, 400, 'VALIDATION_FAILED');
    expect(link.body.details).toEqual([{ field: 'linkId', message: 'must be a UUID' }]);
  });

  it('answers 401 without a token, before any validation or lookup', async () => {
    const res = await t.http.get('/api/v1/parks/not-a-uuid');
    expectErrorBody(res, 401, 'UNAUTHORIZED');
    expect(res.body.details).toBeUndefined();
  });

  it('answers 403 FORBIDDEN to a role that may not do it', async () => {
    const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    const res = await as(t, viewer).post('/enterprises', { name: 'V', parkId: park.id });
    expectErrorBody(res, 403, 'FORBIDDEN');
    expect(res.body.details).toBeUndefined();
  });

  it('answers 404 NOT_FOUND for a missing record and ROUTE_NOT_FOUND for an unknown route', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await as(t, admin).get(`/enterprises/${missing}`);
    expectErrorBody(res, 404, 'NOT_FOUND');
    expect(res.body.message).toContain(missing);
    const route = await as(t, admin).get('/no-such-thing?x=1');
    expectErrorBody(route, 404, 'ROUTE_NOT_FOUND');
    expect(route.body.message).toBe('No route GET /api/v1/no-such-thing');
    // an unknown route says so even without a token
    expectErrorBody(await t.http.delete('/nowhere'), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers 409 for a conflict: a stale version and a duplicate', async () => {
    const stale = await as(t, admin).patch(`/parks/${park.id}`, { name: 'X', version: 99 });
    expectErrorBody(stale, 409, 'VERSION_CONFLICT');
    const dup = await as(t, admin).post('/parks', { name: 'Dup', code: park.code, kind: 'zone' });
    expectErrorBody(dup, 409, 'ALREADY_EXISTS');
    const { rows } = await t.db.query('SELECT name, version FROM parks WHERE id = $1', [park.id]);
    expect(rows[0]).toEqual({ name: park.name, version: 1 });
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB, and takes one just under it', async () => {
    const before = await count('enterprises');
    const big = JSON.stringify({
      name: 'Big',
      parkId: park.id,
      description: 'x'.repeat(1024 * 1024),
    });
    const res = await raw('post', '/enterprises').send(big);
    expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await count('enterprises')).toBe(before);
    // just under the limit the body is parsed and judged on its content (description max 10 000)
    const under = JSON.stringify({
      name: 'U',
      parkId: park.id,
      description: 'x'.repeat(1000 * 1000),
    });
    const judged = await raw('post', '/enterprises').send(under);
    expectErrorBody(judged, 400, 'VALIDATION_FAILED');
    expect(judged.body.details.map((d: { field: string }) => d.field)).toEqual(['description']);
  });

  it('mints a correlation id per request and sends it on successes too', async () => {
    const a = await as(t, admin).get(`/parks/${park.id}`).expect(200);
    const b = await as(t, admin).get(`/parks/${park.id}`).expect(200);
    expect(a.headers['x-correlation-id']).toMatch(UUID);
    expect(b.headers['x-correlation-id']).toMatch(UUID);
    expect(a.headers['x-correlation-id']).not.toBe(b.headers['x-correlation-id']);
  });

  it('echoes a caller’s x-request-id as the correlation id, and replaces one that is not safe', async () => {
    const given = 'req-2026.05:abc_DEF-123';
    const res = await as(t, admin).get('/parks/nope').set('x-request-id', given);
    expectErrorBody(res, 400, 'VALIDATION_FAILED');
    expect(res.headers['x-correlation-id']).toBe(given);
    expect(res.body.correlationId).toBe(given);
    const ok = await as(t, admin).get(`/parks/${park.id}`).set('x-request-id', given).expect(200);
    expect(ok.headers['x-correlation-id']).toBe(given);
    for (const unsafe of ['short', 'has spaces in it', 'x'.repeat(101), 'new\\nline-injection']) {
      const r = await as(t, admin).get('/parks/nope').set('x-request-id', unsafe);
      expect(r.body.correlationId).toMatch(UUID);
      expect(r.headers['x-correlation-id']).toBe(r.body.correlationId);
    }
  });

  it('records a write whose x-request-id is too long for the audit column instead of failing it', async () => {
    const long = `trace-${'y'.repeat(150)}`;
    const res = await as(t, admin)
      .post('/enterprises', { name: 'Long Trace Co', parkId: park.id })
      .set('x-request-id', long);
    expect(res.status).toBe(201);
    const { rows } = await t.db.query(
      `SELECT correlation_id FROM audit_log WHERE entity_id = $1 AND action = 'create'`,
      [res.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(long.startsWith(rows[0].correlation_id) || UUID.test(rows[0].correlation_id)).toBe(true);
  });
});
