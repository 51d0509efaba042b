import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../../jobs/job-handlers.js';
import { JobName } from '../../jobs/job-name.js';
import { SupervisionEscalationModule } from './supervision-escalation.module.js';
import { SupervisionEscalationService } from './supervision-escalation.service.js';

@Injectable()
class RuleEvaluationHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly escalation: SupervisionEscalationService,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.RuleEvaluation, async ({ parkId }) => {
      const result = await this.escalation.run(parkId ? { parkId } : {});
      return { evaluated: result.evaluatedProjects, opened: result.opened.length };
    });
  }
}

/** The hourly rule evaluation: re-lights every project and opens items for red rules. */
@Module({ imports: [SupervisionEscalationModule], providers: [RuleEvaluationHandler] })
export class SupervisionWorkerModule {}
