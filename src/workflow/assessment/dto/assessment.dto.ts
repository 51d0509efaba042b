import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../../common/pagination/list-query.dto.js';
import { type Page, PageOf } from '../../../common/pagination/page.dto.js';
import { IsNullable, MaxDecimals, OptionalUuid } from '../../../common/validation/decorators.js';
import {
  Assessment,
  AssessmentFormula,
  AssessmentScore,
  MEASURE_KEYS,
  type MeasureKey,
  SUBJECT_TYPES,
  type SubjectType,
} from '../assessment.entity.js';
import { parsePeriod, PERIOD_FORMATS } from '../period.js';

/** A period the API understands (see period.ts); the 400 names the field and says why not. */
export function IsPeriod() {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isPeriod',
      target: target.constructor,
      propertyName,
      options: {
        message: ({ value }: ValidationArguments) => {
          const result = typeof value === 'string' ? parsePeriod(value) : undefined;
          const why =
            result && 'error' in result ? result.error : `must be written ${PERIOD_FORMATS}`;
          return `${propertyName} ${why}`;
        },
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && 'period' in parsePeriod(value),
      },
    });
  };
}

const PERIOD_DOC = `${PERIOD_FORMATS}: 2026-W47 (ISO week, Monday–Sunday), 2026-11, 2026-Q4, 2026`;

export class RunAssessmentDto {
  @ApiProperty({
    example: '2026-Q4',
    description: `${PERIOD_DOC}. The period must have ended (zone calendar) before it is assessed.`,
  })
  @IsPeriod()
  period: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Assess this park and its sub-parks (a park in your scope). Left out: the whole zone, admins only.',
  })
  @OptionalUuid()
  parkId?: string | null;
}

export class ListAssessmentsQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-Q4', description: PERIOD_DOC })
  @IsOptional()
  @IsPeriod()
  period?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Assessments of exactly this park' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @SortBy(['computedAt', 'periodStart', 'period', 'run'])
  sort?: string;
}

export const MAX_SCORES_LIMIT = 500;

export class AssessmentScoresQuery {
  @ApiPropertyOptional({
    enum: SUBJECT_TYPES,
    description: 'Only this subject type (the others are left out of `scores`)',
  })
  @IsOptional()
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of: ${SUBJECT_TYPES.join(', ')}` })
  subjectType?: SubjectType;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Page of each subject type' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SCORES_LIMIT, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SCORES_LIMIT)
  limit: number = 100;
}

export class AdjustScoreDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 100,
    example: 85,
    description:
      'The score that ranks from now on (at most 2 decimals); the computed score stays. null removes an adjustment.',
  })
  @IsNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  @Min(0)
  @Max(100)
  adjustedScore: number | null;

  @ApiProperty({ example: 'Land handover delayed by the city, not the park', maxLength: 2000 })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ description: 'The version of the score you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class FormulaMeasureDto {
  @ApiProperty({ enum: MEASURE_KEYS })
  @IsIn(MEASURE_KEYS, { message: `key must be one of: ${MEASURE_KEYS.join(', ')}` })
  key: MeasureKey;

  @ApiProperty({ example: 25, minimum: 0, maximum: 1000, description: 'At most 2 decimals' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  @Min(0)
  @Max(1000)
  weight: number;
}

export class CreateFormulaDto {
  @ApiProperty({
    type: [FormulaMeasureDto],
    description: 'Each known measure at most once; at least one weight above 0',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MEASURE_KEYS.length)
  @ArrayUnique((m: { key?: unknown } | null) => m?.key, {
    message: 'measures must not repeat a key',
  })
  @ValidateNested({ each: true })
  @Type(() => FormulaMeasureDto)
  measures: FormulaMeasureDto[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

/** An assessment in a list: the run, its park's name and its formula's version. */
export class AssessmentSummary extends Assessment {
  @ApiProperty({ nullable: true, type: String, description: 'null: the whole zone' })
  parkName: string | null;

  @ApiProperty({ example: 1 })
  formulaVersion: number;
}

export class AssessmentScoreView extends AssessmentScore {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'adjustedScore when set, else score: what the rank is based on',
  })
  finalScore: number | null;
}

const ScorePage = PageOf(AssessmentScoreView);

/** Scores by subject type, each type paged on its own, best first. */
export class AssessmentScoreGroups {
  @ApiPropertyOptional({ type: ScorePage })
  project?: Page<AssessmentScoreView>;

  @ApiPropertyOptional({ type: ScorePage })
  park?: Page<AssessmentScoreView>;

  @ApiPropertyOptional({ type: ScorePage })
  officer?: Page<AssessmentScoreView>;
}

export class AssessmentDetail extends AssessmentSummary {
  @ApiProperty({ type: AssessmentScoreGroups })
  scores: AssessmentScoreGroups;
}
// `formula` is the entity's relation property: documented here rather than redeclared
ApiProperty({ type: AssessmentFormula, description: 'The formula version the run used' })(
  AssessmentDetail.prototype,
  'formula',
);
