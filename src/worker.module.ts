import { Module } from '@nestjs/common';
import { DashboardsWorkerModule } from './dashboards/dashboards-worker.module.js';
import { ImportsWorkerModule } from './imports/imports-worker.module.js';
import { WorkerRunner } from './jobs/worker-runner.js';
import { EmailWorkerModule } from './notifications/email-worker.module.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { RemindersWorkerModule } from './reminders/reminders-worker.module.js';
import { ReportsWorkerModule } from './reports/reports-worker.module.js';
import { AssessmentWorkerModule } from './workflow/assessment/assessment-worker.module.js';
import { SupervisionWorkerModule } from './workflow/supervision/supervision-worker.module.js';

/**
 * Background work (APP_ROLES containing worker): the outbox relay, one BullMQ worker per queue,
 * the job schedulers, and the feature modules that register what each job does. No controllers.
 */
@Module({
  imports: [
    RemindersWorkerModule,
    SupervisionWorkerModule,
    ReportsWorkerModule,
    AssessmentWorkerModule,
    EmailWorkerModule,
    ImportsWorkerModule,
    DashboardsWorkerModule,
  ],
  providers: [OutboxRelay, WorkerRunner],
})
export class WorkerModule {}
