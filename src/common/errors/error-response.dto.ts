import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_LIMITS } from './error-code.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'plannedInvestment', maxLength: ERROR_LIMITS.field })
  field: string;

  @ApiProperty({
    example: 'must be a decimal string with at most 2 decimals',
    maxLength: ERROR_LIMITS.message,
  })
  message: string;
}

/** The body of every error response. */
export class ErrorResponse {
  @ApiProperty({ example: 400, type: 'integer', format: 'int32', minimum: 400, maximum: 599 })
  status: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 64 })
  code: string;

  @ApiProperty({ example: 'Invalid request: plannedInvestment', maxLength: ERROR_LIMITS.message })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], maxItems: ERROR_LIMITS.details })
  details?: FieldErrorDto[];

  @ApiProperty({
    example: '0b6c4d1e-3a55-4a8e-9a53-2d1f6b7f2a10',
    description: 'Also in the x-correlation-id header; x-request-id chooses it',
    pattern: '^[A-Za-z0-9._:-]{8,100}$',
    maxLength: 100,
  })
  correlationId: string;
}
