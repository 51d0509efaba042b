import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsCurrency, IsMoney, OptionalUuid } from '../../common/validation/decorators.js';
import { PARK_KINDS, type ParkKind } from '../park.entity.js';

export class CreateParkDto {
  @ApiProperty({ example: 'Weihai High-tech Zone', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'WH-HTZ', maxLength: 50, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/, {
    message: 'code must be 1-50 letters, digits, dots, dashes or underscores',
  })
  code: string;

  @ApiProperty({ enum: PARK_KINDS })
  @IsIn(PARK_KINDS)
  kind: ParkKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  parentId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  province?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  areaSqKm?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

export class UpdateParkDto extends PartialType(CreateParkDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListParksQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Direct children of this park' })
  @IsOptional()
  @IsUUID('all')
  parentId?: string;

  @ApiPropertyOptional({ enum: PARK_KINDS })
  @IsOptional()
  @IsIn(PARK_KINDS)
  kind?: ParkKind;

  @ApiPropertyOptional({ description: 'Search in name and code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @SortBy(['name', 'code', 'kind', 'createdAt'])
  sort?: string;
}

export class CreateClusterDto {
  @ApiProperty({ example: 'Medical devices and biomedicine', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, example: 4.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  areaSqKm?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '100000000000.00' })
  @IsOptional()
  @IsMoney()
  scaleTarget?: string | null;

  @ApiPropertyOptional({ example: 'CNY', default: 'CNY' })
  @IsOptional()
  @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;
}

export class UpdateClusterDto extends PartialType(CreateClusterDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListClustersQuery extends PageQueryDto {
  @SortBy(['name', 'areaSqKm', 'createdAt'])
  sort?: string;
}
