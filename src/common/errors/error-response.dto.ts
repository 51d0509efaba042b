import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'plannedInvestment' })
  field: string;

  @ApiProperty({ example: 'must be a decimal string with at most 2 decimals' })
  message: string;
}

/** The body of every error response. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ example: 'Invalid request: plannedInvestment' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiProperty({ example: '0b6c4d1e-3a55-4a8e-9a53-2d1f6b7f2a10' })
  correlationId: string;
}
