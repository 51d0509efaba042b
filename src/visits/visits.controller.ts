import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth } from '../common/auth/auth.decorators.js';
import {
  ApiCreate,
  ApiDelete,
  ApiGet,
  ApiList,
  ApiUpdate,
} from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import {
  CreateFollowUpDto,
  CreateVisitDto,
  ListFollowUpsQuery,
  ListVisitsQuery,
  UpdateFollowUpDto,
  UpdateVisitDto,
  VisitView,
} from './dto/visit.dto.js';
import { VisitFollowUp } from './follow-up.entity.js';
import { FollowUpsService } from './follow-ups.service.js';
import { VisitsService } from './visits.service.js';

@ApiTags('visits')
@ApiAuth()
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly followUps: FollowUpsService,
  ) {}

  @Get()
  @ApiList(VisitView, 'List delegation visits in your parks', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListVisitsQuery, @WantsCsv() csv: boolean) {
    return this.visits.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(VisitView, 'Get a delegation visit')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.visits.get(actor, id);
  }

  @Post()
  @ApiCreate(VisitView, 'Record a delegation visit, inbound or outbound')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVisitDto) {
    return this.visits.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(VisitView, 'Update a visit (enterpriseIds / projectIds replace the sets)')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateVisitDto) {
    return this.visits.update(actor, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a visit and its follow-ups')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.visits.remove(actor, id);
  }

  @Get(':visitId/follow-ups')
  @ApiList(VisitFollowUp, "List a visit's follow-ups", { csv: true })
  listFollowUps(
    @CurrentActor() actor: Actor,
    @UuidParam('visitId') visitId: string,
    @Query() query: ListFollowUpsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.followUps.list(actor, visitId, query, csv);
  }

  @Get(':visitId/follow-ups/:id')
  @ApiGet(VisitFollowUp, 'Get a follow-up')
  async getFollowUp(
    @CurrentActor() actor: Actor,
    @UuidParam('visitId') visitId: string,
    @UuidParam() id: string,
  ) {
    return (await this.followUps.get(actor, visitId, id)).row;
  }

  @Post(':visitId/follow-ups')
  @ApiCreate(VisitFollowUp, 'Add a follow-up with an owner and a due date (not before the visit)')
  createFollowUp(
    @CurrentActor() actor: Actor,
    @UuidParam('visitId') visitId: string,
    @Body() dto: CreateFollowUpDto,
  ) {
    return this.followUps.create(actor, visitId, dto);
  }

  @Patch(':visitId/follow-ups/:id')
  @ApiUpdate(VisitFollowUp, 'Update a follow-up; status moves open → done or cancelled')
  updateFollowUp(
    @CurrentActor() actor: Actor,
    @UuidParam('visitId') visitId: string,
    @UuidParam() id: string,
    @Body() dto: UpdateFollowUpDto,
  ) {
    return this.followUps.update(actor, visitId, id, dto);
  }

  @Delete(':visitId/follow-ups/:id')
  @ApiDelete('Delete a follow-up')
  async removeFollowUp(
    @CurrentActor() actor: Actor,
    @UuidParam('visitId') visitId: string,
    @UuidParam() id: string,
  ): Promise<void> {
    await this.followUps.remove(actor, visitId, id);
  }
}
