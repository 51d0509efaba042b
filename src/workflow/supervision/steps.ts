import { CommonErrorCode } from '../../common/errors/error-code.js';
import {
  canMove,
  INVALID_TRANSITION,
  type TransitionGraph,
} from '../../common/state/state-machine.js';
import type { Role } from '../../users/user.entity.js';
import type { SupervisionStep } from './supervision-item.entity.js';

/**
 * The steps of a supervision item (督办单) as pure rules: which move is allowed, who may make it,
 * and when the step entered is due. The service reads the item, asks here, then writes.
 */

/**
 * One step forward at a time. The one way back: a reviewer who finds a response wanting sends
 * the item from responded back to in_progress (with a note saying why), and the owner answers
 * again. Closed is final; a project still red after closing gets a new item at the next run.
 */
export const STEP_GRAPH: TransitionGraph<SupervisionStep> = {
  assigned: ['acknowledged'],
  acknowledged: ['in_progress'],
  in_progress: ['responded'],
  responded: ['reviewed', 'in_progress'],
  reviewed: ['closed'],
  closed: [],
};

/** The steps an owning officer takes; reviewing, sending back and closing are a manager's. */
export const OWNER_STEPS: readonly SupervisionStep[] = ['acknowledged', 'in_progress', 'responded'];

/**
 * Days allowed for each step, counted in zone calendar days from the day it is entered: three to
 * acknowledge, two to start, ten to respond, five to review, three to close.
 */
export const STEP_DAYS: Readonly<Record<Exclude<SupervisionStep, 'closed'>, number>> = {
  assigned: 3,
  acknowledged: 2,
  in_progress: 10,
  responded: 5,
  reviewed: 3,
};

/** An item's whole deadline when none is given: today + 30 days. */
export const ITEM_DEADLINE_DAYS = 30;

export const isSendBack = (from: SupervisionStep, to: SupervisionStep) =>
  from === 'responded' && to === 'in_progress';

export interface StepRequest {
  role: Role;
  /** the caller owns the item */
  owner: boolean;
  from: SupervisionStep;
  to: SupervisionStep;
  note?: string | null;
  resolution?: string | null;
}

export interface StepRefusal {
  status: 400 | 403 | 409;
  code: string;
  message: string;
  field?: string;
}

const forbidden = (message: string): StepRefusal => ({
  status: 403,
  code: CommonErrorCode.Forbidden,
  message,
});
const invalid = (field: string, message: string): StepRefusal => ({
  status: 400,
  code: CommonErrorCode.ValidationFailed,
  message: `${field} ${message}`,
  field,
});

/** Why a step may not be taken, or null when it may. Who first (403), then the graph (409). */
export function refuseStep(r: StepRequest): StepRefusal | null {
  if (r.role === 'viewer') return forbidden('Viewers may only read');
  if (r.role === 'officer') {
    if (!r.owner) return forbidden('Officers act only on the supervision items they own');
    if (!OWNER_STEPS.includes(r.to)) {
      return forbidden(`Only a manager may move a supervision item to ${r.to}`);
    }
    if (isSendBack(r.from, r.to)) {
      return forbidden('Only a manager reviewing the response may send it back');
    }
  }
  if (!canMove(STEP_GRAPH, r.from, r.to)) {
    const allowed = STEP_GRAPH[r.from];
    return {
      status: 409,
      code: INVALID_TRANSITION,
      message:
        `A supervision item cannot move from ${r.from} to ${r.to}; ` +
        (allowed.length ? `allowed: ${allowed.join(', ')}` : `${r.from} is final`),
    };
  }
  const resolution = r.resolution?.trim();
  if (r.to === 'closed' && !resolution) return invalid('resolution', 'is required to close');
  if (r.to !== 'closed' && r.resolution !== undefined && r.resolution !== null) {
    return invalid('resolution', 'is given only when closing');
  }
  if (isSendBack(r.from, r.to) && !r.note?.trim()) {
    return invalid('note', 'must say why the response is sent back');
  }
  return null;
}

/** A 'YYYY-MM-DD' date moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When the step entered today is due: today + its days, but never after the item's own deadline
 * (unless that has already passed: then today). A closed item's step date is the day it closed.
 */
export function stepDeadline(step: SupervisionStep, today: string, itemDeadline: string): string {
  if (step === 'closed') return today;
  const due = addDays(today, STEP_DAYS[step]);
  const cap = itemDeadline > today ? itemDeadline : today;
  return due < cap ? due : cap;
}
