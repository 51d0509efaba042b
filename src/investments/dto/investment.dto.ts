import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQueryDto, SortBy } from '../../common/pagination/list-query.dto.js';
import { IsDateOnly, IsMoney, QueryBoolean } from '../../common/validation/decorators.js';

export class CreateTrancheDto {
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-03-15',
    description: 'Not in the future',
  })
  @IsDateOnly()
  date: string;

  @ApiProperty({
    example: '46000000.00',
    description: "Decimal string in the project's currency; more than zero",
  })
  @IsMoney()
  amount: string;

  @ApiPropertyOptional({ enum: ['capital', 'rd'], default: 'capital' })
  @IsOptional()
  @IsIn(['capital', 'rd'])
  purpose?: 'capital' | 'rd';

  @ApiProperty({ example: 'VOUCHER-2026-0315-01', description: 'Voucher or invoice reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  evidenceRef: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}

export class UpdateTrancheDto extends PartialType(CreateTrancheDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListTranchesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: verified only; false: awaiting verification' })
  @IsOptional()
  @QueryBoolean()
  verified?: boolean;

  @SortBy(['date', 'amount', 'createdAt'])
  sort?: string;
}
