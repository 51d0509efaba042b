import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';

export const PARK_KINDS = [
  'zone',
  'district',
  'industrial_park',
  'innovation_center',
  'sub_center',
] as const;
export type ParkKind = (typeof PARK_KINDS)[number];

@Entity('parks')
@Check(
  'ck_parks_kind',
  `kind IN ('zone','district','industrial_park','innovation_center','sub_center')`,
)
@Check('ck_parks_not_own_parent', `parent_id IS NULL OR parent_id <> id`)
export class Park extends VersionedRecord {
  @ApiProperty({ example: 'Weihai High-tech Zone' })
  @Column('varchar', { length: 200 })
  name: string;

  @ApiProperty({ example: 'WH-HTZ', description: 'Unique across the system' })
  @Index('uq_parks_code', { unique: true })
  @Column('varchar', { length: 50 })
  code: string;

  @ApiProperty({ enum: PARK_KINDS })
  @Column('varchar', { length: 32 })
  kind: ParkKind;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Index('ix_parks_parent_id')
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Park, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_parks_parent' })
  parent?: Relation<Park>;

  @ApiProperty({ nullable: true, type: String, example: 'Weihai' })
  @Column('varchar', { length: 100, nullable: true })
  city: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Shandong' })
  @Column('varchar', { length: 100, nullable: true })
  province: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 6.3 })
  @Column('double precision', { nullable: true })
  areaSqKm: number | null;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  description: string | null;
}
