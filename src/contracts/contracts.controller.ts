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
import { Project } from '../projects/project.entity.js';
import { Contract } from './contract.entity.js';
import { ContractsService } from './contracts.service.js';
import { CreateContractDto, ListContractsQuery, UpdateContractDto } from './dto/contract.dto.js';

@ApiTags('contracts')
@ApiAuth()
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Get()
  @ApiList(Contract, 'List contracts signed in your parks, with filters', { csv: true })
  list(@CurrentActor() actor: Actor, @Query() query: ListContractsQuery, @WantsCsv() csv: boolean) {
    return this.contracts.list(actor, query, csv);
  }

  @Get(':id')
  @ApiGet(Contract, 'Get a contract')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.contracts.get(actor, id);
  }

  @Post()
  @ApiCreate(Contract, 'Record a signed contract (status signed)')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateContractDto) {
    return this.contracts.create(actor, dto);
  }

  @Patch(':id')
  @ApiUpdate(
    Contract,
    'Update a contract; status moves forward only (signed → registered → funds_in_place, or terminated)',
  )
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateContractDto) {
    return this.contracts.update(actor, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a contract (refused while a key project created from it exists)')
  async remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.contracts.remove(actor, id);
  }

  @Post(':id/project')
  @ApiCreate(
    Project,
    'Create the key project from the contract: stage signed, investment from the amount, linked both ways',
  )
  createProject(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.contracts.createProject(actor, id);
  }
}
