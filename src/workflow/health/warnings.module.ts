import { Module } from '@nestjs/common';
import { ProjectHealthController } from './project-health.controller.js';
import { WarningEvaluationModule } from './warning-evaluation.module.js';
import { WarningRulesController } from './warning-rules.controller.js';
import { WarningRulesService } from './warning-rules.service.js';

/**
 * The three-colour warning over HTTP: the rules as data (admins) and a project's health.
 * WarningsService (exported through WarningEvaluationModule) evaluates and stores the lights.
 */
@Module({
  imports: [WarningEvaluationModule],
  controllers: [WarningRulesController, ProjectHealthController],
  providers: [WarningRulesService],
  exports: [WarningEvaluationModule],
})
export class WarningsModule {}
