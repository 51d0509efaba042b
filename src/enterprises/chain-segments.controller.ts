import { Body, Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth } from '../common/auth/auth.decorators.js';
import { ApiCreate, ApiDelete, ApiList } from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { ChainSegment } from './chain-segment.entity.js';
import { ChainSegmentsService } from './chain-segments.service.js';
import { CreateChainSegmentDto, ListChainSegmentsQuery } from './dto/chain-segment.dto.js';

@ApiTags('enterprises')
@ApiAuth()
@Controller('enterprises/:id/chain/segments')
export class ChainSegmentsController {
  constructor(private readonly segments: ChainSegmentsService) {}

  @Get()
  @ApiList(ChainSegment, "List the segments of a chain master's chain", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ListChainSegmentsQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.segments.list(actor, id, query, csv);
  }

  @Post()
  @ApiCreate(ChainSegment, "Declare a segment of a chain master's chain (upstream or downstream)")
  add(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateChainSegmentDto) {
    return this.segments.add(actor, id, dto);
  }

  @Delete(':segmentId')
  @ApiDelete("Remove a segment from a chain master's chain")
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('segmentId') segmentId: string,
  ): Promise<void> {
    await this.segments.remove(actor, id, segmentId);
  }
}
