import { Global, Module } from '@nestjs/common';
import { WarningsRepository } from './warnings.repository.js';
import { WarningsService } from './warnings.service.js';

/**
 * The evaluation of the warning rules, without HTTP: what the worker imports for the hourly run.
 * Global because the project records (progress, milestones, investment) re-light their project
 * on every write and live in ProjectsModule, which cannot import WarningsModule without a cycle.
 */
@Global()
@Module({
  providers: [WarningsRepository, WarningsService],
  exports: [WarningsRepository, WarningsService],
})
export class WarningEvaluationModule {}
