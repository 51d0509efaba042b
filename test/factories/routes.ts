import type { ParkWorld } from './park-world.js';

/**
 * Every route of the OpenAPI document made concrete for one park's world: the ids its path
 * takes and a body that passes validation. Shared by the security matrices (scope, roles, mass
 * assignment), which walk the document so that a new route cannot be left out.
 */
export interface Operation {
  method: string;
  template: string;
}

/** The record ids a route's path takes, from park B's world: a rule per resource. */
export function pathFor(template: string, b: ParkWorld): string | undefined {
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
    [
      /^\/api\/v1\/service-requests\/settings\/\{element\}$/,
      () => `/api/v1/service-requests/settings/land`,
    ],
    [/^\/api\/v1\/reports\/\{id\}$/, () => `/api/v1/reports/${b.report.id}`],
  ];
  for (const [pattern, build] of rules) {
    const match = template.match(pattern);
    if (match) return build(match);
  }
  return undefined;
}

/** A body that passes validation, so what answers is the scope check, not the pipe. */
export function bodyFor(method: string, template: string, a: ParkWorld): object | undefined {
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
    'PUT /api/v1/service-requests/settings/{element}': { defaultDueDays: 15 },
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

/** Every operation of the document, as method (lower case) and path template. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({ method, template })),
  );
}
