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
import { CreateParkDto, ListParksQuery, UpdateParkDto } from './dto/park.dto.js';
import { Park } from './park.entity.js';
import { ParksService } from './parks.service.js';

@ApiTags('parks')
@ApiAuth()
@Controller('parks')
export class ParksController {
  constructor(private readonly parks: ParksService) {}

  @Get()
  @ApiList(Park, 'List the parks you can see (yours and their sub-parks)', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListParksQuery, @WantsCsv() csv: boolean) {
    return this.parks.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(Park, 'Get a park')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.parks.get(actor, id);
  }

  @Post()
  @Roles('manager')
  @ApiCreate(Park, 'Create a park (top-level: admins; sub-parks: managers of the parent)')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateParkDto) {
    return this.parks.create(actor, dto);
  }

  @Patch(':id')
  @Roles('manager')
  @ApiUpdate(Park, 'Update a park; parentId moves it (no cycles)')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateParkDto) {
    return this.parks.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('manager')
  @ApiDelete('Delete a park with no sub-parks, clusters, enterprises or projects')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.parks.remove(actor, id);
  }
}
