import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth } from '../common/auth/auth.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { ApiCreate, ApiList } from '../common/http/api-docs.decorators.js';
import { PageQueryDto, WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { Project } from '../projects/project.entity.js';
import { CreateTransitionDto } from './dto/transition.dto.js';
import { ProjectTransition } from './project-transition.entity.js';
import { TransitionsService } from './transitions.service.js';

const MOVE_RULES = [
  'One step forward at a time: lead → negotiating → signed → preparing → under_construction → completed → in_operation.',
  'Any open stage may go to on_hold or dropped; on_hold goes back only to the stage it was paused from, or to dropped.',
  'in_operation and dropped are final. Errors:',
  '409 INVALID_TRANSITION names the allowed stages (message and details);',
  '409 VERSION_CONFLICT when `version` is stale;',
  '409 SIGNING_EVIDENCE_REQUIRED: signed needs a contract or a signing date (stored, or `signedAt` sent);',
  '409 MILESTONES_OPEN: completed needs every milestone done, or `override: true` from a manager or admin;',
  '403: officers may not drop nor override, viewers may not move;',
  '400: `signedAt` after today (zone calendar), or sent with another target; `override` with another target than completed.',
].join(' ');

@ApiTags('projects')
@ApiAuth()
@Controller('projects/:id/transitions')
export class TransitionsController {
  constructor(private readonly transitions: TransitionsService) {}

  @Get()
  @ApiList(
    ProjectTransition,
    "A key project's stage changes, newest first: who, when, from, to and why",
    { csv: true },
  )
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Not found, or outside your parks' })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
    @WantsCsv() csv: boolean,
  ) {
    return this.transitions.history(actor, id, query, csv);
  }

  @Post()
  @ApiCreate(Project, 'Move a key project to another stage, with a reason')
  // applied before ApiCreate's summary, which it keeps
  @ApiOperation({ description: MOVE_RULES })
  move(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateTransitionDto) {
    return this.transitions.move(actor, id, dto);
  }
}
