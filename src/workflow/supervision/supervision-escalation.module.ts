import { Module } from '@nestjs/common';
import { WarningEvaluationModule } from '../health/warning-evaluation.module.js';
import { SupervisionEscalationService } from './supervision-escalation.service.js';

/**
 * Red warnings → supervision items, without HTTP: the worker imports this for the hourly run
 * (`SupervisionEscalationService.run({})`).
 */
@Module({
  imports: [WarningEvaluationModule],
  providers: [SupervisionEscalationService],
  exports: [SupervisionEscalationService],
})
export class SupervisionEscalationModule {}
