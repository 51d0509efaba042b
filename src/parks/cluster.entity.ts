import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Park } from './park.entity.js';

/** A park's focus industry, with an area and a scale target (yuan). */
@Entity('industry_clusters')
@Index('uq_industry_clusters_park_name', ['parkId', 'name'], { unique: true })
export class IndustryCluster extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  parkId: string;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id', foreignKeyConstraintName: 'fk_industry_clusters_park' })
  park?: Relation<Park>;

  @ApiProperty({ example: 'Medical devices and biomedicine' })
  @Column('varchar', { length: 200 })
  name: string;

  @ApiProperty({ nullable: true, type: Number, example: 4.5 })
  @Column('double precision', { nullable: true })
  areaSqKm: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '100000000000.00',
    description: 'Industrial scale target, decimal string in the currency below',
  })
  @Column('numeric', { precision: 20, scale: 2, nullable: true })
  scaleTarget: string | null;

  @ApiProperty({ example: 'CNY' })
  @Column('char', { length: 3, default: 'CNY' })
  currency: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;
}
