import { Module } from '@nestjs/common';
import { ParksModule } from '../parks/parks.module.js';
import { TargetsController } from './targets.controller.js';
import { TargetsService } from './targets.service.js';

/** Yearly targets of parks and clusters; their actuals come from the dashboard summaries. */
@Module({
  imports: [ParksModule],
  controllers: [TargetsController],
  providers: [TargetsService],
  exports: [TargetsService],
})
export class TargetsModule {}
