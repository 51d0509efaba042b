import { describe, expect, it } from '@jest/globals';
import { SUPERVISION_STEPS, type SupervisionStep } from './supervision-item.entity.js';
import { refuseStep, type StepRequest, stepDeadline } from './steps.js';

const manager = (from: SupervisionStep, to: SupervisionStep, extra: Partial<StepRequest> = {}) =>
  refuseStep({ role: 'manager', owner: false, from, to, ...extra });
const officer = (from: SupervisionStep, to: SupervisionStep, extra: Partial<StepRequest> = {}) =>
  refuseStep({ role: 'officer', owner: true, from, to, ...extra });

const CLOSE = { resolution: 'Contractor back on site; schedule recovered' };
const BACK = { note: 'The response names no date' };

describe('supervision steps', () => {
  it('allows exactly one step forward, and a reviewer sending a response back', () => {
    // a resolution goes only with closing; a note is welcome on any step
    const allowed = SUPERVISION_STEPS.flatMap((from) =>
      SUPERVISION_STEPS.filter(
        (to) => manager(from, to, to === 'closed' ? CLOSE : BACK) === null,
      ).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'assigned→acknowledged',
        'acknowledged→in_progress',
        'in_progress→responded',
        'responded→reviewed',
        'responded→in_progress',
        'reviewed→closed',
      ].sort(),
    );
  });

  it('refuses backwards and sideways moves with 409 naming the allowed ones', () => {
    expect(manager('in_progress', 'acknowledged')).toEqual({
      status: 409,
      code: 'INVALID_TRANSITION',
      message:
        'A supervision item cannot move from in_progress to acknowledged; allowed: responded',
    });
    expect(manager('assigned', 'responded')?.status).toBe(409);
    expect(manager('assigned', 'assigned')?.status).toBe(409);
    expect(manager('closed', 'in_progress')?.message).toMatch(/closed is final/);
  });

  it('lets an owning officer acknowledge, work and respond, and nothing more', () => {
    expect(officer('assigned', 'acknowledged')).toBeNull();
    expect(officer('acknowledged', 'in_progress')).toBeNull();
    expect(officer('in_progress', 'responded')).toBeNull();
    expect(officer('responded', 'reviewed')?.status).toBe(403);
    expect(officer('reviewed', 'closed', CLOSE)?.status).toBe(403);
    expect(officer('responded', 'in_progress', BACK)).toMatchObject({
      status: 403,
      message: 'Only a manager reviewing the response may send it back',
    });
    // an allowed kind of step, but not from here: the graph answers
    expect(officer('in_progress', 'acknowledged')?.status).toBe(409);
  });

  it('keeps officers off items they do not own, and viewers off all', () => {
    expect(
      refuseStep({ role: 'officer', owner: false, from: 'assigned', to: 'acknowledged' }),
    ).toMatchObject({
      status: 403,
      message: 'Officers act only on the supervision items they own',
    });
    expect(
      refuseStep({ role: 'viewer', owner: true, from: 'assigned', to: 'acknowledged' })?.status,
    ).toBe(403);
    expect(
      refuseStep({ role: 'admin', owner: false, from: 'reviewed', to: 'closed', ...CLOSE }),
    ).toBeNull();
  });

  it('closes only with a resolution, and takes one only when closing', () => {
    for (const resolution of [undefined, null, '', '   ']) {
      expect(manager('reviewed', 'closed', { resolution })).toMatchObject({
        status: 400,
        field: 'resolution',
      });
    }
    expect(manager('responded', 'reviewed', CLOSE)).toMatchObject({
      status: 400,
      field: 'resolution',
    });
  });

  it('sends a response back only with a note saying why', () => {
    expect(manager('responded', 'in_progress')).toMatchObject({ status: 400, field: 'note' });
    expect(manager('responded', 'in_progress', BACK)).toBeNull();
  });

  it('dates each step from the day it is entered, within the item deadline', () => {
    expect(stepDeadline('assigned', '2026-06-01', '2026-07-01')).toBe('2026-06-04');
    expect(stepDeadline('acknowledged', '2026-06-01', '2026-07-01')).toBe('2026-06-03');
    expect(stepDeadline('in_progress', '2026-06-25', '2026-07-01')).toBe('2026-07-01');
    expect(stepDeadline('responded', '2026-12-30', '2027-01-31')).toBe('2027-01-04');
    expect(stepDeadline('reviewed', '2026-06-01', '2026-07-01')).toBe('2026-06-04');
    // an item already past its deadline: the step is due today
    expect(stepDeadline('in_progress', '2026-06-10', '2026-06-01')).toBe('2026-06-10');
    expect(stepDeadline('closed', '2026-06-10', '2026-07-01')).toBe('2026-06-10');
  });
});
