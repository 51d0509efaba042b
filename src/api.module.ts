import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { AccessModule } from './common/auth/access.module.js';
import { AuditController } from './common/audit/audit.controller.js';
import { GlobalExceptionFilter } from './common/errors/global-exception.filter.js';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { DashboardsModule } from './dashboards/dashboards.module.js';
import { EnterprisesModule } from './enterprises/enterprises.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthController } from './health/health.controller.js';
import { ImportsModule } from './imports/imports.module.js';
import { JobsController } from './jobs/jobs.controller.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ParksModule } from './parks/parks.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ServiceRequestsModule } from './service-requests/service-requests.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { UsersModule } from './users/users.module.js';
import { VisitsModule } from './visits/visits.module.js';
import { AssessmentModule } from './workflow/assessment/assessment.module.js';
import { WarningsModule } from './workflow/health/warnings.module.js';
import { SupervisionModule } from './workflow/supervision/supervision.module.js';
import { TransitionsModule } from './workflow/transitions.module.js';

/** HTTP: controllers and the services behind them. No queue processors live here. */
@Module({
  imports: [
    AccessModule,
    AuthModule,
    UsersModule,
    ParksModule,
    EnterprisesModule,
    ProjectsModule,
    VisitsModule,
    EventsModule,
    ContractsModule,
    ServiceRequestsModule,
    TimelineModule,
    TransitionsModule,
    WarningsModule,
    SupervisionModule,
    AssessmentModule,
    TargetsModule,
    DashboardsModule,
    ImportsModule,
    ReportsModule,
    NotificationsModule,
  ],
  controllers: [HealthController, AuditController, JobsController],
  providers: [
    { provide: APP_FILTER, useClass: GlobalExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class ApiModule {}
