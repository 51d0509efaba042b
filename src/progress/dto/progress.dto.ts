import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly } from '../../common/validation/decorators.js';

export class CreateProgressDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-05-08' })
  @IsDateOnly()
  date: string;

  @ApiProperty({ example: 'Main building topped out; equipment arriving.', maxLength: 10000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  note: string;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 100, example: 80 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percentComplete?: number | null;
}

export class UpdateProgressDto extends PartialType(CreateProgressDto, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListProgressQuery extends PageQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or after this date' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or before this date' })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @SortBy(['date', 'createdAt'])
  sort?: string;
}
