import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeUser, type UserRow } from '../factories/factories.js';
import { makeParkWorld, type ParkWorld } from '../factories/park-world.js';
import { bodyFor, operationsOf, pathFor } from '../factories/routes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Fields a caller must never set: the server owns them. */
const SERVER_OWNED = ['id', 'createdBy', 'realizedInvestment', 'stage', 'deletedAt'];

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: Schema[];
}
interface Doc {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

/** The property names of a request body schema, $refs and allOf followed. */
function propertiesOf(doc: Doc, schema: Schema | undefined): Set<string> {
  if (!schema) return new Set();
  if (schema.$ref) return propertiesOf(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  const own = Object.keys(schema.properties ?? {});
  const inherited = (schema.allOf ?? []).flatMap((s) => Array.from(propertiesOf(doc, s)));
  return new Set([...own, ...inherited]);
}

describe('mass assignment', () => {
  let t: TestApp;
  let a: ParkWorld;
  let b: ParkWorld;
  let admin: UserRow;
  let doc: Doc;

  /** Every table's rows, hashed: any write anywhere changes it. */
  const snapshot = async () => {
    const { rows: tables } = await t.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'migrations'
        ORDER BY 1`,
    );
    const sums = await t.db.query(
      `SELECT ${tables
        .map(
          (x) =>
            `(SELECT md5(COALESCE(string_agg(r::text, ',' ORDER BY r::text), '')) FROM "${x.name}" r) AS "${x.name}"`,
        )
        .join(', ')}`,
    );
    return sums.rows[0] as Record<string, string>;
  };

  /** The JSON write operations of the document, with their body's property names. */
  const writes = () =>
    operationsOf(doc).flatMap(({ method, template }) => {
      const body = doc.paths[template][method].requestBody?.content?.['application/json'];
      if (!['post', 'patch', 'put'].includes(method) || !body) return [];
      if (template === '/api/v1/auth/login') return [];
      return [{ method, template, properties: propertiesOf(doc, body.schema) }];
    });

  const send = (user: UserRow, method: string, path: string, body: object) => {
    const call = t.http as unknown as Record<string, (p: string) => import('supertest').Test>;
    return call[method](path)
      .set('authorization', `Bearer ${t.token(user)}`)
      .send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeParkWorld(t.db, 'PARK-MA');
    b = await makeParkWorld(t.db, 'PARK-MB');
    admin = await makeUser(t.db, { role: 'admin' });
    doc = (await t.http.get('/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  it('answers 400 naming the field when id, createdBy, realizedInvestment, stage or deletedAt rides along on any write', async () => {
    const spare = await makeUser(t.db, { role: 'officer', parkIds: [a.park.id] });
    const world = { ...a, manager: spare } as unknown as ParkWorld;
    const before = await snapshot();
    let checked = 0;
    for (const { method, template, properties } of writes()) {
      const path = template.includes('{') ? pathFor(template, world) : template;
      expect({ template, resolved: Boolean(path) }).toEqual({ template, resolved: true });
      const base = bodyFor(method, template, a) ?? {};
      for (const field of SERVER_OWNED.filter((f) => !properties.has(f))) {
        const res = await send(admin, method, path!, { ...base, [field]: 'x' });
        const named = (res.body.details ?? []).some((d: { field: string }) => d.field === field);
        expect({ op: `${method} ${template}`, field, status: res.status, named }).toEqual({
          op: `${method} ${template}`,
          field,
          status: 400,
          named: true,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 to a role on one’s own user, and the role stays', async () => {
    for (const user of [a.viewer, a.officer, a.manager]) {
      const { rows: own } = await t.db.query(`SELECT version FROM users WHERE id = $1`, [user.id]);
      const res = await send(user, 'patch', '/api/v1/auth/me', {
        role: 'admin',
        version: own[0].version,
      }).expect(400);
      expect(res.body.details).toEqual([{ field: 'role', message: expect.any(String) }]);
      const { rows } = await t.db.query(`SELECT role FROM users WHERE id = $1`, [user.id]);
      expect(rows[0].role).toBe(user.role);
    }
  });

  it('answers 404 to a record moved to a park outside the caller’s parks, and it stays', async () => {
    const before = await snapshot();
    let checked = 0;
    for (const { method, template, properties } of writes()) {
      // admin-only routes (users, zone-wide warning rules) have no caller scope to leave
      if (method === 'post') continue; // moving is a PATCH; creating elsewhere: below
      if (!properties.has('parkId') || /^\/api\/v1\/(users|warning-rules)/.test(template)) continue;
      const path = template.includes('{') ? pathFor(template, a) : template;
      const base = bodyFor(method, template, a) ?? (method === 'patch' ? { version: 1 } : {});
      const res = await send(a.manager, method, path!, { ...base, parkId: b.park.id });
      expect({ op: `${method} ${template}`, status: res.status }).toEqual({
        op: `${method} ${template}`,
        status: 404,
      });
      checked++;
    }
    const create = await send(a.manager, 'post', '/api/v1/projects', {
      code: 'MA-ELSEWHERE',
      name: 'Created in a park not mine',
      parkId: b.park.id,
      plannedInvestment: '1.00',
    });
    expect(create.status).toBe(404);
    expect(checked).toBeGreaterThanOrEqual(5); // projects, enterprises, visits, events, service requests…
    expect(await snapshot()).toEqual(before);
  });

  it('never answers with a password hash, on any read', async () => {
    const reads = operationsOf(doc).filter(
      (o) => o.method === 'get' && o.template.startsWith('/api/v1/'),
    );
    for (const { template } of reads) {
      const path = template.includes('{') ? pathFor(template, a) : template;
      const res = await t.http.get(path!).set('authorization', `Bearer ${t.token(admin)}`);
      expect({ template, hash: /\$argon2|passwordHash|password_hash/i.test(res.text) }).toEqual({
        template,
        hash: false,
      });
    }
    expect(reads.length).toBeGreaterThan(40);
  });
});
