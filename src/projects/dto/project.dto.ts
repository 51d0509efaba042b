import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { SortBy, SpreadsheetPageQueryDto } from '../../common/pagination/list-query.dto.js';
import {
  IsCurrency,
  IsDateOnly,
  IsMoney,
  OptionalUuid,
  QueryBoolean,
} from '../../common/validation/decorators.js';
import { UNIT_PARAMS, type UnitParam } from '../../imports/column-map.js';
import {
  PROJECT_LEVELS,
  PROJECT_STAGES,
  type ProjectLevel,
  type ProjectStage,
} from '../project.entity.js';

/** May be left out, but not sent as null: the column has no empty value but its default. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

export class CreateProjectDto {
  @ApiProperty({ example: 'WH-2026-001', maxLength: 50, description: 'Unique within its park' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/, {
    message: 'code must be 1-50 letters, digits, dots, dashes, slashes or underscores',
  })
  code: string;

  @ApiProperty({ example: 'HP printer industrial park', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  parkId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  clusterId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  enterpriseId?: string | null;

  @ApiPropertyOptional({ enum: PROJECT_LEVELS, isArray: true, default: [] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(PROJECT_LEVELS.length)
  @ArrayUnique()
  @IsIn(PROJECT_LEVELS, { each: true })
  levels?: ProjectLevel[];

  @ApiProperty({ example: '1500000000.00', description: 'Decimal string, not a number' })
  @IsMoney()
  plannedInvestment: string;

  @ApiPropertyOptional({ example: 'CNY', default: 'CNY' })
  @Omittable()
  @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '3000000000.00' })
  @IsOptional()
  @IsMoney()
  expectedAnnualOutput?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '800000000.00' })
  @IsOptional()
  @IsMoney()
  annualPlannedInvestment?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  startDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  plannedCompletionDate?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    description: 'Day the investment agreement was signed; not after today',
  })
  @IsOptional()
  @IsDateOnly()
  signedAt?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  leaderId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100, description: '责任领导' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  leaderName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Defaults to the creating officer',
  })
  @OptionalUuid()
  officerId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

export class UpdateProjectDto extends PartialType(CreateProjectDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

const LIGHTS = ['green', 'yellow', 'red'] as const;
type Light = (typeof LIGHTS)[number];

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

export class ListProjectsQuery extends SpreadsheetPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  clusterId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ enum: PROJECT_LEVELS, description: 'Projects having this level' })
  @IsOptional()
  @IsIn(PROJECT_LEVELS)
  level?: ProjectLevel;

  @ApiPropertyOptional({
    description: `One stage or several, comma-separated: ${PROJECT_STAGES.join(', ')}`,
    example: 'signed,preparing',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(PROJECT_STAGES.length * 2)
  @IsIn(PROJECT_STAGES, {
    each: true,
    message: `stage must be among: ${PROJECT_STAGES.join(', ')}`,
  })
  stage?: ProjectStage[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  officerId?: string;

  @ApiPropertyOptional({
    description: 'One light or several, comma-separated: green, yellow, red (as last evaluated)',
    example: 'yellow,red',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(LIGHTS.length * 2)
  @IsIn(LIGHTS, { each: true, message: `light must be among: ${LIGHTS.join(', ')}` })
  light?: Light[];

  @ApiPropertyOptional({
    description:
      'true: an open milestone is past due, or the planned completion date has passed before completion (in the zone time zone)',
  })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: UNIT_PARAMS,
    default: 'yuan',
    description: 'format=xlsx: the unit of the amount columns (元 = yuan)',
  })
  @IsOptional()
  @IsIn(UNIT_PARAMS)
  unit?: UnitParam;

  @ApiPropertyOptional({ description: 'Search in name and code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy([
    'code',
    'name',
    'stage',
    'plannedInvestment',
    'realizedInvestment',
    'startDate',
    'plannedCompletionDate',
    'createdAt',
    'updatedAt',
  ])
  sort?: string;
}
