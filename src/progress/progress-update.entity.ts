import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Project } from '../projects/project.entity.js';

/** A dated progress note on a project, with the percent complete at that date. */
@Entity('progress_updates')
@Index('ix_progress_updates_project_date', ['projectId', 'date'])
@Check('ck_progress_updates_percent', `percent_complete BETWEEN 0 AND 100`)
export class ProgressUpdate extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_progress_updates_project' })
  project?: Relation<Project>;

  @ApiProperty({ type: String, format: 'date', example: '2022-05-08' })
  @Column('date')
  date: string;

  @ApiProperty({ example: 'Main building topped out; equipment arriving.' })
  @Column('text')
  note: string;

  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 100, example: 80 })
  @Column('smallint', { nullable: true })
  percentComplete: number | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
