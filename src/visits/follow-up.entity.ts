import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { User } from '../users/user.entity.js';
import { Visit } from './visit.entity.js';

export const FOLLOW_UP_STATUSES = ['open', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Something a visit left to do, with an owner and a due date (reminded by the jobs). */
@Entity('visit_follow_ups')
@Index('ix_visit_follow_ups_visit', ['visitId'])
@Index('ix_visit_follow_ups_open_due', ['dueDate'], { where: `status = 'open'` })
@Check('ck_visit_follow_ups_status', `status IN ('open','done','cancelled')`)
export class VisitFollowUp extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  visitId: string;

  @ManyToOne(() => Visit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_follow_ups_visit' })
  visit?: Relation<Visit>;

  @ApiProperty({ example: 'Invite Ms. Sun to the policy briefing of North American entrepreneurs' })
  @Column('varchar', { length: 500 })
  action: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_visit_follow_ups_owner')
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_visit_follow_ups_owner' })
  owner?: Relation<User>;

  @ApiProperty({ type: String, format: 'date', example: '2021-11-04' })
  @Column('date')
  dueDate: string;

  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  @Column('varchar', { length: 16, default: 'open' })
  status: FollowUpStatus;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  doneNote: string | null;

  @ApiProperty({ nullable: true, type: Date, description: 'When it left the open status' })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;
}
