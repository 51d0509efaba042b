import { JobName } from './job-name.js';
import { QueueName } from './queue-name.js';

/** The payload of each job: the one map every producer and handler is typed against. */
export interface JobPayloads {
  [JobName.ReminderScan]: { today?: string };
  [JobName.RuleEvaluation]: { parkId?: string };
  [JobName.WeeklyReports]: { week?: string };
  [JobName.WeeklyReport]: { week: string; parkId: string | null; regenerate?: boolean };
  [JobName.MonthlyAssessment]: { period?: string };
  [JobName.SendEmail]: { notificationId: string };
  [JobName.ProjectImport]: { importId: string };
  [JobName.DashboardRefresh]: { force?: boolean };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ReminderScan]: QueueName.Reminders,
  [JobName.RuleEvaluation]: QueueName.Supervision,
  [JobName.WeeklyReports]: QueueName.Reports,
  [JobName.WeeklyReport]: QueueName.Reports,
  [JobName.MonthlyAssessment]: QueueName.Assessment,
  [JobName.SendEmail]: QueueName.Email,
  [JobName.ProjectImport]: QueueName.Imports,
  [JobName.DashboardRefresh]: QueueName.Dashboards,
};
