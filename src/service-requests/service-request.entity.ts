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
import { Project } from '../projects/project.entity.js';
import { User } from '../users/user.entity.js';

/** The "six elements" guarantee (六要素保障): what an enterprise can ask the zone for. */
export const SERVICE_ELEMENTS = [
  'land',
  'policy',
  'innovation',
  'capital',
  'human_resources',
  'law',
] as const;
export type ServiceElement = (typeof SERVICE_ELEMENTS)[number];

export const SERVICE_REQUEST_STATUSES = [
  'open',
  'in_progress',
  'resolved',
  'rejected',
  'closed',
] as const;
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number];

/**
 * An enterprise's request under the six-elements guarantee. Resolved or rejected, it still needs
 * a follow-up check with the enterprise (回访销号) before it is closed.
 */
@Entity('service_requests')
@Index('ix_service_requests_park_status', ['parkId', 'status'])
@Index('ix_service_requests_open_due', ['dueDate'], { where: `status IN ('open','in_progress')` })
@Check(
  'ck_service_requests_element',
  `element IN ('land','policy','innovation','capital','human_resources','law')`,
)
@Check(
  'ck_service_requests_status',
  `status IN ('open','in_progress','resolved','rejected','closed')`,
)
@Check(
  'ck_service_requests_satisfaction',
  `follow_up_satisfaction IS NULL OR follow_up_satisfaction BETWEEN 1 AND 5`,
)
export class ServiceRequest extends VersionedRecord {
  @ApiProperty({ format: 'uuid', description: "The enterprise's park (scope)" })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_service_requests_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid' })
  @Index('ix_service_requests_enterprise')
  @Column('uuid')
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_service_requests_enterprise' })
  enterprise?: Relation<Enterprise>;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The project it is about, if any',
  })
  @Index('ix_service_requests_project')
  @Column('uuid', { nullable: true })
  projectId: string | null;

  @ManyToOne(() => Project, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_service_requests_project' })
  project?: Relation<Project>;

  @ApiProperty({ enum: SERVICE_ELEMENTS })
  @Column('varchar', { length: 32 })
  element: ServiceElement;

  @ApiProperty({ example: 'Needs 20 mu more industrial land for phase II' })
  @Column('text')
  description: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_service_requests_owner')
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_service_requests_owner' })
  owner?: Relation<User>;

  @ApiProperty({ type: String, format: 'date' })
  @Column('date')
  dueDate: string;

  @ApiProperty({ enum: SERVICE_REQUEST_STATUSES })
  @Column('varchar', { length: 16, default: 'open' })
  status: ServiceRequestStatus;

  @ApiProperty({ nullable: true, type: String, description: 'Required to resolve or reject' })
  @Column('text', { nullable: true })
  resolution: string | null;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @ApiProperty({ nullable: true, type: Number, minimum: 1, maximum: 5 })
  @Column('smallint', { nullable: true })
  followUpSatisfaction: number | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  followUpNote: string | null;

  @ApiProperty({ nullable: true, type: Date, description: 'Closed by the follow-up check' })
  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

/** The default time to answer a request, per element (configurable by admins). */
@Entity('service_element_settings')
@Check('ck_service_element_settings_days', `default_due_days BETWEEN 1 AND 365`)
export class ServiceElementSetting {
  @ApiProperty({ enum: SERVICE_ELEMENTS })
  @PrimaryColumn('varchar', { length: 32 })
  element: ServiceElement;

  @ApiProperty({ example: 10, description: 'Days from the request to its default due date' })
  @Column('int')
  defaultDueDays: number;
}
