import { Module } from '@nestjs/common';
import { ParksModule } from '../parks/parks.module.js';
import { ChainSegmentsController } from './chain-segments.controller.js';
import { ChainSegmentsService } from './chain-segments.service.js';
import { ChainService } from './chain.service.js';
import { EnterprisesController } from './enterprises.controller.js';
import { EnterprisesService } from './enterprises.service.js';

@Module({
  imports: [ParksModule],
  controllers: [EnterprisesController, ChainSegmentsController],
  providers: [EnterprisesService, ChainService, ChainSegmentsService],
  exports: [EnterprisesService],
})
export class EnterprisesModule {}
