import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import { ApiGet } from '../common/http/api-docs.decorators.js';
import { ChainsDashboardService } from './chains-dashboard.service.js';
import { DashboardsService } from './dashboards.service.js';
import {
  ChainsDashboard,
  ChainsDashboardQuery,
  DashboardOverview,
  OverviewQuery,
  ParksDashboard,
  ParksDashboardQuery,
  RefreshResult,
} from './dto/dashboard.dto.js';

/**
 * Read by every role within their parks (admins: the zone). Numbers come from summaries the
 * worker refreshes within seconds of a change (`asOf` says when they last matched the data).
 */
@ApiTags('dashboards')
@ApiAuth()
@Controller('dashboards')
export class DashboardsController {
  constructor(
    private readonly dashboards: DashboardsService,
    private readonly chains: ChainsDashboardService,
  ) {}

  @Get('overview')
  @ApiGet(
    DashboardOverview,
    'A park, a cluster or all your parks at a glance: projects, money, targets, warnings, trend',
  )
  overview(@CurrentActor() actor: Actor, @Query() query: OverviewQuery) {
    return this.dashboards.overview(actor, query);
  }

  @Get('parks')
  @ApiGet(ParksDashboard, 'Your parks side by side on the same measures, ranked')
  parks(@CurrentActor() actor: Actor, @Query() query: ParksDashboardQuery) {
    return this.dashboards.parksSideBySide(actor, query);
  }

  @Get('chains')
  @ApiGet(ChainsDashboard, 'Chain masters with their segments, local coverage, gaps and investment')
  chainsOverview(@CurrentActor() actor: Actor, @Query() query: ChainsDashboardQuery) {
    return this.chains.chains(actor, query);
  }

  @Post('refresh')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh every dashboard summary now (admins)' })
  @ApiOkResponse({ type: RefreshResult })
  refresh() {
    return this.dashboards.refresh();
  }
}
