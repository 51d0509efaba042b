import { ApiProperty } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';

/** A message to one user: stored for the API, and e-mailed when SMTP is configured. */
@Entity('notifications')
@Index('ix_notifications_user_created', ['userId', 'createdAt'])
@Index('ix_notifications_user_unread', ['userId'], { where: 'read_at IS NULL' })
export class Notification {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: Relation<User>;

  @ApiProperty({ example: 'reminder', description: 'reminder, escalation, report, …' })
  @Column('varchar', { length: 32 })
  kind: string;

  @ApiProperty({ example: 'Milestone due in 3 days: Trial production' })
  @Column('varchar', { length: 300 })
  title: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  body: string | null;

  @ApiProperty({ nullable: true, type: String, example: '/api/v1/projects/…/milestones/…' })
  @Column('varchar', { length: 300, nullable: true })
  link: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  emailedAt: Date | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why the last e-mail attempt failed' })
  @Column('text', { nullable: true })
  emailError: string | null;
}
