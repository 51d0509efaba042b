import type { ProjectStage } from '../../projects/project.entity.js';
import { RULE_KINDS, type RuleKind } from './warning-rule.entity.js';

/**
 * The three-colour warning (三色预警) as a pure function: the metrics of one project and the rules
 * in force for its park give its light and the reasons for it. SQL measures (warnings.repository),
 * this decides; nothing here reads a clock or a database.
 */

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

/** One rule in force: a value ≥ yellowAt is yellow, ≥ redAt is red; a null threshold never fires. */
export interface Threshold {
  kind: RuleKind;
  yellowAt: number | null;
  redAt: number | null;
  enabled: boolean;
}

/** What each rule measures; null when there is nothing to measure (no dates, no open milestone). */
export type Metrics = Record<RuleKind, number | null>;

export interface Reason {
  kind: RuleKind;
  value: number;
  yellowAt: number | null;
  redAt: number | null;
  light: Exclude<Light, 'green'>;
  message: string;
}

/** How one rule judged the project; light null when the rule does not apply or cannot fire. */
export interface RuleOutcome {
  kind: RuleKind;
  applies: boolean;
  value: number | null;
  light: Light | null;
}

export interface Assessment {
  /** null for projects that are closed or paused: nothing to warn about */
  light: Light | null;
  /** the rules at yellow or red, worst first */
  reasons: Reason[];
  outcomes: RuleOutcome[];
}

/** Stages where a project is still being promoted; the others carry no light. */
export const OPEN_STAGES: readonly ProjectStage[] = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
];

const COMMITTED: readonly ProjectStage[] = ['signed', 'preparing', 'under_construction'];

/**
 * Where each rule applies. Silence and missed dates matter from the first lead on; pace and money
 * only once there is a signed plan to measure them against (a lead has no schedule to fall behind).
 */
export const RULE_STAGES: Readonly<Record<RuleKind, readonly ProjectStage[]>> = {
  no_progress_days: OPEN_STAGES,
  milestone_overdue_days: OPEN_STAGES,
  behind_pace_percent: COMMITTED,
  investment_shortfall_percent: COMMITTED,
};

const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

/** The light one value earns under one rule, or null when the rule cannot say anything. */
export function ruleLight(value: number | null, rule: Threshold): Light | null {
  if (!rule.enabled || value === null) return null;
  if (rule.redAt !== null && value >= rule.redAt) return 'red';
  if (rule.yellowAt !== null && value >= rule.yellowAt) return 'yellow';
  return 'green';
}

/** The worst light of the enabled rules that apply to the project's stage, with its reasons. */
export function assess(stage: ProjectStage, metrics: Metrics, rules: Threshold[]): Assessment {
  const open = OPEN_STAGES.includes(stage);
  const outcomes: RuleOutcome[] = [];
  const reasons: Reason[] = [];
  for (const kind of RULE_KINDS) {
    const rule = rules.find((r) => r.kind === kind);
    const applies = open && RULE_STAGES[kind].includes(stage);
    const value = metrics[kind];
    const light = applies && rule ? ruleLight(value, rule) : null;
    outcomes.push({ kind, applies, value, light });
    if (rule && value !== null && (light === 'yellow' || light === 'red')) {
      const { yellowAt, redAt } = rule;
      reasons.push({
        kind,
        value,
        yellowAt,
        redAt,
        light,
        message: message(kind, value, rule, light),
      });
    }
  }
  if (!open) return { light: null, reasons: [], outcomes };
  reasons.sort((a, b) => SEVERITY[b.light] - SEVERITY[a.light]);
  return { light: reasons[0]?.light ?? 'green', reasons, outcomes };
}

const number = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const days = (n: number) => `${number(n)} ${n === 1 ? 'day' : 'days'}`;

/** "No progress reported for 93 days (red at 90)": the value and the threshold it crossed. */
export function message(
  kind: RuleKind,
  value: number,
  rule: Pick<Threshold, 'yellowAt' | 'redAt'>,
  light: 'yellow' | 'red',
): string {
  const at = light === 'red' ? rule.redAt : rule.yellowAt;
  const threshold = `(${light} at ${number(at ?? 0)})`;
  switch (kind) {
    case 'no_progress_days':
      return `No progress reported for ${days(value)} ${threshold}`;
    case 'milestone_overdue_days':
      return `A milestone is ${days(value)} overdue ${threshold}`;
    case 'behind_pace_percent':
      return `${number(value)} percentage points behind the planned pace ${threshold}`;
    case 'investment_shortfall_percent':
      return `Verified investment ${number(value)}% short of the planned pace ${threshold}`;
  }
}
