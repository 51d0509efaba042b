import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth, Roles } from '../../common/auth/auth.decorators.js';
import { ApiCreate, ApiGet, ApiList, ApiUpdate } from '../../common/http/api-docs.decorators.js';
import { WantsCsv } from '../../common/pagination/list-query.dto.js';
import { UuidParam } from '../../common/validation/uuid-param.pipe.js';
import { AssessmentsService } from './assessments.service.js';
import {
  AdjustScoreDto,
  AssessmentDetail,
  AssessmentScoresQuery,
  AssessmentScoreView,
  AssessmentSummary,
  ListAssessmentsQuery,
  RunAssessmentDto,
} from './dto/assessment.dto.js';

@ApiTags('assessments')
@ApiAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @ApiList(
    AssessmentSummary,
    'List assessment runs of the parks in your scope (zone-wide ones: admins)',
    { csv: true },
  )
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListAssessmentsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.assessments.list(actor, query, csv);
  }

  @Post()
  @Roles('manager')
  @ApiCreate(
    AssessmentDetail,
    'Score and rank every project, park and officer of a park (or, admins, the zone) for an ended period, with the current formula; a repeat makes the next run',
  )
  run(@CurrentActor() actor: Actor, @Body() dto: RunAssessmentDto) {
    return this.assessments.run(actor, dto);
  }

  @Get(':id')
  @ApiGet(
    AssessmentDetail,
    'Get an assessment with its formula and its scores by subject type, best first, each with the parts of its arithmetic',
  )
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: AssessmentScoresQuery,
  ) {
    return this.assessments.get(actor, id, query);
  }

  @Patch(':id/scores/:scoreId')
  @Roles('manager')
  @ApiUpdate(
    AssessmentScoreView,
    "Adjust one score with a reason (managers); the computed score stays and the subject type's ranks are recomputed",
  )
  adjust(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('scoreId') scoreId: string,
    @Body() dto: AdjustScoreDto,
  ) {
    return this.assessments.adjust(actor, id, scoreId, dto);
  }
}
