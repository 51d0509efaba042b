import { Module } from '@nestjs/common';
import { ImportRecords } from './import-records.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ProjectImporter } from './project-importer.js';
import { WarningEvaluationModule } from '../workflow/health/warning-evaluation.module.js';

/** Key-project registers in: upload (CSV/XLSX), dry run, small imports in the request, records. */
@Module({
  imports: [WarningEvaluationModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportRecords, ProjectImporter],
})
export class ImportsModule {}
