import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNullable } from '../../../common/validation/decorators.js';
import { RULE_KINDS, type RuleKind, WarningRule } from '../warning-rule.entity.js';

export class WarningRuleInput {
  @ApiProperty({ enum: RULE_KINDS })
  @IsIn(RULE_KINDS, { message: `kind must be one of: ${RULE_KINDS.join(', ')}` })
  kind: RuleKind;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    example: 60,
    description: 'A value at or above it is yellow; null: no yellow step',
  })
  @IsNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  yellowAt: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    example: 90,
    description: 'A value at or above it is red; not below yellowAt; null: never red',
  })
  @IsNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  redAt: number | null;

  @ApiPropertyOptional({ default: true, description: 'A disabled rule lights nothing' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class PutWarningRulesDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: the zone defaults; a park: its overrides, for it and every park below it',
  })
  @IsNullable()
  @IsUUID('all')
  parkId: string | null;

  @ApiProperty({
    type: [WarningRuleInput],
    description:
      'Replaces the rules of that scope. The zone defaults keep all four kinds; for a park an empty list removes its overrides',
  })
  @IsArray()
  @ArrayMaxSize(RULE_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => WarningRuleInput)
  rules: WarningRuleInput[];
}

export class ListWarningRulesQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The rules in force for this park, and where each comes from',
  })
  @IsOptional()
  @IsUUID('all')
  parkId?: string;
}

export class EffectiveWarningRule {
  @ApiProperty({ enum: RULE_KINDS })
  kind: RuleKind;

  @ApiProperty({ type: Number, nullable: true, example: 60 })
  yellowAt: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 90 })
  redAt: number | null;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({
    enum: ['zone', 'park', 'parent'],
    description:
      'zone: the zone default; park: set on this park; parent: inherited from a park above it',
  })
  source: 'zone' | 'park' | 'parent';

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: zone default' })
  sourceParkId: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Weihai High-tech Zone' })
  sourceParkName: string | null;
}

export class WarningRulesView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the zone' })
  parkId: string | null;

  @ApiProperty({ type: [EffectiveWarningRule], description: 'The rules in force for this scope' })
  rules: EffectiveWarningRule[];

  @ApiProperty({
    type: [WarningRule],
    description: 'Rules set on parks at or below this scope (the zone: every park override)',
  })
  overrides: WarningRule[];

  @ApiPropertyOptional({ description: 'After a PUT: how many projects were re-evaluated' })
  evaluatedProjects?: number;
}
