import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly } from '../../common/validation/decorators.js';

/**
 * What a timeline holds. A new kind of item is a type here and its source in
 * timeline.repository.ts (SOURCES); nothing else changes.
 */
export const TIMELINE_TYPES = [
  'visit',
  'event',
  'contract',
  'progress_update',
  'milestone',
  'investment_tranche',
  'service_request',
  'stage_change',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** One entry of an enterprise's or a project's story. */
export class TimelineItem {
  @ApiProperty({ enum: TIMELINE_TYPES })
  type: TimelineType;

  @ApiProperty({
    type: String,
    format: 'date',
    example: '2021-10-25',
    description:
      'Calendar date; for instants (a completed milestone, a service request, a stage change) the date in the zone time zone',
  })
  date: string;

  @ApiProperty({ example: 'Visit from Lianyungang City Bureau of Commerce' })
  title: string;

  @ApiProperty({ format: 'uuid', description: 'Id of the visit, contract, milestone… itself' })
  id: string;

  @ApiProperty({
    example: '/api/v1/visits/0b0b3222-89a4-4101-8c6e-a4e8bf300000',
    description: 'API path of the item',
  })
  link: string;

  @ApiProperty({ format: 'uuid', description: "The item's park (a project's, for its records)" })
  parkId: string;
}

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

export class TimelineQuery extends PageQueryDto {
  @ApiPropertyOptional({
    description: `One type or several, comma-separated: ${TIMELINE_TYPES.join(', ')}`,
    example: 'visit,contract',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(TIMELINE_TYPES.length * 2)
  @IsIn(TIMELINE_TYPES, {
    each: true,
    message: `type must be among: ${TIMELINE_TYPES.join(', ')}`,
  })
  type?: TimelineType[];

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or after this date' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or before this date' })
  @IsOptional()
  @IsDateOnly()
  to?: string;
}
