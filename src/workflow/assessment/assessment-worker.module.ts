import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../../jobs/job-handlers.js';
import { JobName } from '../../jobs/job-name.js';
import { AssessmentCoreModule } from './assessment.module.js';
import { AssessmentsService } from './assessments.service.js';

@Injectable()
class MonthlyAssessmentHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly assessments: AssessmentsService,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.MonthlyAssessment, ({ period }) =>
      this.assessments.runScheduled(period),
    );
  }
}

/** The 1st of each month: last month's assessment of the whole zone, run by the system. */
@Module({ imports: [AssessmentCoreModule], providers: [MonthlyAssessmentHandler] })
export class AssessmentWorkerModule {}
