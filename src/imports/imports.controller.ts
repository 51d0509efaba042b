import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth } from '../common/auth/auth.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { ApiGet, ApiList } from '../common/http/api-docs.decorators.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { describeColumnMap } from './column-map.js';
import {
  ImportProjectsQuery,
  ImportQueued,
  ImportReport,
  ListImportsQuery,
  ProjectImportSummary,
} from './dto/import.dto.js';
import { ImportRecords } from './import-records.js';
import { ImportsService, JOB_THRESHOLD_ROWS } from './imports.service.js';
import { ProjectImport } from './project-import.entity.js';
import { IMPORT_FILE_LIMIT_BYTES, readUpload } from './upload.js';

const DESCRIPTION = `Upload a key-project register as multipart/form-data, the file in a part named \`file\`:
.csv (UTF-8 with or without BOM, GB18030/GBK, or UTF-16 with BOM; comma, tab or semicolon
separated) or .xlsx (its first worksheet), up to ${IMPORT_FILE_LIMIT_BYTES / 1024 / 1024} MB.

The header is the first row holding 项目编号 and 项目名称 (code and name) within the first ten
rows (a title row above it is fine); blank rows and total rows (合计, 总计, 小计 without a code) are
skipped. Rows are numbered as the sheet shows them (header = 1). Columns:

${describeColumnMap()}

Other columns are listed in \`ignoredColumns\`. A column the file lacks leaves that field of an
existing project alone; an empty cell clears it (levels: none).

Values: amounts in yuan, 万元 or 亿元 as the header says (总投资(万元), 总投资（亿元）), else as a
"单位：万元" note above the header says, else as \`unit\` says; converted exactly (1.2345 亿元 =
123450000.00 yuan) and refused when not a whole number of fen. Levels: 国家级, 省级, 市级,
区级/县级 (or national, provincial, municipal, district) joined by 、 , ， ; or /. Dates:
YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, YYYY-MM, YYYY.MM, YYYY年M月 (the first of
the month) and Excel date cells.

Rows match projects on the park and the code (a code found only in one sub-park of the park is
that project); matched projects are updated when a value differs (an unchanged row is not
written: its version stays), others are created at stage lead. Enterprises are matched by name
(case-insensitive) in the project's park, or created; clusters by name, never created.

\`dryRun=true\` checks every row against the database and answers 200 with the report; nothing
is written, no import is recorded. A real import is all or nothing: any error answers 422 with
every error (details: row, column, message). Up to ${JOB_THRESHOLD_ROWS} data rows import within
the request (201); a bigger file is stored and imported by a job (202): follow it at
GET /api/v1/imports/{importId}.`;

@ApiTags('imports')
@ApiAuth()
@Controller('imports')
@ApiExtraModels(ImportReport, ImportQueued)
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly records: ImportRecords,
  ) {}

  @Post('projects')
  // the only route taking multipart/form-data (see configureHttpApp)
  @RouteConfig({ multipart: true })
  @ApiOperation({
    summary: 'Import key projects from a CSV or XLSX register (officers, managers, admins)',
    description: DESCRIPTION,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: '.csv or .xlsx' } },
    },
  })
  @ApiOkResponse({ type: ImportReport, description: 'Dry run: what the import would do' })
  @ApiCreatedResponse({ type: ImportReport, description: 'Imported within the request' })
  @ApiAcceptedResponse({ type: ImportQueued, description: 'A big file: imported by a job' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such park in your parks' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Over the upload limit' })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorResponse,
    description: 'Not multipart, or not a .csv or .xlsx file',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponse,
    description: 'Errors in the file (details: row, column, message); nothing was imported',
  })
  async importProjects(
    @CurrentActor() actor: Actor,
    @Query() query: ImportProjectsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReport | ImportQueued> {
    const outcome = await this.imports.importProjects(actor, query, () => readUpload(request));
    reply.status(outcome.status);
    return outcome.body;
  }

  @Get()
  @ApiList(ProjectImportSummary, 'Imports into your parks, newest first')
  list(@CurrentActor() actor: Actor, @Query() query: ListImportsQuery) {
    return this.records.list(actor, query);
  }

  @Get(':id')
  @ApiGet(ProjectImport, 'An import: status, processed of total, counts and every error')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.records.get(actor, id);
  }
}
