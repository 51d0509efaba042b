import type { JobsOptions, WorkerOptions } from 'bullmq';
import { JobName } from './job-name.js';
import { QueueName } from './queue-name.js';

const DAY_S = 24 * 3600;

/**
 * Retry, backoff and retention, in one place. Failed jobs are kept (removeOnFail: false): a job
 * that fails all its tries stays visible on the queue dashboard until someone looks at it.
 */
const DEFAULT: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * DAY_S, count: 10_000 },
  removeOnFail: false,
};

const BY_JOB: Partial<Record<JobName, JobsOptions>> = {
  // SMTP outages last minutes: up to ~17 min of retries, one e-mail per job so a bad
  // address fails alone
  [JobName.SendEmail]: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  [JobName.WeeklyReports]: { attempts: 3 },
  [JobName.MonthlyAssessment]: { attempts: 3 },
  // an import that failed is reported on the import itself; a retry would fail the same way
  [JobName.ProjectImport]: { attempts: 1 },
  // runs every few seconds: keep little history
  [JobName.DashboardRefresh]: {
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 1000 },
  },
};

export function jobOptions(name: JobName, extra: JobsOptions = {}): JobsOptions {
  return { ...DEFAULT, ...BY_JOB[name], ...extra };
}

/** Worker settings per queue: how many jobs at once, and how long a lock lives without renewal. */
export const WORKER_OPTIONS: Record<
  QueueName,
  Pick<WorkerOptions, 'concurrency' | 'lockDuration'>
> = {
  [QueueName.Reminders]: { concurrency: 1, lockDuration: 60_000 },
  [QueueName.Supervision]: { concurrency: 1, lockDuration: 120_000 },
  [QueueName.Reports]: { concurrency: 2, lockDuration: 120_000 },
  [QueueName.Assessment]: { concurrency: 1, lockDuration: 300_000 },
  [QueueName.Email]: { concurrency: 5, lockDuration: 30_000 },
  [QueueName.Imports]: { concurrency: 1, lockDuration: 120_000 },
  [QueueName.Dashboards]: { concurrency: 1, lockDuration: 60_000 },
};
