import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { IndustryCluster } from '../parks/cluster.entity.js';
import { Park } from '../parks/park.entity.js';

export class EnterpriseContact {
  @ApiProperty({ example: 'Zhang Wei' })
  name: string;

  @ApiProperty({ required: false, example: 'General Manager' })
  title?: string;

  @ApiProperty({ required: false, example: '+86 631 000 0000' })
  phone?: string;

  @ApiProperty({ required: false, example: 'zhang.wei@example.com' })
  email?: string;
}

@Entity('enterprises')
@Index('uq_enterprises_park_name', { synchronize: false })
export class Enterprise extends VersionedRecord {
  @ApiProperty({ example: 'HP Printing and Computing Solutions' })
  @Column('varchar', { length: 300 })
  name: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 country code' })
  @Column('char', { length: 2, default: 'CN' })
  country: string;

  @ApiProperty()
  @Index('ix_enterprises_fortune500', { where: 'fortune_global500' })
  @Column('boolean', { default: false })
  fortuneGlobal500: boolean;

  @ApiProperty()
  @Column('boolean', { default: false })
  chinaTop500: boolean;

  @ApiProperty()
  @Column('boolean', { default: false })
  listed: boolean;

  @ApiProperty({ description: 'Chain master (链主) leading an industrial chain' })
  @Index('ix_enterprises_chain_master', { where: 'chain_master' })
  @Column('boolean', { default: false })
  chainMaster: boolean;

  @ApiProperty({ format: 'uuid' })
  @Index('ix_enterprises_park_id')
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_enterprises_park' })
  park?: Relation<Park>;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_enterprises_cluster_id')
  @Column('uuid', { nullable: true })
  clusterId: string | null;

  @ManyToOne(() => IndustryCluster, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'cluster_id', foreignKeyConstraintName: 'fk_enterprises_cluster' })
  cluster?: Relation<IndustryCluster>;

  @ApiProperty({ type: [EnterpriseContact] })
  @Column('jsonb', { default: () => `'[]'` })
  contacts: EnterpriseContact[];

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;
}
