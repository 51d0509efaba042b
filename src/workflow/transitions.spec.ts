import { describe, expect, it } from '@jest/globals';
import { PROJECT_STAGES, type ProjectStage } from '../projects/project.entity.js';
import {
  allowedTargets,
  canMoveProject,
  checkRequest,
  decideMove,
  isFinal,
  type MoveFacts,
  PROJECT_TRANSITIONS,
} from './transitions.js';

/**
 * The lifecycle written out by hand: one row per `from` stage, one column per `to` stage (in the
 * order of TO), 'x' allowed, '.' refused. The on_hold row is the one with no recorded origin;
 * its way back is tested below for each origin.
 */
const TO = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
  'completed',
  'in_operation',
  'on_hold',
  'dropped',
] as const;
const MATRIX = `
  from \\ to           lead  nego  sign  prep  cons  comp  oper  hold  drop
  lead                 .     x     .     .     .     .     .     x     x
  negotiating          .     .     x     .     .     .     .     x     x
  signed               .     .     .     x     .     .     .     x     x
  preparing            .     .     .     .     x     .     .     x     x
  under_construction   .     .     .     .     .     x     .     x     x
  completed            .     .     .     .     .     .     x     .     .
  in_operation         .     .     .     .     .     .     .     .     .
  on_hold              .     .     .     .     .     .     .     .     x
  dropped              .     .     .     .     .     .     .     .     .
`;

const pairs = MATRIX.trim()
  .split('\n')
  .slice(1)
  .flatMap((line) => {
    const [from, ...marks] = line.trim().split(/\s+/);
    if (marks.length !== TO.length) throw new Error(`matrix row ${from} has ${marks.length} marks`);
    return TO.map((to, i) => ({ from: from as ProjectStage, to, allowed: marks[i] === 'x' }));
  });

const OPEN = ['lead', 'negotiating', 'signed', 'preparing', 'under_construction'] as const;

/** Facts of a move that every guard lets through, to be spoilt one at a time. */
const facts = (over: Partial<MoveFacts>): MoveFacts => ({
  from: 'lead',
  to: 'negotiating',
  override: false,
  signedAt: null,
  heldFrom: null,
  hasContract: false,
  storedSignedAt: null,
  openMilestones: 0,
  ...over,
});

describe('project lifecycle: the transition matrix', () => {
  it('covers the nine stages in both directions: 81 pairs', () => {
    expect([...TO].sort()).toEqual([...PROJECT_STAGES].sort());
    expect(new Set(pairs.map((p) => p.from))).toEqual(new Set(PROJECT_STAGES));
    expect(pairs).toHaveLength(81);
    // five open stages × (next, on_hold, dropped), completed → in_operation, on_hold → dropped
    expect(pairs.filter((p) => p.allowed)).toHaveLength(17);
  });

  it.each(pairs)('$from → $to: allowed $allowed', ({ from, to, allowed }) => {
    expect(canMoveProject(from, to)).toBe(allowed);
    expect(PROJECT_TRANSITIONS[from].includes(to)).toBe(allowed);
    const verdict = decideMove(facts({ from, to, hasContract: true }));
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) {
      expect(verdict.refusal).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
    }
  });

  it('never lets a stage move to itself', () => {
    for (const stage of PROJECT_STAGES) {
      expect({ stage, self: canMoveProject(stage, stage, stage) }).toEqual({ stage, self: false });
    }
  });
});

describe('project lifecycle: on_hold', () => {
  it.each(OPEN)('returns only to the stage it was paused from (%s), or is dropped', (origin) => {
    expect(allowedTargets('on_hold', origin)).toEqual([origin, 'dropped']);
    for (const to of PROJECT_STAGES) {
      const allowed = to === origin || to === 'dropped';
      expect({ to, allowed: canMoveProject('on_hold', to, origin) }).toEqual({ to, allowed });
      const verdict = decideMove(
        facts({ from: 'on_hold', to, heldFrom: origin, hasContract: true }),
      );
      expect({ to, allowed: verdict.allowed }).toEqual({ to, allowed });
    }
  });

  it('may only be dropped when no recorded move into on_hold says where it came from', () => {
    expect(allowedTargets('on_hold', null)).toEqual(['dropped']);
    const verdict = decideMove(facts({ from: 'on_hold', to: 'preparing' }));
    expect(verdict).toMatchObject({ allowed: false, refusal: { status: 409 } });
    if (!verdict.allowed) {
      expect(verdict.refusal.message).toBe(
        'Project cannot move from on_hold to preparing; allowed: dropped (no recorded move into on_hold says which stage it was paused from)',
      );
    }
  });

  it('ignores an origin that is not an open stage (history cannot reopen a closed project)', () => {
    for (const origin of ['completed', 'in_operation', 'dropped', 'on_hold'] as const) {
      expect(allowedTargets('on_hold', origin)).toEqual(['dropped']);
    }
  });
});

