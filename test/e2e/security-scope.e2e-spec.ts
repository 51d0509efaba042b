import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { idsOf, makeParkWorld, type ParkWorld } from '../factories/park-world.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Operation {
  method: string;
  template: string;
}

/** The record ids a route's path takes, from park B's world: a rule per resource. */
function pathFor(template: string, b: ParkWorld): string | undefined {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^\/api\/v1\/users\/\{id\}$/, () => `/api/v1/users/${b.manager.id}`],
    [/^\/api\/v1\/jobs\/\{id\}$/, () => `/api/v1/jobs/${b.job.id}`],
    [
      /^\/api\/v1\/notifications\/\{id\}\/read$/,
      () => `/api/v1/notifications/${b.notification.id}/read`,
    ],
    [/^\/api\/v1\/parks\/\{id\}$/, () => `/api/v1/parks/${b.park.id}`],
    [
      /^\/api\/v1\/parks\/\{parkId\}\/clusters(\/\{id\})?$/,
      (m) => `/api/v1/parks/${b.park.id}/clusters${m[1] ? `/${b.cluster.id}` : ''}`,
    ],
    [
      /^\/api\/v1\/enterprises\/\{id\}\/chain\/segments(\/\{segmentId\})?$/,
      (m) =>
        `/api/v1/enterprises/${b.enterprise.id}/chain/segments${m[1] ? `/${b.segment.id}` : ''}`,
    ],
    [/^\/api\/v1\/targets\/\{id\}$/, () => `/api/v1/targets/${b.target.id}`],
    [/^\/api\/v1\/imports\/\{id\}$/, () => `/api/v1/imports/${b.projectImport.id}`],
    [
      /^\/api\/v1\/enterprises\/\{id\}\/chain\/\{linkId\}$/,
      () => `/api/v1/enterprises/${b.enterprise.id}/chain/${b.link.id}`,
    ],
    [
      /^\/api\/v1\/enterprises\/\{id\}(\/[a-z-]+)?$/,
      (m) => `/api/v1/enterprises/${b.enterprise.id}${m[1] ?? ''}`,
    ],
    [
      /^\/api\/v1\/projects\/\{projectId\}\/(milestones|progress|investments|inspections)(\/\{(?:id|inspectionId)\})?(\/verify)?$/,
      (m) => {
        const child = {
          milestones: b.milestone,
          progress: b.progress,
          investments: b.tranche,
          inspections: b.inspection,
        }[m[1] as 'milestones' | 'progress' | 'investments' | 'inspections'];
        return `/api/v1/projects/${b.project.id}/${m[1]}${m[2] ? `/${child.id}` : ''}${m[3] ?? ''}`;
      },
    ],
    [
      /^\/api\/v1\/projects\/\{id\}(\/[a-z-]+)?$/,
      (m) => `/api/v1/projects/${b.project.id}${m[1] ?? ''}`,
    ],
    [
      /^\/api\/v1\/visits\/\{visitId\}\/follow-ups(\/\{id\})?$/,
      (m) => `/api/v1/visits/${b.visit.id}/follow-ups${m[1] ? `/${b.followUp.id}` : ''}`,
    ],
    [/^\/api\/v1\/visits\/\{id\}$/, () => `/api/v1/visits/${b.visit.id}`],
    [/^\/api\/v1\/events\/\{id\}$/, () => `/api/v1/events/${b.event.id}`],
    [
      /^\/api\/v1\/contracts\/\{id\}(\/[a-z-]+)?$/,
      (m) => `/api/v1/contracts/${b.contract.id}${m[1] ?? ''}`,
    ],
    [
      /^\/api\/v1\/service-requests\/\{id\}(\/[a-z-]+)?$/,
      (m) => `/api/v1/service-requests/${b.serviceRequest.id}${m[1] ?? ''}`,
    ],
    [
      /^\/api\/v1\/supervision-items\/\{id\}(\/[a-z-]+)?$/,
      (m) => `/api/v1/supervision-items/${b.supervisionItem.id}${m[1] ?? ''}`,
    ],
    [
      /^\/api\/v1\/assessments\/\{id\}\/scores\/\{scoreId\}$/,
      () => `/api/v1/assessments/${b.assessment.id}/scores/${b.score.id}`,
    ],
    [/^\/api\/v1\/assessments\/\{id\}$/, () => `/api/v1/assessments/${b.assessment.id}`],
    [/^\/api\/v1\/reports\/\{id\}$/, () => `/api/v1/reports/${b.report.id}`],
  ];
  for (const [pattern, build] of rules) {
    const match = template.match(pattern);
    if (match) return build(match);
  }
  return undefined;
}

/** A body that passes validation, so what answers is the scope check, not the pipe. */
function bodyFor(method: string, template: string, a: ParkWorld): object | undefined {
  const bodies: Record<string, object> = {
    'POST /api/v1/parks/{parkId}/clusters': { name: 'Intruder cluster' },
    'POST /api/v1/enterprises/{id}/chain': {
      enterpriseId: a.member.id,
      position: 'upstream',
      segment: 'x',
    },
    'POST /api/v1/projects/{projectId}/milestones': { title: 'x', dueDate: '2030-01-01' },
    'POST /api/v1/enterprises/{id}/chain/segments': { position: 'upstream', name: 'x' },
    'POST /api/v1/projects/{projectId}/progress': { date: '2025-01-02', note: 'x' },
    'POST /api/v1/projects/{projectId}/investments': {
      date: '2025-01-02',
      amount: '1.00',
      evidenceRef: 'x',
    },
    'POST /api/v1/projects/{projectId}/inspections': {
      date: '2025-01-02',
      inspectors: ['x'],
      findings: 'x',
      rating: 'good',
    },
    'POST /api/v1/visits/{visitId}/follow-ups': { action: 'x', dueDate: '2030-01-01' },
    'POST /api/v1/service-requests/{id}/follow-up-check': { satisfaction: 5 },
    'POST /api/v1/projects/{id}/transitions': { to: 'negotiating', reason: 'x', version: 1 },
    'POST /api/v1/supervision-items/{id}/steps': { to: 'acknowledged', note: 'x' },
    'PATCH /api/v1/assessments/{id}/scores/{scoreId}': {
      adjustedScore: 50,
      reason: 'x',
      version: 1,
    },
  };
  const key = `${method.toUpperCase()} ${template}`;
  if (bodies[key]) return bodies[key];
  if (method === 'patch') return { version: 1 };
  return undefined;
}

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
