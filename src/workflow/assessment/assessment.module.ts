import { Module } from '@nestjs/common';
import { AssessmentFormulasController } from './assessment-formulas.controller.js';
import { AssessmentFormulasService } from './assessment-formulas.service.js';
import { AssessmentMeasuresRepository } from './assessment-measures.repository.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';

/** Assessment (考核): versioned formulas, runs over a period, scores, ranks and adjustments. */
@Module({
  controllers: [AssessmentsController, AssessmentFormulasController],
  providers: [
    AssessmentsService,
    AssessmentFormulasService,
    AssessmentRepository,
    AssessmentMeasuresRepository,
  ],
  exports: [AssessmentsService],
})
export class AssessmentModule {}