describe('project lifecycle: final stages', () => {
  it.each(['in_operation', 'dropped'] as const)('%s goes nowhere and says it is final', (from) => {
    expect(isFinal(from)).toBe(true);
    expect(allowedTargets(from)).toEqual([]);
    const verdict = decideMove(facts({ from, to: 'lead' }));
    expect(verdict).toEqual({
      allowed: false,
      refusal: {
        status: 409,
        code: 'INVALID_TRANSITION',
        message: `Project cannot move from ${from} to lead; ${from} is final`,
        details: [{ field: 'to', message: `${from} is final` }],
      },
    });
  });

  it('has no other final stage: completed still goes into operation', () => {
    expect(PROJECT_STAGES.filter(isFinal)).toEqual(['in_operation', 'dropped']);
  });

  it('names the allowed targets in the message and the details', () => {
    const verdict = decideMove(facts({ from: 'negotiating', to: 'preparing' }));
    expect(verdict).toEqual({
      allowed: false,
      refusal: {
        status: 409,
        code: 'INVALID_TRANSITION',
        message:
          'Project cannot move from negotiating to preparing; allowed: signed, on_hold, dropped',
        details: [{ field: 'to', message: 'must be one of: signed, on_hold, dropped' }],
      },
    });
  });
});

describe('project lifecycle: guards', () => {
  const toSigned = (over: Partial<MoveFacts>) =>
    decideMove(facts({ from: 'negotiating', to: 'signed', ...over }));

  it('signs with a contract, a stored signing date or one sent, and refuses with none', () => {
    expect(toSigned({ hasContract: true })).toEqual({ allowed: true, override: false });
    expect(toSigned({ storedSignedAt: '2025-03-10' })).toEqual({ allowed: true, override: false });
    expect(toSigned({ signedAt: '2025-03-10' })).toEqual({ allowed: true, override: false });
    expect(toSigned({})).toMatchObject({
      allowed: false,
      refusal: { status: 409, code: 'SIGNING_EVIDENCE_REQUIRED' },
    });
  });

  it('asks for signing evidence on the way back from on_hold to signed too', () => {
    const back = (over: Partial<MoveFacts>) =>
      decideMove(facts({ from: 'on_hold', to: 'signed', heldFrom: 'signed', ...over }));
    expect(back({})).toMatchObject({
      allowed: false,
      refusal: { code: 'SIGNING_EVIDENCE_REQUIRED' },
    });
    expect(back({ hasContract: true }).allowed).toBe(true);
  });

  it('completes with every milestone done, or open ones with an override it then records', () => {
    const toCompleted = (over: Partial<MoveFacts>) =>
      decideMove(facts({ from: 'under_construction', to: 'completed', ...over }));
    expect(toCompleted({ openMilestones: 0 })).toEqual({ allowed: true, override: false });
    const open = toCompleted({ openMilestones: 2 });
    expect(open).toMatchObject({
      allowed: false,
      refusal: { status: 409, code: 'MILESTONES_OPEN' },
    });
    if (!open.allowed) expect(open.refusal.message).toMatch(/^2 milestone\(s\)/);
    expect(toCompleted({ openMilestones: 2, override: true })).toEqual({
      allowed: true,
      override: true,
    });
    // nothing was overridden: the row must not say so
    expect(toCompleted({ openMilestones: 0, override: true })).toEqual({
      allowed: true,
      override: false,
    });
  });

  it('checks the graph before the guards', () => {
    const verdict = decideMove(facts({ from: 'lead', to: 'completed', openMilestones: 3 }));
    expect(verdict).toMatchObject({ allowed: false, refusal: { code: 'INVALID_TRANSITION' } });
  });
});

describe('project lifecycle: who may ask what', () => {
  const today = '2026-06-01';
  const ask = (to: ProjectStage, more: { override?: boolean; signedAt?: string } = {}) => ({
    to,
    override: more.override ?? false,
    signedAt: more.signedAt ?? null,
  });

  it('lets only managers and admins drop a project', () => {
    expect(checkRequest('officer', ask('dropped'), today)).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(checkRequest('manager', ask('dropped'), today)).toBeNull();
    expect(checkRequest('admin', ask('dropped'), today)).toBeNull();
    expect(checkRequest('officer', ask('on_hold'), today)).toBeNull();
  });

  it('lets only managers and admins override, and only towards completed', () => {
    expect(checkRequest('officer', ask('completed', { override: true }), today)).toMatchObject({
      status: 403,
    });
    expect(checkRequest('manager', ask('completed', { override: true }), today)).toBeNull();
    expect(checkRequest('admin', ask('completed', { override: true }), today)).toBeNull();
    expect(checkRequest('manager', ask('preparing', { override: true }), today)).toMatchObject({
      status: 400,
      details: [{ field: 'override', message: 'applies only to a move to completed' }],
    });
  });

  it('refuses every move from a viewer', () => {
    for (const to of PROJECT_STAGES) {
      expect(checkRequest('viewer', ask(to), today)).toMatchObject({ status: 403 });
    }
  });

  it('takes a signing date up to today in the zone, only with a move to signed', () => {
    expect(checkRequest('officer', ask('signed', { signedAt: today }), today)).toBeNull();
    expect(checkRequest('officer', ask('signed', { signedAt: '2026-06-02' }), today)).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'signedAt must not be after today (2026-06-01)',
      details: [{ field: 'signedAt', message: 'must not be after today (2026-06-01)' }],
    });
    expect(checkRequest('officer', ask('preparing', { signedAt: today }), today)).toMatchObject({
      status: 400,
      details: [{ field: 'signedAt' }],
    });
  });
});
