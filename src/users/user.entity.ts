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
import { Park } from '../parks/park.entity.js';

export const ROLES = ['admin', 'manager', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Check('ck_users_role', `role IN ('admin','manager','officer','viewer')`)
@Check('ck_users_email_lower', `email = lower(email)`)
export class User extends VersionedRecord {
  @ApiProperty({ example: 'officer@zone.example' })
  @Index('uq_users_email', { unique: true })
  @Column('varchar', { length: 254 })
  email: string;

  @ApiProperty({ example: 'Feng Shuxiu' })
  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 255, select: false })
  passwordHash: string;

  @ApiProperty({ enum: ROLES })
  @Column('varchar', { length: 16 })
  role: Role;

  @ApiProperty({ nullable: true, type: Date, description: 'Set when the account is deactivated' })
  @Column('timestamptz', { nullable: true })
  deactivatedAt: Date | null;
}

/** The parks a user works in; their sub-parks come with them (see park_closure). */
@Entity('user_parks')
@Index('ix_user_parks_park', ['parkId'])
export class UserPark {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('uuid')
  parkId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_parks_user' })
  user?: Relation<User>;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_user_parks_park' })
  park?: Relation<Park>;
}
