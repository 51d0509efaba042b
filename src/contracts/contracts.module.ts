import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ContractsController } from './contracts.controller.js';
import { ContractsService } from './contracts.service.js';

/** Contracts signed with investors, and the key projects made from them. */
@Module({
  imports: [ProjectsModule],
  controllers: [ContractsController],
  providers: [ContractsService],
  exports: [ContractsService],
})
export class ContractsModule {}
