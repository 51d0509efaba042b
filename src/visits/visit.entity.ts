import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { Park } from '../parks/park.entity.js';
import { Project } from '../projects/project.entity.js';

export const VISIT_DIRECTIONS = ['inbound', 'outbound'] as const;
export type VisitDirection = (typeof VISIT_DIRECTIONS)[number];

export class VisitParticipant {
  @ApiProperty({ example: 'Jin Sun' })
  name: string;

  @ApiProperty({ required: false, example: 'Deputy Director' })
  title?: string;

  @ApiProperty({ required: false, example: 'Lianyungang City Bureau of Commerce' })
  organisation?: string;
}

/** A delegation visit, in (a delegation comes to the park) or out (the park's team travels). */
@Entity('visits')
@Index('ix_visits_park_date', ['parkId', 'date'])
@Check('ck_visits_direction', `direction IN ('inbound','outbound')`)
@Check('ck_visits_dates', `end_date IS NULL OR end_date >= date`)
export class Visit extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_visits_park' })
  park?: Relation<Park>;

  @ApiProperty({ type: String, format: 'date', example: '2021-10-25' })
  @Column('date')
  date: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  @Column('date', { nullable: true })
  endDate: string | null;

  @ApiProperty({ enum: VISIT_DIRECTIONS })
  @Column('varchar', { length: 16 })
  direction: VisitDirection;

  @ApiProperty({ example: 'Lingang Innovation Center Overseas Affairs Department' })
  @Column('varchar', { length: 300 })
  hostOrganisation: string;

  @ApiProperty({ example: 'Lianyungang City Bureau of Commerce' })
  @Column('varchar', { length: 300 })
  visitingOrganisation: string;

  @ApiProperty({ nullable: true, type: String, example: 'Jin Sun, deputy director' })
  @Column('varchar', { length: 200, nullable: true })
  leader: string | null;

  @ApiProperty({ type: [VisitParticipant] })
  @Column('jsonb', { default: () => `'[]'` })
  participants: VisitParticipant[];

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  purpose: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  summary: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  outcomes: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

/** The enterprises a visit concerned. */
@Entity('visit_enterprises')
@Index('ix_visit_enterprises_enterprise', ['enterpriseId'])
export class VisitEnterprise {
  @PrimaryColumn('uuid')
  visitId: string;

  @PrimaryColumn('uuid')
  enterpriseId: string;

  @ManyToOne(() => Visit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_enterprises_visit' })
  visit?: Relation<Visit>;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'enterprise_id',
    foreignKeyConstraintName: 'fk_visit_enterprises_enterprise',
  })
  enterprise?: Relation<Enterprise>;
}

/** The key projects a visit concerned. */
@Entity('visit_projects')
@Index('ix_visit_projects_project', ['projectId'])
export class VisitProject {
  @PrimaryColumn('uuid')
  visitId: string;

  @PrimaryColumn('uuid')
  projectId: string;

  @ManyToOne(() => Visit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_projects_visit' })
  visit?: Relation<Visit>;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_visit_projects_project' })
  project?: Relation<Project>;
}
