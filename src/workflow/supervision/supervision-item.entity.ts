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
import { VersionedRecord } from '../../common/database/versioned-record.js';
import { Park } from '../../parks/park.entity.js';
import { Project } from '../../projects/project.entity.js';
import { User } from '../../users/user.entity.js';
import { RULE_KINDS, type RuleKind } from '../health/warning-rule.entity.js';

export const SUPERVISION_STEPS = [
  'assigned',
  'acknowledged',
  'in_progress',
  'responded',
  'reviewed',
  'closed',
] as const;
export type SupervisionStep = (typeof SUPERVISION_STEPS)[number];

export const SUPERVISION_SOURCES = ['rule', 'manual'] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];

export const SEVERITIES = ['yellow', 'red'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * A supervision item (督办单): opened by a red warning or by a manager, worked through dated steps
 * by its owner, reviewed and closed by a manager with a resolution.
 */
@Entity('supervision_items')
@Index('ix_supervision_items_park_status', ['parkId', 'status'])
@Index('ix_supervision_items_project', ['projectId'])
@Index('ix_supervision_items_owner', ['ownerId'])
@Index('ix_supervision_items_created_at', ['createdAt'])
@Index('ix_supervision_items_closed_at', ['closedAt'], { where: 'closed_at IS NOT NULL' })
@Index('ix_supervision_items_open_step_deadline', ['stepDeadline'], { where: `status <> 'closed'` })
// an evaluation opens at most one open item per project and rule
@Index('uq_supervision_items_open_rule', ['projectId', 'ruleKind'], {
  unique: true,
  where: `source = 'rule' AND status <> 'closed'`,
})
@Check('ck_supervision_items_source', `source IN ('rule','manual')`)
@Check('ck_supervision_items_rule', `(source = 'rule') = (rule_kind IS NOT NULL)`)
@Check('ck_supervision_items_severity', `severity IN ('yellow','red')`)
@Check(
  'ck_supervision_items_status',
  `status IN ('assigned','acknowledged','in_progress','responded','reviewed','closed')`,
)
@Check(
  'ck_supervision_items_closed',
  `status <> 'closed' OR (resolution IS NOT NULL AND closed_at IS NOT NULL)`,
)
export class SupervisionItem extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_supervision_items_project' })
  project?: Relation<Project>;

  @ApiProperty({ format: 'uuid', description: "The project's park (scope)" })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_supervision_items_park' })
  park?: Relation<Park>;

  @ApiProperty({ enum: SUPERVISION_SOURCES })
  @Column('varchar', { length: 16 })
  source: SupervisionSource;

  @ApiProperty({ enum: RULE_KINDS, nullable: true, description: 'The rule that opened it' })
  @Column('varchar', { length: 40, nullable: true })
  ruleKind: RuleKind | null;

  @ApiProperty({ example: 'No progress reported for 93 days (red at 90)' })
  @Column('text')
  reason: string;

  @ApiProperty({ enum: SEVERITIES })
  @Column('varchar', { length: 8 })
  severity: Severity;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_supervision_items_owner' })
  owner?: Relation<User>;

  @ApiProperty({ type: String, format: 'date', description: 'When the whole item must be closed' })
  @Column('date')
  deadline: string;

  @ApiProperty({ enum: SUPERVISION_STEPS })
  @Column('varchar', { length: 16, default: 'assigned' })
  status: SupervisionStep;

  @ApiProperty({ type: String, format: 'date', description: 'When the current step must be done' })
  @Column('date')
  stepDeadline: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  resolution: string | null;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  closedBy: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: opened by a rule',
  })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

/** One step an item took: who moved it, when, with what note, and the next step's deadline. */
@Entity('supervision_steps')
@Index('ix_supervision_steps_item_at', ['itemId', 'at'])
export class SupervisionStepRecord {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  itemId: string;

  @ManyToOne(() => SupervisionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_supervision_steps_item' })
  item?: Relation<SupervisionItem>;

  @ApiProperty({
    enum: SUPERVISION_STEPS,
    nullable: true,
    description: 'null for the opening step',
  })
  @Column('varchar', { length: 16, nullable: true })
  fromStep: SupervisionStep | null;

  @ApiProperty({ enum: SUPERVISION_STEPS })
  @Column('varchar', { length: 16 })
  toStep: SupervisionStep;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  note: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Deadline of the step entered',
  })
  @Column('date', { nullable: true })
  deadline: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: the rule evaluation',
  })
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @ApiProperty()
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
