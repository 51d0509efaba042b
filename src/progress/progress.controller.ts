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
import { CreateProgressDto, ListProgressQuery, UpdateProgressDto } from './dto/progress.dto.js';
import { ProgressUpdate } from './progress-update.entity.js';
import { ProgressService } from './progress.service.js';

@ApiTags('progress')
@ApiAuth()
@Controller('projects/:projectId/progress')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get()
  @ApiList(ProgressUpdate, "List a project's progress updates, newest first", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Query() query: ListProgressQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.progress.list(actor, projectId, query, csv);
  }

  @Get(':id')
  @ApiGet(ProgressUpdate, 'Get a progress update')
  get(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ) {
    return this.progress.get(actor, projectId, id);
  }

  @Post()
  @ApiCreate(ProgressUpdate, 'Log dated progress on a project')
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Body() dto: CreateProgressDto,
  ) {
    return this.progress.create(actor, projectId, dto);
  }

  @Patch(':id')
  @ApiUpdate(ProgressUpdate, 'Correct a progress update')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
    @Body() dto: UpdateProgressDto,
  ) {
    return this.progress.update(actor, projectId, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a progress update')
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ): Promise<void> {
    await this.progress.remove(actor, projectId, id);
  }
}
