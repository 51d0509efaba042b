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
import { ChainLink } from './chain-link.entity.js';
import { ChainService } from './chain.service.js';
import {
  ChainView,
  CreateChainLinkDto,
  CreateEnterpriseDto,
  ListEnterprisesQuery,
  UpdateEnterpriseDto,
} from './dto/enterprise.dto.js';
import { Enterprise } from './enterprise.entity.js';
import { EnterprisesService } from './enterprises.service.js';

@ApiTags('enterprises')
@ApiAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly chain: ChainService,
  ) {}

  @Get()
  @ApiList(Enterprise, 'List enterprises in your parks', { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListEnterprisesQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.enterprises.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(Enterprise, 'Get an enterprise')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.enterprises.get(actor, id);
  }

  @Post()
  @ApiCreate(Enterprise, 'Register an enterprise in a park')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEnterpriseDto) {
    return this.enterprises.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(Enterprise, 'Update an enterprise')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateEnterpriseDto) {
    return this.enterprises.update(actor, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete an enterprise no project refers to')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.enterprises.remove(actor, id);
  }

  @Get(':id/chain')
  @ApiGet(ChainView, "A chain master's chain: upstream and downstream enterprises")
  getChain(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.chain.get(actor, id);
  }

  @Post(':id/chain')
  @ApiCreate(ChainLink, "Add an enterprise to a chain master's chain")
  addLink(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateChainLinkDto) {
    return this.chain.addLink(actor, id, dto);
  }

  @Delete(':id/chain/:linkId')
  @ApiDelete("Remove an enterprise from a chain master's chain")
  async removeLink(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('linkId') linkId: string,
  ): Promise<void> {
    await this.chain.removeLink(actor, id, linkId);
  }
}
