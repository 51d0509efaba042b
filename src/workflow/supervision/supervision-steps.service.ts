import { Injectable } from '@nestjs/common';
import { updateAudited } from '../../common/audit/audit.writer.js';
import type { Actor } from '../../common/auth/actor.js';
import { Db } from '../../common/database/db.service.js';
import { assertVersion } from '../../common/database/optimistic-lock.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { WarningsService } from '../health/warnings.service.js';
import type { StepDto, SupervisionItemView } from './dto/supervision-item.dto.js';
import { refuseStep, stepDeadline } from './steps.js';
import type { SupervisionItem } from './supervision-item.entity.js';
import { SupervisionItemsService } from './supervision-items.service.js';

/** Moves a supervision item one step (steps.ts decides who may and where to). */
@Injectable()
export class SupervisionStepsService {
  constructor(
    private readonly db: Db,
    private readonly items: SupervisionItemsService,
    private readonly warnings: WarningsService,
  ) {}

  /**
   * One transaction: lock the item (404 outside the caller's parks), ask the step rules, then the
   * UPDATE (version + 1), its audit row and the step row. Two people taking the same step at once:
   * the second waits on the lock and then finds the move already made (409).
   */
  async move(actor: Actor, id: string, dto: StepDto): Promise<SupervisionItemView> {
    const today = this.warnings.today();
    this.items.assertDeadline(dto.deadline, today);
    return this.db.transaction(async (tx) => {
      const before = await this.items.get(actor, id, tx, true);
      if (dto.version !== undefined) assertVersion('Supervision item', before, dto.version);
      const refusal = refuseStep({
        role: actor.role,
        owner: before.ownerId === actor.id,
        from: before.status,
        to: dto.to,
        note: dto.note,
        resolution: dto.resolution,
      });
      if (refusal) {
        const { status, code, message, field } = refusal;
        const details = field ? [{ field, message }] : undefined;
        throw new DomainException(status, code, message, details);
      }
      if (dto.to === 'closed' && dto.deadline !== undefined) {
        throw DomainException.validation('deadline', 'is not taken when closing');
      }
      const closing =
        dto.to === 'closed'
          ? { resolution: dto.resolution!.trim(), closedAt: new Date(), closedBy: actor.id }
          : {};
      const after = await updateAudited<SupervisionItem>(
        tx,
        actor,
        this.items.sql,
        'supervision_item',
        before,
        {
          status: dto.to,
          stepDeadline: dto.deadline ?? stepDeadline(dto.to, today, before.deadline),
          ...closing,
        },
      );
      await this.items.recordStep(tx, after, before.status, actor, dto.note?.trim() || null);
      return this.items.withSteps(tx, after);
    });
  }
}
