import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { TransitionsController } from './transitions.controller.js';
import { TransitionsService } from './transitions.service.js';

/** The lifecycle of key projects: allowed moves, their guards and their history. */
@Module({
  imports: [ProjectsModule],
  controllers: [TransitionsController],
  providers: [TransitionsService],
})
export class TransitionsModule {}
