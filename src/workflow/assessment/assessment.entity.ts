import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { VersionedRecord } from '../../common/database/versioned-record.js';
import { Park } from '../../parks/park.entity.js';
import { User } from '../../users/user.entity.js';

export const MEASURE_KEYS = [
  'milestones_on_time',
  'investment_verified_vs_plan',
  'contracts_honoured',
  'starts_and_completions_on_time',
  'supervision_closed_in_time',
  'targets_on_pace',
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export class FormulaMeasure {
  @ApiProperty({ enum: MEASURE_KEYS })
  key: MeasureKey;

  @ApiProperty({ example: 25, description: 'Relative weight; measures without data drop out' })
  weight: number;
}

/** A written, versioned scoring formula: which measures count, with which weights. */
@Entity('assessment_formulas')
@Index('uq_assessment_formulas_version', ['version'], { unique: true })
export class AssessmentFormula {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 1, description: 'The highest version is the current formula' })
  @Column('int')
  version: number;

  @ApiProperty({ type: [FormulaMeasure] })
  @Column('jsonb')
  measures: FormulaMeasure[];

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One run of the formula over a period (and optionally a park and everything below it). */
@Entity('assessments')
@Index('uq_assessments_zone_period_run', ['period', 'run'], {
  unique: true,
  where: 'park_id IS NULL',
})
@Index('uq_assessments_park_period_run', ['parkId', 'period', 'run'], {
  unique: true,
  where: 'park_id IS NOT NULL',
})
export class Assessment {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: '2026-Q4', description: 'YYYY-Www, YYYY-MM, YYYY-Qn or YYYY' })
  @Column('varchar', { length: 10 })
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  periodStart: string;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  periodEnd: string;

  @ApiProperty({
    type: String,
    format: 'date',
    description:
      'Last day measured: the period end, or for a period still running the day before the run',
  })
  @Column('date')
  measuredTo: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null: the whole zone',
  })
  @Column('uuid', { nullable: true })
  parkId: string | null;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_assessments_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  formulaId: string;

  @ManyToOne(() => AssessmentFormula, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'formula_id', foreignKeyConstraintName: 'fk_assessments_formula' })
  formula?: Relation<AssessmentFormula>;

  @ApiProperty({ example: 1, description: 'Re-running a period makes run 2, 3, …' })
  @Column('int')
  run: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  computedBy: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  computedAt: Date;
}

export const SUBJECT_TYPES = ['project', 'park', 'officer'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The score of one project, park or officer in one assessment, with its parts and rank. */
@Entity('assessment_scores')
@Index('uq_assessment_scores_subject', ['assessmentId', 'subjectType', 'subjectId'], {
  unique: true,
})
@Check('ck_assessment_scores_subject', `subject_type IN ('project','park','officer')`)
export class AssessmentScore extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  assessmentId: string;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'assessment_id',
    foreignKeyConstraintName: 'fk_assessment_scores_assessment',
  })
  assessment?: Relation<Assessment>;

  @ApiProperty({ enum: SUBJECT_TYPES })
  @Column('varchar', { length: 16 })
  subjectType: SubjectType;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  subjectId: string;

  @ApiProperty({ example: 'HP printer industrial park', description: 'As it was named then' })
  @Column('varchar', { length: 300 })
  subjectName: string;

  @ApiProperty({
    example: 87.5,
    nullable: true,
    type: Number,
    description: 'Computed, 0–100; null when no measure applies',
  })
  @Column('double precision', { nullable: true })
  score: number | null;

  @ApiProperty({
    type: Object,
    description:
      'Per measure: numerator, denominator, ratio (0–1, or null when it does not apply), weight, points',
  })
  @Column('jsonb')
  parts: Record<string, unknown>;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Rank within its subject type (1 = best)',
  })
  @Column('int', { nullable: true })
  rank: number | null;

  @ApiProperty({ nullable: true, type: Number, description: "A manager's adjustment; score stays" })
  @Column('double precision', { nullable: true })
  adjustedScore: number | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  adjustmentReason: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  adjustedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'adjusted_by', foreignKeyConstraintName: 'fk_assessment_scores_adjuster' })
  adjuster?: Relation<User>;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  adjustedAt: Date | null;
}
