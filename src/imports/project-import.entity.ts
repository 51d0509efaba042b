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
import { Park } from '../parks/park.entity.js';

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export class ImportRowError {
  @ApiProperty({ example: 12, description: 'Row of the file (the header is row 1)' })
  row: number;

  @ApiProperty({ example: '总投资(万元)' })
  column: string;

  @ApiProperty({ example: 'must be a number' })
  message: string;
}

/** A key-project register loaded from a CSV or XLSX file; big files are processed as a job. */
@Entity('project_imports')
@Index('ix_project_imports_park_created', ['parkId', 'createdAt'])
@Check('ck_project_imports_status', `status IN ('queued','running','succeeded','failed')`)
@Check('ck_project_imports_format', `format IN ('csv','xlsx')`)
export class ProjectImport {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_project_imports_park' })
  park?: Relation<Park>;

  @ApiProperty({ example: 'weihai-key-projects-2026.xlsx' })
  @Column('varchar', { length: 300 })
  filename: string;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @Column('varchar', { length: 8 })
  format: 'csv' | 'xlsx';

  @ApiProperty({
    enum: ['yuan', '万元', '亿元'],
    description: 'Unit of amounts when the header does not say',
  })
  @Column('varchar', { length: 8, default: 'yuan' })
  unit: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  @Column('varchar', { length: 16, default: 'queued' })
  status: ImportStatus;

  @ApiProperty({ example: 100000 })
  @Column('int', { default: 0 })
  total: number;

  @ApiProperty({ example: 42000 })
  @Column('int', { default: 0 })
  processed: number;

  @ApiProperty({ example: 97 })
  @Column('int', { default: 0 })
  created: number;

  @ApiProperty({ example: 3 })
  @Column('int', { default: 0 })
  updated: number;

  @ApiProperty({ type: [ImportRowError] })
  @Column('jsonb', { default: () => `'[]'` })
  errors: ImportRowError[];

  /** The uploaded file, kept until the job has read it. */
  @Column('bytea', { nullable: true, select: false })
  content: Buffer | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
