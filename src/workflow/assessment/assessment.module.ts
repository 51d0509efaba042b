import { Module } from '@nestjs/common';
import { AssessmentFormulasController } from './assessment-formulas.controller.js';
import { AssessmentFormulasService } from './assessment-formulas.service.js';
import { AssessmentMeasuresRepository } from './assessment-measures.repository.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';

/** Assessment without HTTP: what the worker imports for the monthly run. */
@Module({
  providers: [
    AssessmentsService,
    AssessmentFormulasService,
    AssessmentRepository,
    AssessmentMeasuresRepository,
  ],
  exports: [AssessmentsService, AssessmentFormulasService],
})
export class AssessmentCoreModule {}

/** Assessment (考核): versioned formulas, runs over a period, scores, ranks and adjustments. */
@Module({
  imports: [AssessmentCoreModule],
  controllers: [AssessmentsController, AssessmentFormulasController],
})
export class AssessmentModule {}
