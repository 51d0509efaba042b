import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly, OptionalUuid, QueryBoolean } from '../../common/validation/decorators.js';
import { MILESTONE_KINDS, type MilestoneKind } from '../milestone.entity.js';

export class CreateMilestoneDto {
  @ApiProperty({ example: 'Trial production', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ enum: MILESTONE_KINDS, default: 'other' })
  @IsOptional()
  @IsIn(MILESTONE_KINDS)
  kind?: MilestoneKind;

  @ApiProperty({ type: String, format: 'date', example: '2026-05-31' })
  @IsDateOnly()
  dueDate: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'When it was done, with Z or an offset (2026-05-30T08:00:00Z); null reopens it; not in the future',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  // without an offset the instant would depend on the server's time zone
  @Matches(/T.*(Z|[+-]\d{2}(:?\d{2})?)$/i, {
    message: 'completedAt must be an instant with Z or an offset, such as 2026-05-30T08:00:00Z',
  })
  completedAt?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  ownerId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}

export class UpdateMilestoneDto extends PartialType(CreateMilestoneDto, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListMilestonesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: not completed yet; false: completed' })
  @IsOptional()
  @QueryBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'true: open and past due in the zone time zone' })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  ownerId?: string;

  @SortBy(['dueDate', 'title', 'completedAt', 'createdAt'])
  sort?: string;
}
