import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly } from '../../common/validation/decorators.js';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../follow-up.entity.js';
import { Visit, VISIT_DIRECTIONS, type VisitDirection } from '../visit.entity.js';

/** A visit with the enterprises and projects it concerned. */
export class VisitView extends Visit {
  @ApiProperty({ type: [String], format: 'uuid' })
  enterpriseIds: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  projectIds: string[];
}

export class ParticipantDto {
  @ApiProperty({ example: 'Jin Sun', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Deputy Director', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: 'Lianyungang City Bureau of Commerce', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  organisation?: string;
}

// set-valued references: may be left out or emptied, never null
const NotNull = () => ValidateIf((_, value) => value !== undefined);

export class CreateVisitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  parkId: string;

  @ApiProperty({ type: String, format: 'date', example: '2021-10-25' })
  @IsDateOnly()
  date: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsDateOnly()
  endDate?: string | null;

  @ApiProperty({ enum: VISIT_DIRECTIONS })
  @IsIn(VISIT_DIRECTIONS)
  direction: VisitDirection;

  @ApiProperty({ example: 'Lingang Innovation Center', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  hostOrganisation: string;

  @ApiProperty({ example: 'Lianyungang City Bureau of Commerce', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  visitingOrganisation: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  leader?: string | null;

  @ApiPropertyOptional({ type: [ParticipantDto], maxItems: 200 })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Enterprises concerned' })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  enterpriseIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Key projects concerned' })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  projectIds?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  purpose?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  summary?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  outcomes?: string | null;
}

export class UpdateVisitDto extends PartialType(CreateVisitDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListVisitsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ enum: VISIT_DIRECTIONS })
  @IsOptional()
  @IsIn(VISIT_DIRECTIONS)
  direction?: VisitDirection;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or after this date' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or before this date' })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  projectId?: string;

  @ApiPropertyOptional({ description: 'Search in organisations, leader and purpose' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['date', 'visitingOrganisation', 'createdAt'])
  sort?: string;
}

export class CreateFollowUpDto {
  @ApiProperty({ example: 'Invite Ms. Sun to the policy briefing', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  action: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  ownerId?: string | null;

  @ApiProperty({ type: String, format: 'date', description: 'Not before the visit' })
  @IsDateOnly()
  dueDate: string;
}

export class UpdateFollowUpDto extends PartialType(CreateFollowUpDto, {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES, description: 'open → done or cancelled' })
  @NotNull()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  doneNote?: string | null;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListFollowUpsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  ownerId?: string;

  @SortBy(['dueDate', 'createdAt'])
  sort?: string;
}
