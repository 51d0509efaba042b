import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Park } from '../parks/park.entity.js';

export const REPORT_TYPES = ['weekly'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** A frozen snapshot of a period (a park rolled up through its sub-parks, or the whole zone). */
@Entity('reports')
@Index('uq_reports_zone_period', ['type', 'period'], { unique: true, where: 'park_id IS NULL' })
@Index('uq_reports_park_period', ['type', 'parkId', 'period'], {
  unique: true,
  where: 'park_id IS NOT NULL',
})
@Check('ck_reports_type', `type IN ('weekly')`)
export class Report {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ enum: REPORT_TYPES })
  @Column('varchar', { length: 16 })
  type: ReportType;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: the whole zone',
  })
  @Column('uuid', { nullable: true })
  parkId: string | null;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_reports_park' })
  park?: Relation<Park>;

  @ApiProperty({ example: '2026-W47', description: 'ISO week in the zone time zone' })
  @Column('varchar', { length: 10 })
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  periodStart: string;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  periodEnd: string;

  @ApiProperty({ type: Object, description: 'The snapshot: every section of the report' })
  @Column('jsonb')
  data: Record<string, unknown>;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The report it compares with',
  })
  @Column('uuid', { nullable: true })
  previousId: string | null;

  @ApiProperty({ example: 1, description: 'Bumped each time the week is regenerated' })
  @Column('int', { default: 1 })
  revision: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the scheduler' })
  @Column('uuid', { nullable: true })
  generatedBy: string | null;

  @ApiProperty()
  @Column('timestamptz')
  generatedAt: Date;
}
