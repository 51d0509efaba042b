import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../../src/users/user.entity.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { makeParkWorld, type ParkWorld } from '../factories/park-world.js';
import { bodyFor, type Operation, operationsOf, pathFor } from '../factories/routes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may do what, written out as the product's rule (not read back from the code): a route
 * listed here is for the roles named (admins may do everything); any other route may be read
 * by every role and written by every role but viewer.
 */
const ONLY: Record<string, Role[]> = {
  'GET /api/v1/users': ['manager'],
  'GET /api/v1/users/{id}': ['manager'],
  'POST /api/v1/users': [],
  'PATCH /api/v1/users/{id}': [],
  'DELETE /api/v1/users/{id}': [],
  'PATCH /api/v1/auth/me': ['viewer', 'officer', 'manager'],
  'POST /api/v1/parks': ['manager'],
  'PATCH /api/v1/parks/{id}': ['manager'],
  // managers delete sub-parks below their park; the park they are assigned to (the one this
  // matrix points at) only an admin
  'DELETE /api/v1/parks/{id}': [],
  'POST /api/v1/parks/{parkId}/clusters': ['manager'],
  'PATCH /api/v1/parks/{parkId}/clusters/{id}': ['manager'],
  'DELETE /api/v1/parks/{parkId}/clusters/{id}': ['manager'],
  'DELETE /api/v1/projects/{id}': ['manager'],
  'POST /api/v1/projects/{projectId}/investments/{id}/verify': ['manager'],
  'POST /api/v1/targets': ['manager'],
  'PATCH /api/v1/targets/{id}': ['manager'],
  'DELETE /api/v1/targets/{id}': ['manager'],
  'GET /api/v1/audit': ['manager'],
  'POST /api/v1/supervision-items': ['manager'],
  'PATCH /api/v1/supervision-items/{id}': ['manager'],
  'POST /api/v1/supervision-items/evaluate': ['manager'],
  'POST /api/v1/assessments': ['manager'],
  'PATCH /api/v1/assessments/{id}/scores/{scoreId}': ['manager'],
  'POST /api/v1/assessment-formulas': [],
  'POST /api/v1/reports/weekly': ['manager'],
  'POST /api/v1/jobs/reminder-scan': [],
  'POST /api/v1/dashboards/refresh': [],
  'PUT /api/v1/service-requests/settings/{element}': [],
  'POST /api/v1/notifications/read-all': ['viewer', 'officer', 'manager'],
  'POST /api/v1/notifications/{id}/read': ['viewer', 'officer', 'manager'],
};
/** Whole resources for admins only. */
const ADMIN_PREFIXES = ['/api/v1/warning-rules'];
const ROLES: Role[] = ['viewer', 'officer', 'manager', 'admin'];

function allowed(method: string, template: string, role: Role): boolean {
  if (role === 'admin') return true;
  if (ADMIN_PREFIXES.some((prefix) => template.startsWith(prefix))) return false;
  const only = ONLY[`${method.toUpperCase()} ${template}`];
  if (only) return only.includes(role);
  return method === 'get' || role !== 'viewer';
}

describe('each role only what its role may do', () => {
  let t: TestApp;
  let a: ParkWorld;
  let admin: UserRow;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeParkWorld(t.db, 'PARK-R');
    admin = await makeUser(t.db, { role: 'admin' });
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    operations = operationsOf(doc).filter(
      (o) => o.template.startsWith('/api/v1/') && !o.template.startsWith('/api/v1/auth/login'),
    );
  });
  afterAll(() => t.close());

  it('answers 403 exactly where the rule says no, on every route, for every role', async () => {
    // the user routes act on a spare user, never on the callers themselves
    const spare = await makeUser(t.db, { role: 'officer', parkIds: [a.park.id] });
    const world = { ...a, manager: spare } as unknown as ParkWorld;
    const users: Record<Role, UserRow> = {
      viewer: a.viewer,
      officer: a.officer,
      manager: a.manager,
      admin,
    };
    const mismatches: string[] = [];
    let checked = 0;
    for (const { method, template } of operations) {
      const path = template.includes('{') ? pathFor(template, world) : template;
      expect({ template, resolved: Boolean(path) }).toEqual({ template, resolved: true });
      for (const role of ROLES) {
        const call = t.http as unknown as Record<string, (p: string) => import('supertest').Test>;
        const request = call[method](path as string).set(
          'authorization',
          `Bearer ${t.token(users[role])}`,
        );
        const body = bodyFor(method, template, a);
        const res = await (body ? request.send(body) : request);
        const forbidden = res.status === 403;
        if (forbidden === allowed(method, template, role)) {
          mismatches.push(
            `${role} ${method.toUpperCase()} ${template}: ${res.status} ${res.body?.message ?? ''}`,
          );
        }
        expect(res.status).toBeLessThan(500);
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(4 * 80);
  });
});
