import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
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
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly } from '../../common/validation/decorators.js';
import { EVENT_KINDS, type EventKind, PromotionEvent } from '../event.entity.js';

/** An event with the companies a media tour visited. */
export class EventView extends PromotionEvent {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Media tours only: the enterprises visited',
  })
  companyIds: string[];
}

export class ContractTotal {
  @ApiProperty({ example: 'CNY' })
  currency: string;

  @ApiProperty({ type: String, example: '5000000000.00', description: 'Decimal string' })
  amount: string;
}

export class EventContracts {
  @ApiProperty({
    type: 'integer',
    example: 32,
    description: 'Contracts signed at the event that you can see, whatever their status since',
  })
  count: number;

  @ApiProperty({ type: [ContractTotal], description: 'Summed amounts, one per currency' })
  totals: ContractTotal[];
}

/** One event as `GET events/:id` answers it: with the contracts signed at it. */
export class EventDetail extends EventView {
  @ApiProperty({ type: EventContracts })
  contracts: EventContracts;
}

// set-valued references: may be left out or emptied, never null
const NotNull = () => ValidateIf((_, value) => value !== undefined);

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: 'Jimo innovation and development conference', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ type: String, format: 'date', example: '2019-10-27' })
  @IsDateOnly()
  startDate: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Not before startDate',
  })
  @IsOptional()
  @IsDateOnly()
  endDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  parkId: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  organiser?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, example: 400 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  attendeeCount?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Media tours only: enterprises in your parks the tour visited',
  })
  @NotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  companyIds?: string[];
}

export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListEventsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @IsOptional()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'Events with a day on or after this date',
  })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'Events with a day on or before this date',
  })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ description: 'Search in name, organiser and location' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['startDate', 'name', 'createdAt'])
  sort?: string;
}
