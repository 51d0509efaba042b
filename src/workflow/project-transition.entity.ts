import { ApiProperty } from '@nestjs/swagger';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Project, PROJECT_STAGES, type ProjectStage } from '../projects/project.entity.js';
import { User } from '../users/user.entity.js';

/** One move of a project along its lifecycle: who, when, from, to, why. */
@Entity('project_transitions')
@Index('ix_project_transitions_project_at', ['projectId', 'at'])
@Index('ix_project_transitions_at', ['at'])
export class ProjectTransition {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_project_transitions_project' })
  project?: Relation<Project>;

  @ApiProperty({ enum: PROJECT_STAGES })
  @Column('varchar', { length: 32 })
  fromStage: ProjectStage;

  @ApiProperty({ enum: PROJECT_STAGES })
  @Column('varchar', { length: 32 })
  toStage: ProjectStage;

  @ApiProperty({ example: 'Land-use permit issued; contractor on site' })
  @Column('text')
  reason: string;

  @ApiProperty({ description: 'A manager completed it with milestones still open' })
  @Column('boolean', { default: false })
  override: boolean;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_project_transitions_actor' })
  actor?: Relation<User>;

  @ApiProperty()
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
