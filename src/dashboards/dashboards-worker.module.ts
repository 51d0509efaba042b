import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../jobs/job-handlers.js';
import { JobName } from '../jobs/job-name.js';
import { DashboardRefresher } from './dashboard-refresher.js';
import { DashboardSummariesModule } from './dashboard-summaries.module.js';

@Injectable()
class DashboardRefreshHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly refresher: DashboardRefresher,
  ) {}

  onModuleInit() {
    // every 10 s (schedules.ts): refreshes only the views whose data changed, skips a view
    // another process is refreshing right now
    this.registry.register(JobName.DashboardRefresh, async ({ force }) =>
      this.refresher.run({ force: force === true }),
    );
  }
}

/** The debounced refresh of the dashboard summaries. */
@Module({ imports: [DashboardSummariesModule], providers: [DashboardRefreshHandler] })
export class DashboardsWorkerModule {}
