import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { IsDateOnly, OptionalUuid, QueryBoolean } from '../../common/validation/decorators.js';
import {
  SERVICE_ELEMENTS,
  SERVICE_REQUEST_STATUSES,
  type ServiceElement,
  type ServiceRequestStatus,
} from '../service-request.entity.js';

/** May be left out, but not sent as null: the column has no empty value. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

export class CreateServiceRequestDto {
  @ApiProperty({ format: 'uuid', description: 'An enterprise in your parks; its park is copied' })
  @IsUUID('all')
  enterpriseId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A key project of the same enterprise',
  })
  @OptionalUuid()
  projectId?: string | null;

  @ApiProperty({ enum: SERVICE_ELEMENTS })
  @IsIn(SERVICE_ELEMENTS, { message: `element must be one of: ${SERVICE_ELEMENTS.join(', ')}` })
  element: ServiceElement;

  @ApiProperty({ example: 'Needs 20 mu more industrial land for phase II', maxLength: 10000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  description: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'An active user; an officer creating the request owns it unless told otherwise',
  })
  @OptionalUuid()
  ownerId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description:
      "Not before today (zone calendar); default: today + the element's defaultDueDays (see settings)",
  })
  @Omittable()
  @IsDateOnly()
  dueDate?: string;
}

export class UpdateServiceRequestDto extends PartialType(
  OmitType(CreateServiceRequestDto, ['enterpriseId'] as const),
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({
    enum: SERVICE_REQUEST_STATUSES,
    description:
      'open → in_progress | rejected; in_progress → resolved | rejected. resolved and rejected need a resolution; closed only through the follow-up check',
  })
  @Omittable()
  @IsIn(SERVICE_REQUEST_STATUSES)
  status?: ServiceRequestStatus;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  resolution?: string | null;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

/** The follow-up visit with the enterprise (回访销号) that closes a resolved or rejected request. */
export class FollowUpCheckDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: "The enterprise's satisfaction" })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction: number;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}

export class UpdateElementSettingDto {
  @ApiProperty({ minimum: 1, maximum: 365, example: 15 })
  @IsInt()
  @Min(1)
  @Max(365)
  defaultDueDays: number;
}

export class ListServiceRequestsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @OptionalUuid()
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalUuid()
  enterpriseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalUuid()
  projectId?: string;

  @ApiPropertyOptional({ enum: SERVICE_ELEMENTS })
  @IsOptional()
  @IsIn(SERVICE_ELEMENTS)
  element?: ServiceElement;

  @ApiPropertyOptional({
    description: `One status or several, comma-separated: ${SERVICE_REQUEST_STATUSES.join(', ')}`,
    example: 'open,in_progress',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(SERVICE_REQUEST_STATUSES.length * 2)
  @IsIn(SERVICE_REQUEST_STATUSES, {
    each: true,
    message: `status must be among: ${SERVICE_REQUEST_STATUSES.join(', ')}`,
  })
  status?: ServiceRequestStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalUuid()
  ownerId?: string;

  @ApiPropertyOptional({
    description: 'true: open or in progress and due before today in the zone time zone',
  })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Search in the description' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['dueDate', 'createdAt', 'status'])
  sort?: string;
}
