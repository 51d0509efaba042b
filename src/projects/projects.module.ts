import { Module } from '@nestjs/common';
import { InvestmentsController } from '../investments/investments.controller.js';
import { InvestmentsService } from '../investments/investments.service.js';
import { MilestonesController } from '../milestones/milestones.controller.js';
import { MilestonesService } from '../milestones/milestones.service.js';
import { ProgressController } from '../progress/progress.controller.js';
import { ProgressService } from '../progress/progress.service.js';
import { UsersModule } from '../users/users.module.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsService } from './projects.service.js';

/** Key projects and the records that hang off them: milestones, progress, investment. */
@Module({
  imports: [UsersModule],
  controllers: [
    ProjectsController,
    MilestonesController,
    ProgressController,
    InvestmentsController,
  ],
  providers: [ProjectsService, MilestonesService, ProgressService, InvestmentsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
