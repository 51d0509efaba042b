import { JobName } from './job-name.js';

export interface Schedule {
  /** The BullMQ job scheduler id: upserting the same id twice changes nothing. */
  id: string;
  job: JobName;
  /** Cron pattern, read in the zone's time zone… */
  pattern?: string;
  /** …or a fixed interval in milliseconds. */
  every?: number;
}

/** Recurring work, applied when a worker boots (never @Cron in the API: it would fire per replica). */
export const SCHEDULES: Schedule[] = [
  { id: 'reminder-scan-daily', job: JobName.ReminderScan, pattern: '0 8 * * *' },
  { id: 'rule-evaluation-hourly', job: JobName.RuleEvaluation, pattern: '5 * * * *' },
  { id: 'weekly-reports-monday', job: JobName.WeeklyReports, pattern: '0 8 * * 1' },
  { id: 'monthly-assessment', job: JobName.MonthlyAssessment, pattern: '30 6 1 * *' },
  // the debounce of the dashboard summaries: refreshed at most this often, only when changed
  { id: 'dashboard-refresh', job: JobName.DashboardRefresh, every: 10_000 },
];
