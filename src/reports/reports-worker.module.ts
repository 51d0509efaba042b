import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DomainException } from '../common/errors/domain.exception.js';
import { JobHandlerRegistry } from '../jobs/job-handlers.js';
import { JobName } from '../jobs/job-name.js';
import { ReportsCoreModule } from './reports.module.js';
import { ReportsRepository } from './reports.repository.js';
import { WeeklyReportService } from './weekly-report.service.js';

/** A request the job can never satisfy (no such week or park) fails at once, without retries. */
async function once<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainException && error.status < 500) {
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
}

@Injectable()
class WeeklyReportHandlers implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly weekly: WeeklyReportService,
    private readonly reports: ReportsRepository,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.WeeklyReports, ({ week }) =>
      once(() => this.weekly.generateAll(week)),
    );
    this.registry.register(JobName.WeeklyReport, async ({ week, parkId, regenerate }, job) => {
      const requestedBy = await this.reports.requester(job.id);
      return once(() =>
        this.weekly.generate({ week, parkId, regenerate, requestedBy, jobId: job.id }),
      );
    });
  }
}

/** The weekly reports: Monday's run for the zone and every park, and one on demand. */
@Module({ imports: [ReportsCoreModule], providers: [WeeklyReportHandlers] })
export class ReportsWorkerModule {}
