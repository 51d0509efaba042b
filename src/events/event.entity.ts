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

export const EVENT_KINDS = [
  'conference',
  'investment_fair',
  'policy_briefing',
  'media_tour',
  'campaign',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A conference, investment fair, policy briefing, media tour or campaign. */
@Entity('events')
@Index('ix_events_park_start', ['parkId', 'startDate'])
@Check(
  'ck_events_kind',
  `kind IN ('conference','investment_fair','policy_briefing','media_tour','campaign')`,
)
@Check('ck_events_dates', `end_date IS NULL OR end_date >= start_date`)
@Check('ck_events_attendees', `attendee_count IS NULL OR attendee_count >= 0`)
export class PromotionEvent extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_events_park' })
  park?: Relation<Park>;

  @ApiProperty({ enum: EVENT_KINDS })
  @Column('varchar', { length: 32 })
  kind: EventKind;

  @ApiProperty({ example: 'Jimo innovation and development conference' })
  @Column('varchar', { length: 300 })
  name: string;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  startDate: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  @Column('date', { nullable: true })
  endDate: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Jimo District, Qingdao' })
  @Column('varchar', { length: 300, nullable: true })
  location: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Jimo District People’s Government' })
  @Column('varchar', { length: 300, nullable: true })
  organiser: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 400 })
  @Column('int', { nullable: true })
  attendeeCount: number | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

/** For media tours: the companies the tour visited. */
@Entity('event_enterprises')
@Index('ix_event_enterprises_enterprise', ['enterpriseId'])
export class EventEnterprise {
  @PrimaryColumn('uuid')
  eventId: string;

  @PrimaryColumn('uuid')
  enterpriseId: string;

  @ManyToOne(() => PromotionEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_enterprises_event' })
  event?: Relation<PromotionEvent>;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'enterprise_id',
    foreignKeyConstraintName: 'fk_event_enterprises_enterprise',
  })
  enterprise?: Relation<Enterprise>;
}
