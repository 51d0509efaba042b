import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job to hand to BullMQ, written in the same transaction as the change that needs it. The relay
 * moves undispatched rows to their queue with the row id as the job id, so a Redis outage delays
 * jobs but loses none.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class OutboxMessage {
  @ApiProperty({ format: 'uuid', description: 'Also the BullMQ job id' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 'reports' })
  @Column('varchar', { length: 50 })
  queue: string;

  @ApiProperty({ example: 'weekly-report' })
  @Column('varchar', { length: 50 })
  jobName: string;

  @ApiProperty({ type: Object })
  @Column('jsonb')
  payload: Record<string, unknown>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  requestedBy: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Correlation id of the request (or job) that enqueued it; the job logs under it',
  })
  @Column('varchar', { length: 100, nullable: true })
  correlationId: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date, description: 'When the relay handed it to BullMQ' })
  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @ApiProperty({ description: 'Relay attempts that failed (Redis unreachable)' })
  @Column('int', { default: 0 })
  attempts: number;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  lastError: string | null;
}
