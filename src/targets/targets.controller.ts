import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
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
  CreateTargetDto,
  ListTargetsQuery,
  TargetProgressView,
  UpdateTargetDto,
} from './dto/target.dto.js';
import { Target } from './target.entity.js';
import { TargetsService } from './targets.service.js';

@ApiTags('targets')
@ApiAuth()
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @ApiList(Target, 'List the targets of your parks and their clusters', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListTargetsQuery, @WantsCsv() csv: boolean) {
    return this.targets.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(TargetProgressView, 'Get a target with its actual, percent reached and pace (序时进度)')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.targets.get(actor, id);
  }

  @Post()
  @Roles('manager')
  @ApiCreate(TargetProgressView, 'Set a yearly target for a park or an industry cluster')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTargetDto) {
    return this.targets.create(actor, dto);
  }

  @Patch(':id')
  @Roles('manager')
  @ApiUpdate(TargetProgressView, 'Change a target (its park or cluster stays)')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateTargetDto) {
    return this.targets.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('manager')
  @ApiDelete('Delete a target')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.targets.remove(actor, id);
  }
}
