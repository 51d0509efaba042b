import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { PromotionEvent } from '../events/event.entity.js';
import { Park } from '../parks/park.entity.js';
import { Project } from '../projects/project.entity.js';
import { Visit } from '../visits/visit.entity.js';

export const CONTRACT_STATUSES = ['signed', 'registered', 'funds_in_place', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** An agreement signed with an investor, won at an event or on a visit; it feeds a key project. */
@Entity('contracts')
@Index('uq_contracts_park_code', ['parkId', 'code'], { unique: true })
@Index('ix_contracts_park_signed', ['parkId', 'signedAt'])
@Check('ck_contracts_status', `status IN ('signed','registered','funds_in_place','terminated')`)
@Check('ck_contracts_amount', `amount >= 0`)
export class Contract extends VersionedRecord {
  @ApiProperty({ example: 'JM-2019-017', description: 'Unique within its park' })
  @Column('varchar', { length: 50 })
  code: string;

  @ApiProperty({ example: 'Huawei techno-park' })
  @Column('varchar', { length: 300 })
  title: string;

  @ApiProperty({
    type: String,
    format: 'date',
    example: '2019-10-27',
    description: 'Day of signing',
  })
  @Column('date')
  signedAt: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_contracts_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_contracts_enterprise')
  @Column('uuid', { nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_contracts_enterprise' })
  enterprise?: Relation<Enterprise>;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Signed at this event',
  })
  @Index('ix_contracts_event')
  @Column('uuid', { nullable: true })
  eventId: string | null;

  @ManyToOne(() => PromotionEvent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_contracts_event' })
  event?: Relation<PromotionEvent>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Won on this visit' })
  @Index('ix_contracts_visit')
  @Column('uuid', { nullable: true })
  visitId: string | null;

  @ManyToOne(() => Visit, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_contracts_visit' })
  visit?: Relation<Visit>;

  @ApiProperty({ example: '5000000000.00', description: 'Decimal string in the currency below' })
  @Column('numeric', { precision: 20, scale: 2 })
  amount: string;

  @ApiProperty({ example: 'CNY' })
  @Column('char', { length: 3, default: 'CNY' })
  currency: string;

  @ApiProperty({ enum: CONTRACT_STATUSES, description: 'Moves forward only' })
  @Column('varchar', { length: 16, default: 'signed' })
  status: ContractStatus;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_contracts_project')
  @Column('uuid', { nullable: true })
  projectId: string | null;

  @ManyToOne(() => Project, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_contracts_project' })
  project?: Relation<Project>;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
