import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
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
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import {
  IsCurrency,
  IsDateOnly,
  IsMoney,
  OptionalUuid,
} from '../../common/validation/decorators.js';
import { CONTRACT_STATUSES, type ContractStatus } from '../contract.entity.js';

/** May be left out, but not sent as null: the column has no empty value but its default. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

export class CreateContractDto {
  @ApiProperty({
    example: 'JM-2019-017',
    maxLength: 50,
    description: 'Unique within its park; becomes the key project code',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/, {
    message: 'code must be 1-50 letters, digits, dots, dashes, slashes or underscores',
  })
  code: string;

  @ApiProperty({ example: 'Huawei techno-park', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({
    type: String,
    format: 'date',
    example: '2019-10-27',
    description: 'Day of signing; not after today in the zone time zone',
  })
  @IsDateOnly()
  signedAt: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  parkId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The investor: an enterprise in your parks',
  })
  @OptionalUuid()
  enterpriseId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "Signed at this event: held in the contract's park or a park above it",
  })
  @OptionalUuid()
  eventId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "Won on this visit: held by the contract's park or a park above it",
  })
  @OptionalUuid()
  visitId?: string | null;

  @ApiProperty({ example: '5000000000.00', description: 'Decimal string, not a number' })
  @IsMoney()
  amount: string;

  @ApiPropertyOptional({ example: 'CNY', default: 'CNY' })
  @Omittable()
  @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'An existing key project of the same park that the contract feeds',
  })
  @OptionalUuid()
  projectId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

export class UpdateContractDto extends PartialType(CreateContractDto, {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    enum: CONTRACT_STATUSES,
    description:
      'Forward only: signed → registered → funds_in_place; terminated from the first two',
  })
  @Omittable()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

export class ListContractsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;

  @ApiPropertyOptional({
    description: `One status or several, comma-separated: ${CONTRACT_STATUSES.join(', ')}`,
    example: 'signed,registered',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(CONTRACT_STATUSES.length * 2)
  @IsIn(CONTRACT_STATUSES, {
    each: true,
    message: `status must be among: ${CONTRACT_STATUSES.join(', ')}`,
  })
  status?: ContractStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  eventId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  visitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  projectId?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Signed on or after' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Signed on or before' })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ description: 'Search in code and title' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['signedAt', 'amount', 'code', 'createdAt'])
  sort?: string;
}
