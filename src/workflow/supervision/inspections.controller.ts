import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { ApiAuth } from '../../common/auth/auth.decorators.js';
import {
  ApiCreate,
  ApiDelete,
  ApiGet,
  ApiList,
  ApiUpdate,
} from '../../common/http/api-docs.decorators.js';
import { WantsCsv } from '../../common/pagination/list-query.dto.js';
import { UuidParam } from '../../common/validation/uuid-param.pipe.js';
import {
  CreateInspectionDto,
  ListInspectionsQuery,
  UpdateInspectionDto,
} from './dto/inspection.dto.js';
import { Inspection } from './inspection.entity.js';
import { InspectionsService } from './inspections.service.js';

@ApiTags('inspections')
@ApiAuth()
@Controller('projects/:projectId/inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Get()
  @ApiList(Inspection, "List a project's inspections, newest first", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Query() query: ListInspectionsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.inspections.list(actor, projectId, query, csv);
  }

  @Get(':inspectionId')
  @ApiGet(Inspection, 'Get an inspection')
  get(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam('inspectionId') id: string,
  ) {
    return this.inspections.get(actor, projectId, id);
  }

  @Post()
  @ApiCreate(
    Inspection,
    'Record an on-site inspection: date (not after today), inspectors, findings, rating',
  )
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Body() dto: CreateInspectionDto,
  ) {
    return this.inspections.create(actor, projectId, dto);
  }

  @Patch(':inspectionId')
  @ApiUpdate(Inspection, 'Correct an inspection')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam('inspectionId') id: string,
    @Body() dto: UpdateInspectionDto,
  ) {
    return this.inspections.update(actor, projectId, id, dto);
  }

  @Delete(':inspectionId')
  @ApiDelete('Delete an inspection')
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam('inspectionId') id: string,
  ): Promise<void> {
    await this.inspections.remove(actor, projectId, id);
  }
}
