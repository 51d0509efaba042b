import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobHandlerRegistry } from '../jobs/job-handlers.js';
import { JobName } from '../jobs/job-name.js';
import { ImportRecords } from './import-records.js';
import { ProjectImportJob } from './project-import.job.js';
import { ProjectImporter } from './project-importer.js';
import { WarningEvaluationModule } from '../workflow/health/warning-evaluation.module.js';

@Injectable()
class ProjectImportHandler implements OnModuleInit {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly job: ProjectImportJob,
  ) {}

  onModuleInit() {
    this.registry.register(JobName.ProjectImport, ({ importId }, job) =>
      this.job.run(importId, job.id),
    );
  }
}

/** Big key-project files, imported by a job (the file waits in its import record). */
@Module({
  imports: [WarningEvaluationModule],
  providers: [ProjectImportHandler, ProjectImportJob, ProjectImporter, ImportRecords],
})
export class ImportsWorkerModule {}
