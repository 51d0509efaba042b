import { ApiProperty } from '@nestjs/swagger';
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
import { Enterprise } from './enterprise.entity.js';

export const CHAIN_POSITIONS = ['upstream', 'downstream'] as const;
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];

/** An enterprise's place in the chain a chain master (链主) leads. */
@Entity('chain_links')
@Index('uq_chain_links_master_member', ['chainMasterId', 'enterpriseId'], { unique: true })
@Check('ck_chain_links_position', `position IN ('upstream','downstream')`)
@Check('ck_chain_links_not_self', `chain_master_id <> enterprise_id`)
export class ChainLink {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  chainMasterId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chain_master_id', foreignKeyConstraintName: 'fk_chain_links_master' })
  chainMaster?: Relation<Enterprise>;

  @ApiProperty({ format: 'uuid' })
  @Index('ix_chain_links_enterprise_id')
  @Column('uuid')
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_chain_links_enterprise' })
  enterprise?: Relation<Enterprise>;

  @ApiProperty({ enum: CHAIN_POSITIONS })
  @Column('varchar', { length: 16 })
  position: ChainPosition;

  @ApiProperty({ example: 'toner cartridges', description: 'The chain segment it fills' })
  @Column('varchar', { length: 200 })
  segment: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  note: string | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
