import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../../common/pagination/list-query.dto.js';
import { IsDateOnly } from '../../../common/validation/decorators.js';
import { INSPECTION_RATINGS, type InspectionRating } from '../inspection.entity.js';

export class CreateInspectionDto {
  @ApiProperty({ type: String, format: 'date', description: 'Not after today (zone calendar)' })
  @IsDateOnly()
  date: string;

  @ApiProperty({
    type: [String],
    example: ['Liu Wei', 'Inspection room, Weihai High-tech Zone'],
    description: 'Names of the inspectors (1 to 20)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  inspectors: string[];

  @ApiProperty({ example: 'Equipment installation two weeks behind; labour short' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  findings: string;

  @ApiProperty({ enum: INSPECTION_RATINGS })
  @IsIn(INSPECTION_RATINGS, { message: `rating must be one of: ${INSPECTION_RATINGS.join(', ')}` })
  rating: InspectionRating;
}

export class UpdateInspectionDto extends PartialType(CreateInspectionDto, {
  skipNullProperties: false,
}) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListInspectionsQuery extends PageQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or after this date' })
  @IsOptional()
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'On or before this date' })
  @IsOptional()
  @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ enum: INSPECTION_RATINGS })
  @IsOptional()
  @IsIn(INSPECTION_RATINGS)
  rating?: InspectionRating;

  @SortBy(['date', 'rating', 'createdAt'])
  sort?: string;
}
