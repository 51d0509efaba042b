import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDateOnly } from '../../common/validation/decorators.js';
import { PROJECT_STAGES, type ProjectStage } from '../../projects/project.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** One move of a key project along its lifecycle. */
export class CreateTransitionDto {
  @ApiProperty({ enum: PROJECT_STAGES, description: 'The stage to move to' })
  @IsIn(PROJECT_STAGES, { message: `to must be among: ${PROJECT_STAGES.join(', ')}` })
  to: ProjectStage;

  @ApiProperty({
    maxLength: 2000,
    example: 'Investment agreement signed at the Jimo conference',
    description: 'Why the project moves; recorded with who and when',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ description: "The project's version you read; a stale one answers 409" })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    default: false,
    description:
      'Managers and admins only, with to = completed: complete the project with milestones still open',
  })
  @IsOptional()
  @IsBoolean()
  override?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description:
      'With to = signed only: the day the agreement was signed (not after today in the zone); stored on the project',
  })
  @IsOptional()
  @IsDateOnly()
  signedAt?: string;
}
