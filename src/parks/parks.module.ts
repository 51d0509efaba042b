import { Module } from '@nestjs/common';
import { ClustersController } from './clusters.controller.js';
import { ClustersService } from './clusters.service.js';
import { ParksController } from './parks.controller.js';
import { ParksService } from './parks.service.js';

@Module({
  controllers: [ParksController, ClustersController],
  providers: [ParksService, ClustersService],
  exports: [ParksService, ClustersService],
})
export class ParksModule {}
