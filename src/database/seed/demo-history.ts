import type { ProjectStage } from '../../projects/project.entity.js';

/** The lifecycle in order; on_hold and dropped branch off it. */
const PATH: ProjectStage[] = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
  'completed',
  'in_operation',
];

// The demo's "now": history is never dated after it, whatever day the seed runs.
const SEED_TODAY = '2026-11-15';

/** Days before (negative) or after the planned start when each stage was reached. */
const OFFSET_FROM_START: Partial<Record<ProjectStage, number>> = {
  negotiating: -240,
  signed: -150,
  preparing: -60,
  under_construction: 0,
};

const REASONS: Partial<Record<ProjectStage, string>> = {
  negotiating: 'Investor confirmed interest; terms under negotiation',
  signed: 'Investment agreement signed',
  preparing: 'Land, permits and design under way',
  under_construction: 'Groundbreaking held; construction started',
  completed: 'Completion acceptance passed',
  in_operation: 'Trial production finished; in operation',
  on_hold: 'On hold: the investor is reviewing its financing',
};

export interface HistoryProject {
  id: string;
  stage: ProjectStage;
  startDate: string | null;
  plannedCompletionDate: string | null;
}

export interface HistoryRow {
  key: string;
  projectId: string;
  fromStage: ProjectStage;
  toStage: ProjectStage;
  reason: string;
  at: string;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** The day a seeded project was entered as a lead: a year before its start, never later. */
export function enteredOn(p: Pick<HistoryProject, 'startDate'>): string {
  return min(addDays(p.startDate ?? addDays(SEED_TODAY, 180), -365), SEED_TODAY);
}

/**
 * A plausible stage history for a seeded project: every step from lead to its stage, dated around
 * its planned start and completion, in order, never after the demo's today. On-hold projects were
 * held while under construction, so they can resume there.
 */
export function stageHistory(p: HistoryProject): HistoryRow[] {
  const target = p.stage === 'on_hold' || p.stage === 'dropped' ? 'under_construction' : p.stage;
  const steps = PATH.slice(1, PATH.indexOf(target) + 1);
  if (p.stage === 'on_hold') steps.push('on_hold');
  // without dates, a project is planned to start half a year after the demo's today
  const start = p.startDate ?? addDays(SEED_TODAY, 180);
  const end = p.plannedCompletionDate ?? addDays(start, 540);
  let previous: ProjectStage = 'lead';
  let last = enteredOn(p);
  const rows: HistoryRow[] = [];
  for (const to of steps) {
    const planned =
      to === 'completed'
        ? end
        : to === 'in_operation'
          ? addDays(end, 30)
          : to === 'on_hold'
            ? addDays(start, 120)
            : addDays(start, OFFSET_FROM_START[to] ?? 0);
    // strictly after the previous step, and not in the demo's future
    const day = min(max(planned, addDays(last, 1)), SEED_TODAY);
    rows.push({
      key: `${p.id}:${to}`,
      projectId: p.id,
      fromStage: previous,
      toStage: to,
      reason: REASONS[to] ?? 'Moved on',
      at: `${day}T02:00:00Z`,
    });
    previous = to;
    last = day;
  }
  return rows;
}
