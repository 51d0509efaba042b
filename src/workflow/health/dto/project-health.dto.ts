import { ApiProperty } from '@nestjs/swagger';
import { LIGHTS, type Light } from '../rules.js';
import { RULE_KINDS, type RuleKind } from '../warning-rule.entity.js';

export class HealthReason {
  @ApiProperty({ enum: RULE_KINDS })
  kind: RuleKind;

  @ApiProperty({ example: 93, description: 'Days or percentage points, as the kind says' })
  value: number;

  @ApiProperty({ type: Number, nullable: true, example: 60 })
  yellowAt: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 90 })
  redAt: number | null;

  @ApiProperty({ enum: ['yellow', 'red'] })
  light: 'yellow' | 'red';

  @ApiProperty({ example: 'No progress reported for 93 days (red at 90)' })
  message: string;
}

export class HealthRule {
  @ApiProperty({ enum: RULE_KINDS })
  kind: RuleKind;

  @ApiProperty({ description: "false: the rule does not apply at the project's stage" })
  applies: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'null: nothing to measure' })
  value: number | null;

  @ApiProperty({ enum: LIGHTS, nullable: true, description: 'null: the rule said nothing' })
  light: Light | null;

  @ApiProperty({ type: Number, nullable: true })
  yellowAt: number | null;

  @ApiProperty({ type: Number, nullable: true })
  redAt: number | null;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: zone default' })
  sourceParkId: string | null;
}

export class ProjectHealthView {
  @ApiProperty({ format: 'uuid' })
  projectId: string;

  @ApiProperty({
    enum: LIGHTS,
    nullable: true,
    description: 'The worst light of its rules; null for completed, in operation, on hold, dropped',
  })
  light: Light | null;

  @ApiProperty({ type: [HealthReason], description: 'The rules at yellow or red, worst first' })
  reasons: HealthReason[];

  @ApiProperty()
  evaluatedAt: Date;

  @ApiProperty({ type: [HealthRule] })
  rules: HealthRule[];
}
