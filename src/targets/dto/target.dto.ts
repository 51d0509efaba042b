import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { Target, TARGET_METRICS, type TargetMetric } from '../target.entity.js';

const YEAR = { minimum: 2000, maximum: 2100, example: 2026 };

export class CreateTargetDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The park the target is set for (exactly one of parkId and clusterId)',
  })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The industry cluster the target is set for (exactly one of parkId and clusterId)',
  })
  @IsOptional()
  @IsUUID('all')
  clusterId?: string;

  @ApiProperty(YEAR)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ enum: TARGET_METRICS })
  @IsIn(TARGET_METRICS, { message: `metric must be one of: ${TARGET_METRICS.join(', ')}` })
  metric: TargetMetric;

  @ApiProperty({
    example: '270000000000.00',
    description:
      'Decimal string: yuan (up to 2 decimals) for money metrics, a whole number for counts',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(21)
  value: string;

  @ApiPropertyOptional({
    enum: ['CNY', 'count'],
    description: 'CNY for money metrics, count for the others; defaults to the right one',
  })
  @IsOptional()
  @IsIn(['CNY', 'count'])
  unit?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

/** The owner of a target does not change: delete it and set one for the other owner. */
export class UpdateTargetDto {
  @ApiPropertyOptional(YEAR)
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: TARGET_METRICS })
  @IsOptional()
  @IsIn(TARGET_METRICS, { message: `metric must be one of: ${TARGET_METRICS.join(', ')}` })
  metric?: TargetMetric;

  @ApiPropertyOptional({ example: '300000000000.00' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(21)
  value?: string;

  @ApiPropertyOptional({ enum: ['CNY', 'count'] })
  @IsOptional()
  @IsIn(['CNY', 'count'])
  unit?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListTargetsQuery extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Targets of this park, its sub-parks and their clusters',
  })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Targets of this cluster' })
  @IsOptional()
  @IsUUID('all')
  clusterId?: string;

  @ApiPropertyOptional(YEAR)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: TARGET_METRICS })
  @IsOptional()
  @IsIn(TARGET_METRICS, { message: `metric must be one of: ${TARGET_METRICS.join(', ')}` })
  metric?: TargetMetric;

  @SortBy(['year', 'metric', 'value', 'createdAt'])
  sort?: string;
}

/** A target with how far it has come (from the dashboard summaries). */
export class TargetProgressView extends Target {
  @ApiProperty({
    example: '46000000.00',
    description:
      'What the data says so far for the owner and year: yuan (decimal string) for money metrics, a whole number string for counts',
  })
  actual: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 46,
    description: 'actual / value × 100, one decimal; null for a zero target',
  })
  percent: number | null;

  @ApiProperty({
    example: 50.1,
    description:
      '序时进度: the share of the year elapsed in the zone (today included), one decimal; 100 for a past year, 0 for a future one',
  })
  pace: number;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'The summaries matched the data at this instant (see README: dashboards)',
  })
  asOf: Date | null;
}
