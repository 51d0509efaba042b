import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who changed what, when: one row per create, update and delete, written in the same transaction. */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entity', 'entityId', 'at'])
@Index('ix_audit_log_park_at', ['parkId', 'at'])
@Index('ix_audit_log_actor_at', ['actorId', 'at'])
// the weekly report reads the colour changes of projects in a week
@Index('ix_audit_log_project_at', ['at'], { where: `entity = 'project'` })
export class AuditLog {
  @ApiProperty({ type: String, example: '42' })
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @ApiProperty()
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @ApiProperty({ example: 'project' })
  @Column('varchar', { length: 50 })
  entity: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  entityId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  parkId: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  @Column('varchar', { length: 10 })
  action: AuditAction;

  @ApiProperty({ nullable: true, type: Object })
  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: Object })
  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('varchar', { length: 100, nullable: true })
  correlationId: string | null;
}
