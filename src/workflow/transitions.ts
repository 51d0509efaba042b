import { CommonErrorCode, type FieldError } from '../common/errors/error-code.js';
import type { TransitionGraph } from '../common/state/state-machine.js';
import type { ProjectStage } from '../projects/project.entity.js';
import type { Role } from '../users/user.entity.js';

/**
 * The lifecycle of a key project, as plain data and functions of plain data: no database, no
 * clock. The service gathers the facts (stage, history, contracts, milestones, today) and asks
 * here whether a move may pass.
 */

/** Stages a project can still be paused or dropped from. */
export const OPEN_STAGES: readonly ProjectStage[] = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
];

/**
 * One step forward at a time; any open stage may pause (on_hold) or stop (dropped). on_hold lists
 * only dropped here: the way back is the stage it was paused from, which the history says
 * (see allowedTargets).
 */
export const PROJECT_TRANSITIONS: TransitionGraph<ProjectStage> = {
  lead: ['negotiating', 'on_hold', 'dropped'],
  negotiating: ['signed', 'on_hold', 'dropped'],
  signed: ['preparing', 'on_hold', 'dropped'],
  preparing: ['under_construction', 'on_hold', 'dropped'],
  under_construction: ['completed', 'on_hold', 'dropped'],
  completed: ['in_operation'],
  in_operation: [],
  on_hold: ['dropped'],
  dropped: [],
};

/** Codes of the refusals specific to the lifecycle (the common ones come from CommonErrorCode). */
export enum TransitionErrorCode {
  /** The same code as every other state machine (common/state/state-machine.ts). */
  InvalidTransition = 'INVALID_TRANSITION',
  SigningEvidenceRequired = 'SIGNING_EVIDENCE_REQUIRED',
  MilestonesOpen = 'MILESTONES_OPEN',
}

/** Why a move does not pass, in the shape the global filter answers with. */
export interface Refusal {
  status: 400 | 403 | 409;
  code: TransitionErrorCode | CommonErrorCode;
  message: string;
  details?: FieldError[];
}

export const isFinal = (stage: ProjectStage) => PROJECT_TRANSITIONS[stage].length === 0;

/**
 * Where a project may go from `from`. From on_hold: back to `heldFrom` (the stage of the latest
 * move into on_hold) or dropped; with no such move on record, only dropped.
 */
export function allowedTargets(
  from: ProjectStage,
  heldFrom: ProjectStage | null = null,
): ProjectStage[] {
  if (from === 'on_hold' && heldFrom && OPEN_STAGES.includes(heldFrom)) {
    return [heldFrom, ...PROJECT_TRANSITIONS.on_hold];
  }
  return [...PROJECT_TRANSITIONS[from]];
}

export const canMoveProject = (
  from: ProjectStage,
  to: ProjectStage,
  heldFrom?: ProjectStage | null,
) => allowedTargets(from, heldFrom).includes(to);

/** What the caller asked for, before anything is read. */
export interface MoveRequest {
  to: ProjectStage;
  override: boolean;
  /** Signing date sent with the move ('YYYY-MM-DD'), or null. */
  signedAt: string | null;
}

const forbidden = (message: string): Refusal => ({
  status: 403,
  code: CommonErrorCode.Forbidden,
  message,
});

const invalid = (field: string, message: string): Refusal => ({
  status: 400,
  code: CommonErrorCode.ValidationFailed,
  message: `${field} ${message}`,
  details: [{ field, message }],
});

/**
 * Checks that need only the caller and the body: the role (403) first, as the guard would, then
 * the body's own consistency (400). `today` is the zone's calendar date.
 */
export function checkRequest(role: Role, r: MoveRequest, today: string): Refusal | null {
  if (role === 'viewer') return forbidden('Viewers may only read');
  const approver = role === 'manager' || role === 'admin';
  if (r.to === 'dropped' && !approver) {
    return forbidden('Only a manager or an admin may drop a project');
  }
  if (r.override && !approver) {
    return forbidden('Only a manager or an admin may override open milestones');
  }
  if (r.override && r.to !== 'completed') {
    return invalid('override', 'applies only to a move to completed');
  }
  if (r.signedAt !== null && r.to !== 'signed') {
    return invalid('signedAt', 'may be sent only with a move to signed');
  }
  if (r.signedAt !== null && r.signedAt > today) {
    return invalid('signedAt', `must not be after today (${today})`);
  }
  return null;
}

/** What the database says about the project at the moment of the move (row locked). */
export interface MoveFacts extends MoveRequest {
  from: ProjectStage;
  /** fromStage of the latest move into on_hold, if any. */
  heldFrom: ProjectStage | null;
  /** A contract points at the project, or the project was made from one. */
  hasContract: boolean;
  /** The signing date already stored on the project. */
  storedSignedAt: string | null;
  openMilestones: number;
}

export type Verdict = { allowed: true; override: boolean } | { allowed: false; refusal: Refusal };

const refuse = (refusal: Refusal): Verdict => ({ allowed: false, refusal });

/**
 * The graph, then the guard of the target stage. `override` in the verdict says whether the
 * manager's override was actually needed (milestones still open): that is what the transition
 * row records.
 */
export function decideMove(f: MoveFacts): Verdict {
  const allowed = allowedTargets(f.from, f.heldFrom);
  if (!allowed.includes(f.to)) {
    let why: string;
    if (allowed.length === 0) why = `${f.from} is final`;
    else {
      why = `allowed: ${allowed.join(', ')}`;
      if (f.from === 'on_hold' && allowed.length === 1) {
        why += ' (no recorded move into on_hold says which stage it was paused from)';
      }
    }
    return refuse({
      status: 409,
      code: TransitionErrorCode.InvalidTransition,
      message: `Project cannot move from ${f.from} to ${f.to}; ${why}`,
      details: [
        {
          field: 'to',
          message: allowed.length ? `must be one of: ${allowed.join(', ')}` : `${f.from} is final`,
        },
      ],
    });
  }
  if (f.to === 'signed' && !f.hasContract && !f.signedAt && !f.storedSignedAt) {
    return refuse({
      status: 409,
      code: TransitionErrorCode.SigningEvidenceRequired,
      message:
        'A project is signed only with a contract (linked to it, or the one it was made from) or a signing date: send signedAt, or link the contract first',
    });
  }
  if (f.to === 'completed' && f.openMilestones > 0) {
    if (!f.override) {
      return refuse({
        status: 409,
        code: TransitionErrorCode.MilestonesOpen,
        message: `${f.openMilestones} milestone(s) of the project are still open: complete them, or have a manager send override: true`,
      });
    }
    return { allowed: true, override: true };
  }
  return { allowed: true, override: false };
}
