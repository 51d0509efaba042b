import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Park } from './park.entity.js';

/**
 * Every (ancestor, descendant) pair of the park tree, self included, kept by triggers on `parks`.
 * Scope checks read it: a user of a park sees the park and everything below it.
 */
@Entity('park_closure')
@Index('ix_park_closure_descendant', ['descendantId'])
export class ParkClosure {
  @PrimaryColumn('uuid')
  ancestorId: string;

  @PrimaryColumn('uuid')
  descendantId: string;

  @Column('int')
  depth: number;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ancestor_id', foreignKeyConstraintName: 'fk_park_closure_ancestor' })
  ancestor?: Relation<Park>;

  @ManyToOne(() => Park, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'descendant_id', foreignKeyConstraintName: 'fk_park_closure_descendant' })
  descendant?: Relation<Park>;
}
