import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth } from '../common/auth/auth.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { ApiList } from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { TimelineItem, TimelineQuery } from './dto/timeline.dto.js';
import { TimelineService } from './timeline.service.js';

const notFound = ApiNotFoundResponse({
  type: ErrorResponse,
  description: 'Not found, or outside your parks',
});

@ApiTags('timeline')
@ApiAuth()
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('enterprises/:id/timeline')
  @ApiList(
    TimelineItem,
    "An enterprise's timeline, newest first: visits, events, contracts, service requests, its projects' progress, milestones, investment and stage changes",
    { csv: true },
  )
  @notFound
  enterprise(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: TimelineQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.timeline.forEnterprise(actor, id, query, csv);
  }

  @Get('projects/:id/timeline')
  @ApiList(
    TimelineItem,
    "A key project's timeline, newest first: visits, contracts and their events, progress, milestones, investment, service requests, stage changes",
    { csv: true },
  )
  @notFound
  project(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: TimelineQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.timeline.forProject(actor, id, query, csv);
  }
}
