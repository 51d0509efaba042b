import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, registerDecorator } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/list-query.dto.js';
import { IsNullable, OptionalUuid } from '../../common/validation/decorators.js';
import { REPORT_TYPES, type ReportType } from '../report.entity.js';
import { parseWeek } from '../report-week.js';
import type { WeeklyReportData } from '../weekly-report-data.js';

/** An ISO week that exists, written YYYY-Www; the 400 names the field and says why not. */
export function IsIsoWeek() {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isIsoWeek',
      target: target.constructor,
      propertyName,
      options: {
        message: ({ value }) => {
          const result = parseWeek(value as string);
          return `${propertyName} ${'error' in result ? result.error : 'is not a week'}`;
        },
      },
      validator: { validate: (value: unknown) => 'week' in parseWeek(value as string) },
    });
  };
}

const WEEK_DOC = 'ISO week in the zone time zone, Monday–Sunday, written YYYY-Www';

export class RequestWeeklyReportDto {
  @ApiProperty({ example: '2026-W22', description: `${WEEK_DOC}; it must have ended` })
  @IsIsoWeek()
  week: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The park (rolled up through its sub-parks), in your scope. Left out: the whole zone, admins only.',
  })
  @IsOptional()
  @IsNullable()
  @OptionalUuid()
  parkId?: string | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'Rebuild an existing report (revision + 1, audited). Without it an existing report is answered as it is (200).',
  })
  @IsOptional()
  @IsBoolean()
  regenerate?: boolean;
}

export class ListReportsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES, { message: `type must be one of: ${REPORT_TYPES.join(', ')}` })
  type?: ReportType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reports of exactly this park' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ example: '2026-W22', description: WEEK_DOC })
  @IsOptional()
  @IsIsoWeek()
  week?: string;
}

export const REPORT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportFormatQuery {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description: 'json; xlsx: a workbook, one sheet per section; pdf: a printable bulletin',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class ReportSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: REPORT_TYPES })
  type: ReportType;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the zone' })
  parkId: string | null;

  @ApiProperty({ nullable: true, type: String })
  parkCode: string | null;

  @ApiProperty({ nullable: true, type: String })
  parkName: string | null;

  @ApiProperty({ example: '2026-W22' })
  period: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-05-25' })
  periodStart: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-05-31' })
  periodEnd: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The report the deltas compare with',
  })
  previousId: string | null;

  @ApiProperty({ example: 1, description: 'Bumped each time the week is regenerated' })
  revision: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the scheduler' })
  generatedBy: string | null;

  @ApiProperty()
  generatedAt: Date;
}

export class ReportDetail extends ReportSummary {
  @ApiProperty({
    type: Object,
    description:
      'The frozen snapshot: scope, week, keyNumbers, deals, projects (byStage, stageChanges), investment (verifiedThisWeek, verifiedYearToDate, targets), milestones, supervision, lights, redList, previous and deltas. Money is a decimal string with its currency.',
  })
  data: WeeklyReportData;
}
