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
  CreateEventDto,
  EventDetail,
  EventView,
  ListEventsQuery,
  UpdateEventDto,
} from './dto/event.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiList(EventView, 'List conferences, fairs, briefings, media tours and campaigns', {
    csv: true,
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListEventsQuery, @WantsCsv() csv: boolean) {
    return this.events.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(EventDetail, 'Get an event with the count and totals of the contracts signed at it')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.events.get(actor, id);
  }

  @Post()
  @ApiCreate(EventDetail, 'Record an event (companyIds for media tours only)')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEventDto) {
    return this.events.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(EventDetail, 'Update an event (companyIds replaces the set)')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateEventDto) {
    return this.events.update(actor, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete an event; the contracts signed at it stay, without the link')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.events.remove(actor, id);
  }
}
