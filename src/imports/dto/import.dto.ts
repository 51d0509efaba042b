import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageParamsDto } from '../../common/pagination/list-query.dto.js';
import { QueryBoolean } from '../../common/validation/decorators.js';
import { UNIT_PARAMS } from '../column-map.js';
import { IMPORT_STATUSES, ImportRowError, ProjectImport } from '../project-import.entity.js';

export class ImportProjectsQuery {
  @ApiProperty({ format: 'uuid', description: 'The park the projects belong to' })
  @IsUUID('all')
  parkId: string;

  @ApiPropertyOptional({
    default: false,
    description: 'true: validate every row and report, write nothing',
  })
  @IsOptional()
  @QueryBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    enum: UNIT_PARAMS,
    default: 'yuan',
    description: 'Unit of the amount columns whose header does not say it (总投资(万元) does)',
  })
  @IsOptional()
  @IsIn(UNIT_PARAMS)
  unit?: (typeof UNIT_PARAMS)[number];
}

export class ListImportsQuery extends PageParamsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional()
  @IsIn(IMPORT_STATUSES)
  status?: (typeof IMPORT_STATUSES)[number];
}

export class ImportColumnView {
  @ApiProperty({ example: '总投资(万元)', description: 'The header as written in the file' })
  header: string;

  @ApiProperty({ example: 'plannedInvestment' })
  field: string;

  @ApiPropertyOptional({ enum: ['yuan', '万元', '亿元'], description: 'Amount columns only' })
  unit?: string;
}

/** What an import did, or (dry run) would do. */
export class ImportReport {
  @ApiPropertyOptional({ format: 'uuid', description: 'The import record (none for a dry run)' })
  importId?: string;

  @ApiProperty()
  dryRun: boolean;

  @ApiProperty({ description: 'No errors: the file imports (dry run) or was imported' })
  valid: boolean;

  @ApiProperty({ example: 'key-projects-2026.xlsx' })
  filename: string;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  format: string;

  @ApiProperty({ example: 97, description: 'Data rows read (blank and total rows aside)' })
  rows: number;

  @ApiProperty({ example: 90, description: 'Projects created (dry run: that would be)' })
  created: number;

  @ApiProperty({ example: 5, description: 'Projects changed (dry run: that would be)' })
  updated: number;

  @ApiProperty({ example: 2, description: 'Rows equal to their project: not written' })
  unchanged: number;

  @ApiProperty({ example: 12, description: 'Enterprises created by name (dry run: would be)' })
  enterprisesCreated: number;

  @ApiProperty({ type: [ImportColumnView], description: 'The columns read, in file order' })
  columns: ImportColumnView[];

  @ApiProperty({ type: [String], example: ['序号', '项目类型'], description: 'Columns not read' })
  ignoredColumns: string[];

  @ApiProperty({ example: 0 })
  errorCount: number;

  @ApiProperty({ type: [ImportRowError], description: 'Every error (up to 10,000 listed)' })
  errors: ImportRowError[];
}

export class ImportQueued {
  @ApiProperty({ format: 'uuid', description: 'Follow it at GET /api/v1/imports/{importId}' })
  importId: string;

  @ApiProperty({ format: 'uuid', description: 'The job: GET /api/v1/jobs/{jobId}' })
  jobId: string;

  @ApiProperty({ enum: ['queued'] })
  status: 'queued';
}

export class ProjectImportSummary extends OmitType(ProjectImport, ['errors'] as const) {
  @ApiProperty({ example: 0, description: 'Errors recorded (GET /imports/{id} lists them)' })
  errorCount: number;
}
