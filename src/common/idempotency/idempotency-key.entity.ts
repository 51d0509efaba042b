import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A create request sent with an `Idempotency-Key` header: claimed before the handler runs, then
 * holding the reply that every retry with the same key gets back. Keys belong to the user who sent
 * them and are kept for a day.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('varchar', { length: 255 })
  key: string;

  /** the method and path (with ids) the key was first used on */
  @Column('varchar', { length: 500 })
  route: string;

  /** SHA-256 of the JSON body; null for multipart uploads, whose body is not hashed */
  @Column('varchar', { length: 64, nullable: true })
  requestHash: string | null;

  /** null while the first request is still running */
  @Column('smallint', { nullable: true })
  status: number | null;

  /** the JSON body exactly as first sent, so every replay is byte for byte the same */
  @Column('text', { nullable: true })
  response: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
