import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { idsOf, makeParkWorld, type ParkWorld } from '../factories/park-world.js';
import { bodyFor, type Operation, pathFor } from '../factories/routes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Role rules answer before scope: a manager asking an admin-only route hears 403, not 404.
const ADMIN_ONLY = new Set(['PATCH /api/v1/users/{id}', 'DELETE /api/v1/users/{id}']);
// Not records of a park: zone-wide settings, checked elsewhere.
const NOT_PARK_RECORDS = new Set(['PUT /api/v1/service-requests/settings/{element}']);

describe("no way into another park's records", () => {
  let t: TestApp;
  let a: ParkWorld;
  let b: ParkWorld;
  let operations: Operation[];

  const snapshot = async () => {
    const { rows } = await t.db.query(
      `SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS writes
         FROM pg_stat_user_tables ORDER BY relname`,
    );
    const sums = await t.db.query(`
      SELECT (SELECT md5(string_agg(x::text, ',' ORDER BY x.id)) FROM projects x) AS projects,
             (SELECT md5(string_agg(x::text, ',' ORDER BY x.id)) FROM milestones x) AS milestones,
             (SELECT count(*) FROM audit_log) AS audit`);
    return { tables: rows.length, sums: sums.rows[0] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeParkWorld(t.db, 'PARK-A');
    b = await makeParkWorld(t.db, 'PARK-B');
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => ({ method, template })),
    );
  });
  afterAll(() => t.close());

  it('answers 404 (403 where the role rules first) to a manager of park A on every route of park B', async () => {
    const before = await snapshot();
    const seen: string[] = [];
    for (const { method, template } of operations) {
      const key = `${method.toUpperCase()} ${template}`;
      if (!template.includes('{') || NOT_PARK_RECORDS.has(key)) continue;
      const path = pathFor(template, b);
      expect({ key, resolved: Boolean(path) }).toEqual({ key, resolved: true });
      const call = t.http as unknown as Record<string, (p: string) => import('supertest').Test>;
      const request = call[method](path as string).set(
        'authorization',
        `Bearer ${t.token(a.manager)}`,
      );
      const body = bodyFor(method, template, a);
      const res = await (body ? request.send(body) : request);
      const expected = ADMIN_ONLY.has(key) ? 403 : 404;
      expect({ key, status: res.status }).toEqual({ key, status: expected });
      // and it says nothing about the record it did not find
      for (const id of idsOf(b))
        expect(res.text.includes(id) && res.status !== 404 ? key : '').toBe('');
      seen.push(key);
    }
    expect(seen.length).toBeGreaterThan(60);
    expect(await snapshot()).toEqual(before);
  });

  it("lists nothing of park B to park A's users, on any list", async () => {
    const bIds = idsOf(b);
    for (const user of [a.manager, a.officer, a.viewer]) {
      for (const { method, template } of operations) {
        if (method !== 'get' || template.includes('{') || !template.startsWith('/api/v1/'))
          continue;
        const res = await t.http.get(template).set('authorization', `Bearer ${t.token(user)}`);
        if (res.status !== 200) continue; // a role that may not list it (403) leaks nothing either
        const leaked = bIds.filter((id) => res.text.includes(id));
        expect({ list: template, role: user.role, leaked }).toEqual({
          list: template,
          role: user.role,
          leaked: [],
        });
      }
    }
  });
});
