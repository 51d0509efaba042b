import { Module } from '@nestjs/common';
import { ParksModule } from '../parks/parks.module.js';
import { ChainService } from './chain.service.js';
import { EnterprisesController } from './enterprises.controller.js';
import { EnterprisesService } from './enterprises.service.js';

@Module({
  imports: [ParksModule],
  controllers: [EnterprisesController],
  providers: [EnterprisesService, ChainService],
  exports: [EnterprisesService],
})
export class EnterprisesModule {}
