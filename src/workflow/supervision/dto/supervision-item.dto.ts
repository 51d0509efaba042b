import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, SortBy } from '../../../common/pagination/list-query.dto.js';
import { IsDateOnly, OptionalUuid, QueryBoolean } from '../../../common/validation/decorators.js';
import { RULE_KINDS, type RuleKind } from '../../health/warning-rule.entity.js';
import {
  SEVERITIES,
  type Severity,
  SUPERVISION_SOURCES,
  SUPERVISION_STEPS,
  type SupervisionSource,
  type SupervisionStep,
  SupervisionItem,
  SupervisionStepRecord,
} from '../supervision-item.entity.js';

/** May be left out, but not sent as null: the column has no empty value. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;

/** An item with the steps it took, oldest first. */
export class SupervisionItemView extends SupervisionItem {
  @ApiProperty({ type: [SupervisionStepRecord] })
  steps: SupervisionStepRecord[];
}

export class CreateSupervisionItemDto {
  @ApiProperty({ format: 'uuid', description: 'A key project in your parks' })
  @IsUUID('all')
  projectId: string;

  @ApiProperty({ example: 'Equipment installation stalled since the inspection', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity: Severity;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "An active user who can see the project; default: the project's officer",
  })
  @OptionalUuid()
  ownerId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'When the item must be closed; not before today; default today + 30 days',
  })
  @Omittable()
  @IsDateOnly()
  deadline?: string;
}

export class UpdateSupervisionItemDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @OptionalUuid()
  ownerId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Not before today' })
  @Omittable()
  @IsDateOnly()
  deadline?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @Omittable()
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class StepDto {
  @ApiProperty({
    enum: SUPERVISION_STEPS,
    description:
      'One step forward: assigned → acknowledged → in_progress → responded → reviewed → closed; a manager may send a responded item back to in_progress (with a note)',
  })
  @IsIn(SUPERVISION_STEPS, { message: `to must be one of: ${SUPERVISION_STEPS.join(', ')}` })
  to: SupervisionStep;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'When the step entered is due; default per step (3, 2, 10, 5, 3 days)',
  })
  @Omittable()
  @IsDateOnly()
  deadline?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 10000,
    description: 'Required to close (managers), refused otherwise',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  resolution?: string;

  @ApiPropertyOptional({ description: 'The version you read; if sent, a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class EvaluateDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'This park and the parks below it (within yours); default: all your parks',
  })
  @OptionalUuid()
  parkId?: string;
}

export class EvaluationResult {
  @ApiProperty({ example: 97, description: 'Projects whose light was re-evaluated' })
  evaluatedProjects: number;

  @ApiProperty({ type: [SupervisionItem], description: 'Items opened by this run (red rules)' })
  opened: SupervisionItem[];
}

export class ListSupervisionItemsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'This park and its sub-parks' })
  @OptionalUuid()
  parkId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalUuid()
  projectId?: string;

  @ApiPropertyOptional({
    description: `One status or several, comma-separated: ${SUPERVISION_STEPS.join(', ')}`,
    example: 'assigned,acknowledged,in_progress',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(SUPERVISION_STEPS.length * 2)
  @IsIn(SUPERVISION_STEPS, {
    each: true,
    message: `status must be among: ${SUPERVISION_STEPS.join(', ')}`,
  })
  status?: SupervisionStep[];

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalUuid()
  ownerId?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ enum: SUPERVISION_SOURCES })
  @IsOptional()
  @IsIn(SUPERVISION_SOURCES)
  source?: SupervisionSource;

  @ApiPropertyOptional({ enum: RULE_KINDS })
  @IsOptional()
  @IsIn(RULE_KINDS)
  ruleKind?: RuleKind;

  @ApiPropertyOptional({
    description: 'true: not closed and its deadline has passed in the zone time zone',
  })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;

  @SortBy(['deadline', 'stepDeadline', 'createdAt', 'severity', 'status'])
  sort?: string;
}
