import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Project } from '../projects/project.entity.js';
import { User } from '../users/user.entity.js';

export const MILESTONE_KINDS = [
  'land',
  'permits',
  'groundbreaking',
  'topping_out',
  'equipment',
  'trial_production',
  'completion',
  'other',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A dated step of a project. Open while completedAt is null. */
@Entity('milestones')
@Index('ix_milestones_project_due', ['projectId', 'dueDate'])
@Index('ix_milestones_completed_at', ['completedAt'], { where: 'completed_at IS NOT NULL' })
@Index('ix_milestones_open_due', { synchronize: false })
@Check(
  'ck_milestones_kind',
  `kind IN ('land','permits','groundbreaking','topping_out','equipment','trial_production','completion','other')`,
)
export class Milestone extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_milestones_project' })
  project?: Relation<Project>;

  @ApiProperty({ example: 'Trial production' })
  @Column('varchar', { length: 300 })
  title: string;

  @ApiProperty({ enum: MILESTONE_KINDS })
  @Column('varchar', { length: 32, default: 'other' })
  kind: MilestoneKind;

  @ApiProperty({ type: String, format: 'date', example: '2022-05-31' })
  @Column('date')
  dueDate: string;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_milestones_owner_id')
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_milestones_owner' })
  owner?: Relation<User>;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  note: string | null;
}
