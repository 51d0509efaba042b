import { Module } from '@nestjs/common';
import { NotificationWriterModule } from '../notifications/notification-writer.module.js';
import { WarningEvaluationModule } from '../workflow/health/warning-evaluation.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { WeeklyReportRepository } from './weekly-report.repository.js';
import { WeeklyReportService } from './weekly-report.service.js';

/** Building weekly reports, without HTTP: what the worker imports for the jobs. */
@Module({
  imports: [WarningEvaluationModule, NotificationWriterModule],
  providers: [WeeklyReportService, WeeklyReportRepository, ReportsRepository],
  exports: [WeeklyReportService, ReportsRepository],
})
export class ReportsCoreModule {}

/** Weekly progress reports over HTTP: list, read (JSON, xlsx, pdf), ask for one. */
@Module({
  imports: [ReportsCoreModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
