import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../../common/database/versioned-record.js';
import { Park } from '../../parks/park.entity.js';

export const RULE_KINDS = [
  'no_progress_days',
  'milestone_overdue_days',
  'behind_pace_percent',
  'investment_shortfall_percent',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * A threshold of the three-colour warning (三色预警): at `yellowAt` or more the project turns
 * yellow, at `redAt` or more red. parkId null is the zone default; a park's rule overrides it for
 * the park and everything below it.
 */
@Entity('warning_rules')
@Index('uq_warning_rules_zone_kind', ['kind'], { unique: true, where: 'park_id IS NULL' })
@Index('uq_warning_rules_park_kind', ['parkId', 'kind'], {
  unique: true,
  where: 'park_id IS NOT NULL',
})
@Check(
  'ck_warning_rules_kind',
  `kind IN ('no_progress_days','milestone_overdue_days','behind_pace_percent','investment_shortfall_percent')`,
)
@Check(
  'ck_warning_rules_thresholds',
  `(yellow_at IS NULL OR yellow_at >= 0) AND (red_at IS NULL OR red_at >= 0)
   AND (yellow_at IS NULL OR red_at IS NULL OR red_at >= yellow_at)`,
)
export class WarningRule extends VersionedRecord {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: zone default' })
  @Column('uuid', { nullable: true })
  parkId: string | null;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_warning_rules_park' })
  park?: Relation<Park>;

  @ApiProperty({ enum: RULE_KINDS })
  @Column('varchar', { length: 40 })
  kind: RuleKind;

  @ApiProperty({ nullable: true, type: Number, example: 60 })
  @Column('double precision', { nullable: true })
  yellowAt: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 90 })
  @Column('double precision', { nullable: true })
  redAt: number | null;

  @ApiProperty({ description: 'A disabled rule lights nothing' })
  @Column('boolean', { default: true })
  enabled: boolean;
}
