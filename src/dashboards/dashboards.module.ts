import { Module } from '@nestjs/common';
import { ParksModule } from '../parks/parks.module.js';
import { ChainsDashboardService } from './chains-dashboard.service.js';
import { ChainsRepository } from './chains.repository.js';
import { DashboardSummariesModule } from './dashboard-summaries.module.js';
import { DashboardsController } from './dashboards.controller.js';
import { DashboardsRepository } from './dashboards.repository.js';
import { DashboardsService } from './dashboards.service.js';

/** Manager dashboards, read from the maintained summaries. */
@Module({
  imports: [ParksModule, DashboardSummariesModule],
  controllers: [DashboardsController],
  providers: [DashboardsService, DashboardsRepository, ChainsDashboardService, ChainsRepository],
})
export class DashboardsModule {}
