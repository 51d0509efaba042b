import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  DeleteDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Contract } from '../contracts/contract.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { IndustryCluster } from '../parks/cluster.entity.js';
import { Park } from '../parks/park.entity.js';
import { User } from '../users/user.entity.js';

export const PROJECT_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const PROJECT_STAGES = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
  'completed',
  'in_operation',
  'on_hold',
  'dropped',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

/** A key project tracked from lead to production. */
@Entity('projects')
@Index('uq_projects_park_code', ['parkId', 'code'], { unique: true, where: 'deleted_at IS NULL' })
@Index('ix_projects_created_at', ['createdAt'], { where: 'deleted_at IS NULL' })
@Index('ix_projects_levels', { synchronize: false })
@Index('ix_projects_name_trgm', { synchronize: false })
@Index('ix_projects_code_trgm', { synchronize: false })
@Check(
  'ck_projects_stage',
  `stage IN ('lead','negotiating','signed','preparing','under_construction','completed','in_operation','on_hold','dropped')`,
)
@Check(
  'ck_projects_levels',
  `levels <@ ARRAY['national','provincial','municipal','district']::varchar[]`,
)
@Check('ck_projects_planned_investment', `planned_investment >= 0`)
@Check('ck_projects_light', `light IS NULL OR light IN ('green','yellow','red')`)
@Check(
  'ck_projects_dates',
  `start_date IS NULL OR planned_completion_date IS NULL OR planned_completion_date >= start_date`,
)
export class Project extends VersionedRecord {
  @ApiProperty({ example: 'WH-2022-001', description: 'Unique within its park' })
  @Column('varchar', { length: 50 })
  code: string;

  @ApiProperty({ example: 'HP printer industrial park' })
  @Column('varchar', { length: 300 })
  name: string;

  @ApiProperty({ format: 'uuid' })
  @Index('ix_projects_park_id', { where: 'deleted_at IS NULL' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_projects_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_projects_cluster_id', { where: 'deleted_at IS NULL' })
  @Column('uuid', { nullable: true })
  clusterId: string | null;

  @ManyToOne(() => IndustryCluster, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_projects_cluster' })
  cluster?: Relation<IndustryCluster>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_projects_enterprise_id', { where: 'deleted_at IS NULL' })
  @Column('uuid', { nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_projects_enterprise' })
  enterprise?: Relation<Enterprise>;

  @ApiProperty({
    enum: PROJECT_LEVELS,
    isArray: true,
    description: 'A set: a provincial key project is usually a municipal one too',
  })
  @Column('varchar', { length: 16, array: true, default: () => `'{}'` })
  levels: ProjectLevel[];

  @ApiProperty({
    enum: PROJECT_STAGES,
    description: 'Set to lead on create; moved by the workflow',
  })
  @Index('ix_projects_stage', { where: 'deleted_at IS NULL' })
  @Column('varchar', { length: 32, default: 'lead' })
  stage: ProjectStage;

  @ApiProperty({ example: '1500000000.00', description: 'Decimal string in the currency below' })
  @Column('numeric', { precision: 20, scale: 2, default: 0 })
  plannedInvestment: string;

  @ApiProperty({
    example: '0.00',
    description: 'Read-only: the sum of verified investment tranches',
    readOnly: true,
  })
  @Column('numeric', { precision: 20, scale: 2, default: 0 })
  realizedInvestment: string;

  @ApiProperty({ example: 'CNY', description: 'ISO 4217' })
  @Column('char', { length: 3, default: 'CNY' })
  currency: string;

  @ApiProperty({ nullable: true, type: String, example: '3000000000.00' })
  @Column('numeric', { precision: 20, scale: 2, nullable: true })
  expectedAnnualOutput: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '800000000.00',
    description: 'Investment planned for this year (年度计划投资)',
  })
  @Column('numeric', { precision: 20, scale: 2, nullable: true })
  annualPlannedInvestment: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2022-01-10' })
  @Column('date', { nullable: true })
  startDate: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2022-05-31' })
  @Column('date', { nullable: true })
  plannedCompletionDate: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Responsible leader' })
  @Column('uuid', { nullable: true })
  leaderId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leader_id', foreignKeyConstraintName: 'fk_projects_leader' })
  leader?: Relation<User>;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Liu Wei',
    description: 'Responsible leader by name (责任领导), as registers write it',
  })
  @Column('varchar', { length: 100, nullable: true })
  leaderName: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Responsible department (包保单位)' })
  @Column('varchar', { length: 200, nullable: true })
  department: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Project officer' })
  @Index('ix_projects_officer_id', { where: 'deleted_at IS NULL' })
  @Column('uuid', { nullable: true })
  officerId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officer_id', foreignKeyConstraintName: 'fk_projects_officer' })
  officer?: Relation<User>;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description:
      'Day the investment agreement was signed (the signed stage needs it or a contract)',
  })
  @Column('date', { nullable: true })
  signedAt: string | null;

  @ApiProperty({
    enum: ['green', 'yellow', 'red'],
    nullable: true,
    readOnly: true,
    description: 'Three-colour warning as of lightEvaluatedAt; null for closed or paused projects',
  })
  @Index('ix_projects_light', { where: 'deleted_at IS NULL' })
  @Column('varchar', { length: 8, nullable: true })
  light: 'green' | 'yellow' | 'red' | null;

  @ApiProperty({ nullable: true, type: Date, readOnly: true })
  @Column('timestamptz', { nullable: true })
  lightEvaluatedAt: Date | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    readOnly: true,
    description: 'The contract this project was created from',
  })
  @Index('uq_projects_contract', { unique: true, where: 'contract_id IS NOT NULL' })
  @Column('uuid', { nullable: true })
  contractId: string | null;

  @ManyToOne(() => Contract, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_projects_contract' })
  contract?: Relation<Contract>;

  @ApiProperty({ nullable: true, type: String, example: 'Chuqun Road, Weihai' })
  @Column('varchar', { length: 300, nullable: true })
  location: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
