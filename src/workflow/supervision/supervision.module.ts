import { Module } from '@nestjs/common';
import { ProjectsModule } from '../../projects/projects.module.js';
import { InspectionsController } from './inspections.controller.js';
import { InspectionsService } from './inspections.service.js';
import { SupervisionEscalationModule } from './supervision-escalation.module.js';
import { SupervisionItemsController } from './supervision-items.controller.js';
import { SupervisionItemsService } from './supervision-items.service.js';
import { SupervisionStepsService } from './supervision-steps.service.js';

/** Supervision (督查): items worked through their steps to closure, and on-site inspections. */
@Module({
  imports: [ProjectsModule, SupervisionEscalationModule],
  controllers: [SupervisionItemsController, InspectionsController],
  providers: [SupervisionItemsService, SupervisionStepsService, InspectionsService],
  exports: [SupervisionEscalationModule],
})
export class SupervisionModule {}
