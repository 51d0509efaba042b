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
  CreateMilestoneDto,
  ListMilestonesQuery,
  UpdateMilestoneDto,
} from './dto/milestone.dto.js';
import { Milestone } from './milestone.entity.js';
import { MilestonesService } from './milestones.service.js';

@ApiTags('milestones')
@ApiAuth()
@Controller('projects/:projectId/milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get()
  @ApiList(Milestone, "List a project's milestones", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Query() query: ListMilestonesQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.milestones.list(actor, projectId, query, csv);
  }

  @Get(':id')
  @ApiGet(Milestone, 'Get a milestone')
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ) {
    return this.milestones.get(actor, projectId, id);
  }

  @Post()
  @ApiCreate(Milestone, 'Add a dated milestone to a project')
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Body() dto: CreateMilestoneDto,
  ) {
    return this.milestones.create(actor, projectId, dto);
  }

  @Patch(':id')
  @ApiUpdate(Milestone, 'Update a milestone; set completedAt to close it')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
    @Body() dto: UpdateMilestoneDto,
  ) {
    return this.milestones.update(actor, projectId, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a milestone')
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ): Promise<void> {
    await this.milestones.remove(actor, projectId, id);
  }
}
