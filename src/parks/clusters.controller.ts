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
import { IndustryCluster } from './cluster.entity.js';
import { ClustersService } from './clusters.service.js';
import { CreateClusterDto, ListClustersQuery, UpdateClusterDto } from './dto/park.dto.js';

@ApiTags('parks')
@ApiAuth()
@Controller('parks/:parkId/clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Get()
  @ApiList(IndustryCluster, "List a park's industry clusters", { csv: true })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('parkId') parkId: string,
    @Query() query: ListClustersQuery,
    @WantsCsv() csv: boolean,
  ) {
    return this.clusters.list(actor, parkId, query, csv);
  }

  @Get(':id')
  @ApiGet(IndustryCluster, 'Get an industry cluster')
  get(@CurrentActor() actor: Actor, @UuidParam('parkId') parkId: string, @UuidParam() id: string) {
    return this.clusters.get(actor, parkId, id);
  }

  @Post()
  @Roles('manager')
  @ApiCreate(IndustryCluster, 'Add an industry cluster to a park')
  create(
    @CurrentActor() actor: Actor,
    @UuidParam('parkId') parkId: string,
    @Body() dto: CreateClusterDto,
  ) {
    return this.clusters.create(actor, parkId, dto);
  }

  @Patch(':id')
  @Roles('manager')
  @ApiUpdate(IndustryCluster, 'Update an industry cluster')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('parkId') parkId: string,
    @UuidParam() id: string,
    @Body() dto: UpdateClusterDto,
  ) {
    return this.clusters.update(actor, parkId, id, dto);
  }

  @Delete(':id')
  @Roles('manager')
  @ApiDelete('Delete an industry cluster no project uses')
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam('parkId') parkId: string,
    @UuidParam() id: string,
  ): Promise<void> {
    await this.clusters.remove(actor, parkId, id);
  }
}
