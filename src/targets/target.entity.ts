import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { IndustryCluster } from '../parks/cluster.entity.js';
import { Park } from '../parks/park.entity.js';

export const TARGET_METRICS = [
  'investment_verified',
  'industrial_output',
  'leading_enterprises',
  'contracts_signed',
  'contract_amount',
  'rd_investment',
  'projects_started',
  'projects_completed',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Money metrics are in yuan (a currency code as unit); the others count things. */
export const MONEY_METRICS: readonly TargetMetric[] = [
  'investment_verified',
  'industrial_output',
  'contract_amount',
  'rd_investment',
];

/** A number a park or a cluster must reach in a year ("270 billion yuan by 2025"). */
@Entity('targets')
@Index('uq_targets_park_year_metric', ['parkId', 'year', 'metric'], {
  unique: true,
  where: 'park_id IS NOT NULL',
})
@Index('uq_targets_cluster_year_metric', ['clusterId', 'year', 'metric'], {
  unique: true,
  where: 'cluster_id IS NOT NULL',
})
@Index('ix_targets_year_metric', ['year', 'metric'])
@Check('ck_targets_owner', `(park_id IS NULL) <> (cluster_id IS NULL)`)
@Check(
  'ck_targets_metric',
  `metric IN ('investment_verified','industrial_output','leading_enterprises','contracts_signed','contract_amount','rd_investment','projects_started','projects_completed')`,
)
@Check('ck_targets_value', `value >= 0`)
@Check('ck_targets_year', `year BETWEEN 2000 AND 2100`)
export class Target extends VersionedRecord {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'A park, or…' })
  @Column('uuid', { nullable: true })
  parkId: string | null;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_targets_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: '…a cluster' })
  @Column('uuid', { nullable: true })
  clusterId: string | null;

  @ManyToOne(() => IndustryCluster, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_targets_cluster' })
  cluster?: Relation<IndustryCluster>;

  @ApiProperty({ example: 2026 })
  @Column('int')
  year: number;

  @ApiProperty({ enum: TARGET_METRICS })
  @Column('varchar', { length: 32 })
  metric: TargetMetric;

  @ApiProperty({
    example: '270000000000.00',
    description: 'Decimal string: yuan for money metrics, a count otherwise',
  })
  @Column('numeric', { precision: 20, scale: 2 })
  value: string;

  @ApiProperty({ example: 'CNY', description: 'CNY for money metrics, count for the others' })
  @Column('varchar', { length: 16 })
  unit: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  note: string | null;
}
