import { Module } from '@nestjs/common';
import { DashboardRefresher } from './dashboard-refresher.js';

/** The refresher of the dashboard summaries, shared by the API (POST refresh) and the worker. */
@Module({ providers: [DashboardRefresher], exports: [DashboardRefresher] })
export class DashboardSummariesModule {}
