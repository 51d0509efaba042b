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
import { Notification } from '../notifications/notification.entity.js';
import { User } from '../users/user.entity.js';

export const REMINDER_ITEM_TYPES = [
  'milestone',
  'visit_follow_up',
  'supervision_step',
  'service_request',
] as const;
export type ReminderItemType = (typeof REMINDER_ITEM_TYPES)[number];

export const REMINDER_KINDS = ['due_in_7', 'due_in_3', 'due_in_1', 'due_today', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * One reminder sent: the unique key (item, kind, day it is for) is what makes each reach its
 * owner exactly once, however many workers scan and however often.
 */
@Entity('reminders')
@Index('uq_reminders_item_kind_day', ['itemType', 'itemId', 'kind', 'forDate'], { unique: true })
@Check(
  'ck_reminders_item_type',
  `item_type IN ('milestone','visit_follow_up','supervision_step','service_request')`,
)
@Check('ck_reminders_kind', `kind IN ('due_in_7','due_in_3','due_in_1','due_today','overdue')`)
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32 })
  itemType: ReminderItemType;

  @Column('uuid')
  itemId: string;

  @Column('varchar', { length: 16 })
  kind: ReminderKind;

  /** The due date it reminds of. */
  @Column('date')
  dueDate: string;

  /** The day the reminder is for (due - 7, …, or each overdue day). */
  @Column('date')
  forDate: string;

  @Index('ix_reminders_user')
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_reminders_user' })
  user?: Relation<User>;

  @Column('uuid', { nullable: true })
  notificationId: string | null;

  @ManyToOne(() => Notification, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_reminders_notification' })
  notification?: Relation<Notification>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
