/** Every kind of job; each belongs to one queue (JOB_QUEUE in job-payloads.ts). */
export enum JobName {
  /** Finds what is due today in the zone and stores one reminder per (item, kind, day). */
  ReminderScan = 'reminder-scan',
  /** Re-lights every project and opens supervision items for red rules. */
  RuleEvaluation = 'rule-evaluation',
  /** Monday morning: last week's report for the zone and every park, sent to their managers. */
  WeeklyReports = 'weekly-reports',
  /** One weekly report, on demand. */
  WeeklyReport = 'weekly-report',
  /** The 1st of the month: last month's assessment of the whole zone. */
  MonthlyAssessment = 'monthly-assessment',
  /** One notification by e-mail (SMTP_URL set). */
  SendEmail = 'send-email',
  /** A key-project file too big to import within the request. */
  ProjectImport = 'project-import',
  /** Refreshes the dashboard summaries when the data under them changed (every few seconds). */
  DashboardRefresh = 'dashboard-refresh',
}
