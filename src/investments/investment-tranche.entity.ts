import { ApiProperty } from '@nestjs/swagger';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { VersionedRecord } from '../common/database/versioned-record.js';
import { Project } from '../projects/project.entity.js';
import { User } from '../users/user.entity.js';

/**
 * One payment of investment actually made (到位资金), in the project's currency. It counts toward
 * the project's realized investment once a manager has verified it.
 */
@Entity('investment_tranches')
@Index('ix_investment_tranches_project_date', ['projectId', 'date'])
@Index('ix_investment_tranches_verified_at', ['verifiedAt'], { where: 'verified_at IS NOT NULL' })
@Check('ck_investment_tranches_amount', `amount > 0`)
@Check('ck_investment_tranches_purpose', `purpose IN ('capital','rd')`)
export class InvestmentTranche extends VersionedRecord {
  @ApiProperty({ format: 'uuid' })
  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_investment_tranches_project' })
  project?: Relation<Project>;

  @ApiProperty({ type: String, format: 'date', example: '2022-03-15' })
  @Column('date')
  date: string;

  @ApiProperty({ example: '46000000.00', description: "Decimal string in the project's currency" })
  @Column('numeric', { precision: 20, scale: 2 })
  amount: string;

  @ApiProperty({ example: 'CNY', readOnly: true, description: "The project's currency" })
  @Column('char', { length: 3, default: 'CNY' })
  currency: string;

  @ApiProperty({
    enum: ['capital', 'rd'],
    description: 'rd: research and development spending (counts toward R&D investment targets)',
  })
  @Column('varchar', { length: 8, default: 'capital' })
  purpose: 'capital' | 'rd';

  @ApiProperty({ example: 'VOUCHER-2022-0315-01', description: 'Voucher or invoice reference' })
  @Column('varchar', { length: 200 })
  evidenceRef: string;

  @ApiProperty({ nullable: true, type: String })
  @Column('text', { nullable: true })
  note: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ApiProperty({ nullable: true, type: Date })
  @Column('timestamptz', { nullable: true })
  verifiedAt: Date | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @Column('uuid', { nullable: true })
  verifiedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'verified_by', foreignKeyConstraintName: 'fk_investment_tranches_verifier' })
  verifier?: Relation<User>;
}
