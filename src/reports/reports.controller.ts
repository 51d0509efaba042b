import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Roles } from '../common/auth/auth.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { ApiList } from '../common/http/api-docs.decorators.js';
import { WantsCsv } from '../common/pagination/list-query.dto.js';
import { UuidParam } from '../common/validation/uuid-param.pipe.js';
import { JobAccepted } from '../jobs/dto/job.dto.js';
import {
  ListReportsQuery,
  ReportDetail,
  ReportFormatQuery,
  ReportSummary,
  RequestWeeklyReportDto,
} from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiList(
    ReportSummary,
    'List reports of the parks in your scope, newest week first (the zone report: admins)',
    { csv: true },
  )
  list(@CurrentActor() actor: Actor, @Query() query: ListReportsQuery, @WantsCsv() csv: boolean) {
    return this.reports.list(actor, query, csv);
  }

  @Post('weekly')
  @Roles('manager')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Build the weekly report of an ended ISO week for a park in your scope (admins: or the zone)',
    description:
      'An existing report is answered as it is (200) unless regenerate is true; otherwise a job builds it (202 with its id: follow it at GET /jobs/{jobId}, its result names the report). regenerate rebuilds the snapshot as revision + 1 and audits it.',
  })
  @ApiExtraModels(ReportDetail)
  @ApiOkResponse({ type: ReportDetail, description: 'The report exists already: here it is' })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'A job builds (or rebuilds) it' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Not a week, or not ended yet' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'The park is not in your scope' })
  async request(
    @CurrentActor() actor: Actor,
    @Body() dto: RequestWeeklyReportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportDetail | JobAccepted> {
    const outcome = await this.reports.request(actor, dto);
    if (outcome.status === 200) {
      reply.status(200);
      return outcome.report;
    }
    return { jobId: outcome.jobId };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'Get a report: its snapshot as JSON, a workbook (?format=xlsx) or a bulletin (?format=pdf)',
  })
  @ApiOkResponse({
    description: 'The report',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportDetail) } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiExtraModels(ReportDetail)
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid input' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Not found, or outside your parks' })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() query: ReportFormatQuery) {
    return this.reports.get(actor, id, query.format);
  }
}
