import type { ProjectStage } from '../projects/project.entity.js';

/**
 * The frozen snapshot of a weekly report (reports.data), and the arithmetic of its deltas against
 * the previous report. Pure: the repository measures, the service assembles, this compares.
 *
 * Two kinds of numbers: what happened in the week (visits, signings, stage changes, money
 * verified, milestones completed, items opened and closed, lights that changed colour), and the
 * state at the week's end (Monday 00:00 in the zone): projects by stage, milestones overdue,
 * items open, the red list.
 */

export const WEEKLY_REPORT_SCHEMA = 1;

/** An amount in one currency, as a decimal string (never a float). */
export interface Money {
  currency: string;
  amount: string;
}

export const COUNT_KEYS = [
  'visits',
  'events',
  'contracts',
  'stageChanges',
  'milestonesCompleted',
  'milestonesOverdue',
  'supervisionOpened',
  'supervisionClosed',
  'lightChanges',
  'redProjects',
  'projects',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export const MONEY_KEYS = ['contractAmount', 'investmentVerified'] as const;
export type MoneyKey = (typeof MONEY_KEYS)[number];

/** The headline numbers, in the order the bulletin shows them; labels in Chinese and English. */
export const KEY_LABELS: Record<CountKey | MoneyKey, string> = {
  visits: '来访/出访 Visits',
  events: '招商活动 Events',
  contracts: '签约项目 Contracts signed',
  contractAmount: '签约金额 Contract amount',
  investmentVerified: '到位资金 Investment verified',
  stageChanges: '阶段变化 Stage changes',
  milestonesCompleted: '完成节点 Milestones completed',
  milestonesOverdue: '逾期节点 Milestones overdue',
  supervisionOpened: '新增督办 Supervision opened',
  supervisionClosed: '办结督办 Supervision closed',
  lightChanges: '预警变色 Light changes',
  redProjects: '红灯项目 Red projects',
  projects: '项目总数 Projects',
};

export const STAGE_LABELS: Record<ProjectStage, string> = {
  lead: '推介 Lead',
  negotiating: '在谈 Negotiating',
  signed: '签约 Signed',
  preparing: '拟开工 Preparing',
  under_construction: '在建 Under construction',
  completed: '竣工 Completed',
  in_operation: '投产 In operation',
  on_hold: '暂停 On hold',
  dropped: '终止 Dropped',
};

export type KeyNumbers = Record<CountKey, number> & Record<MoneyKey, Money[]>;

export interface CountDelta {
  current: number;
  previous: number;
  change: number;
}

export interface MoneyDelta {
  currency: string;
  current: string;
  previous: string;
  change: string;
}

export type Deltas = Record<CountKey, CountDelta> & Record<MoneyKey, MoneyDelta[]>;

export interface StageRow {
  stage: ProjectStage;
  count: number;
  plannedInvestment: Money[];
}

export interface StageChange {
  projectId: string;
  code: string;
  name: string;
  fromStage: ProjectStage;
  toStage: ProjectStage;
  at: string;
}

export interface ContractItem {
  id: string;
  code: string;
  title: string;
  parkName: string;
  signedAt: string;
  amount: string;
  currency: string;
  status: string;
}

export interface EventItem {
  id: string;
  name: string;
  kind: string;
  parkName: string;
  startDate: string;
}

export interface VerifiedMoney extends Money {
  tranches: number;
}

export interface MilestoneItem {
  id: string;
  projectCode: string;
  projectName: string;
  title: string;
  dueDate: string;
  completedAt: string | null;
  /** completed: on or before its due day (zone calendar); overdue: days past due at week end */
  onTime?: boolean;
  daysOverdue?: number;
}

export interface SupervisionItemRow {
  id: string;
  projectCode: string;
  projectName: string;
  severity: string;
  reason: string;
  deadline: string;
  status: string;
}

export interface LightChange {
  projectId: string;
  code: string;
  name: string;
  /** the light before the week's first change, and after its last */
  from: string | null;
  to: string | null;
  changes: number;
  lastChangedAt: string;
}

export interface RedProject {
  projectId: string;
  code: string;
  name: string;
  parkName: string;
  stage: ProjectStage;
  /** when it last turned red, if the audit says (a light set before the audit began: null) */
  redSince: string | null;
  reasons: string[];
}

export interface WeeklyReportData {
  schemaVersion: number;
  scope: { parkId: string | null; parkCode: string | null; name: string; parks: number };
  week: { period: string; start: string; end: string; timeZone: string; yearStart: string };
  keyNumbers: KeyNumbers;
  deals: {
    visits: { count: number; inbound: number; outbound: number };
    events: { count: number; items: EventItem[] };
    contracts: { count: number; amounts: Money[]; items: ContractItem[] };
  };
  projects: { total: number; byStage: StageRow[]; stageChanges: StageChange[] };
  investment: {
    verifiedThisWeek: VerifiedMoney[];
    verifiedYearToDate: VerifiedMoney[];
    /** there is no targets table yet: always [] until targets are modelled */
    targets: unknown[];
    targetsNote: string;
  };
  milestones: {
    completed: { count: number; items: MilestoneItem[] };
    overdue: { count: number; items: MilestoneItem[] };
  };
  supervision: {
    opened: { count: number; items: SupervisionItemRow[] };
    closed: { count: number; items: SupervisionItemRow[] };
    openAtWeekEnd: number;
  };
  lights: { changes: LightChange[]; turnedRed: number; leftRed: number };
  redList: RedProject[];
  previous: { reportId: string; period: string } | null;
  deltas: Deltas | null;
}

// Money arithmetic in cents: numeric(20,2) sums need more digits than a double holds exactly.
const CENTS = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): bigint {
  const match = CENTS.exec(amount);
  if (!match) throw new Error(`not an amount: ${amount}`);
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function moneyDeltas(current: Money[], previous: Money[]): MoneyDelta[] {
  const currencies = [...new Set([...current, ...previous].map((m) => m.currency))].sort();
  const amountOf = (list: Money[], currency: string) =>
    toCents(list.find((m) => m.currency === currency)?.amount ?? '0');
  return currencies.map((currency) => {
    const now = amountOf(current, currency);
    const before = amountOf(previous, currency);
    return {
      currency,
      current: fromCents(now),
      previous: fromCents(before),
      change: fromCents(now - before),
    };
  });
}

/**
 * This report's key numbers against the previous report's (null without one). A number the
 * previous snapshot does not carry counts as 0 there.
 */
export function computeDeltas(
  current: KeyNumbers,
  previous: Partial<KeyNumbers> | null | undefined,
): Deltas | null {
  if (!previous) return null;
  const counts = Object.fromEntries(
    COUNT_KEYS.map((key) => {
      const before = previous[key] ?? 0;
      return [key, { current: current[key], previous: before, change: current[key] - before }];
    }),
  ) as Record<CountKey, CountDelta>;
  const money = Object.fromEntries(
    MONEY_KEYS.map((key) => [key, moneyDeltas(current[key], previous[key] ?? [])]),
  ) as Record<MoneyKey, MoneyDelta[]>;
  return { ...counts, ...money };
}
