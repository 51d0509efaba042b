import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
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
import { CreateTrancheDto, ListTranchesQuery, UpdateTrancheDto } from './dto/investment.dto.js';
import { InvestmentTranche } from './investment-tranche.entity.js';
import { InvestmentsService } from './investments.service.js';

@ApiTags('investments')
@ApiAuth()
@Controller('projects/:projectId/investments')
export class InvestmentsController {
  constructor(private readonly investments: InvestmentsService) {}

  @Get()
  @ApiList(InvestmentTranche, "List a project's investment tranches", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Query() query: ListTranchesQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.investments.list(actor, projectId, query, csv);
  }

  @Get(':id')
  @ApiGet(InvestmentTranche, 'Get an investment tranche')
  get(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ) {
    return this.investments.get(actor, projectId, id);
  }

  @Post()
  @ApiCreate(InvestmentTranche, 'Record a payment of investment (awaits verification)')
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @Body() dto: CreateTrancheDto,
  ) {
    return this.investments.create(actor, projectId, dto);
  }

  @Patch(':id')
  @ApiUpdate(InvestmentTranche, 'Correct a tranche that is not verified yet')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
    @Body() dto: UpdateTrancheDto,
  ) {
    return this.investments.update(actor, projectId, id, dto);
  }

  @Delete(':id')
  @ApiDelete('Delete a tranche that is not verified yet')
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ): Promise<void> {
    await this.investments.remove(actor, projectId, id);
  }

  @Post(':id/verify')
  @Roles('manager')
  @HttpCode(200)
  @ApiUpdate(InvestmentTranche, 'Verify a tranche (managers): it joins the realized investment')
  verify(
    @CurrentActor() actor: Actor,
    @UuidParam('projectId') projectId: string,
    @UuidParam() id: string,
  ) {
    return this.investments.verify(actor, projectId, id);
  }
}
