import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../../common/database/versioned-record.js';
import { Project } from '../../projects/project.entity.js';

export const INSPECTION_RATINGS = ['good', 'fair', 'poor'] as const;
export type InspectionRating = (typeof INSPECTION_RATINGS)[number];

/** An on-site inspection of a project by the supervision team (督查). */
@Entity('inspections')
@Index('ix_inspections_project_date', ['projectId', 'date'])
@Check('ck_inspections_rating', `rating IN ('good','fair','poor')`)
export class Inspection extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_inspections_project' })
  project?: Relation<Project>;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  date: string;

  @ApiProperty({ type: [String], example: ['Liu Wei', 'Inspection room, Weihai High-tech Zone'] })
  @Column('varchar', { length: 200, array: true, default: () => `'{}'` })
  inspectors: string[];

  @ApiProperty({ example: 'Equipment installation two weeks behind; labour short' })
  @Column('text')
  findings: string;

  @ApiProperty({ enum: INSPECTION_RATINGS })
  @Column('varchar', { length: 8 })
  rating: InspectionRating;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
