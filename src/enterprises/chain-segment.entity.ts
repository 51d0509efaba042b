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
import { CHAIN_POSITIONS, type ChainPosition } from './chain-link.entity.js';
import { Enterprise } from './enterprise.entity.js';

/**
 * A segment of a chain master's chain (e.g. "toner cartridges", upstream). A segment no local
 * enterprise fills is a gap the zone tries to attract investment for (补链).
 */
@Entity('chain_segments')
@Index('uq_chain_segments_master_position_name', ['chainMasterId', 'position', 'name'], {
  unique: true,
})
@Check('ck_chain_segments_position', `position IN ('upstream','downstream')`)
export class ChainSegment {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  chainMasterId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chain_master_id', foreignKeyConstraintName: 'fk_chain_segments_master' })
  chainMaster?: Relation<Enterprise>;

  @ApiProperty({ enum: CHAIN_POSITIONS })
  @Column('varchar', { length: 16 })
  position: ChainPosition;

  @ApiProperty({ example: 'toner cartridges' })
  @Column('varchar', { length: 200 })
  name: string;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
