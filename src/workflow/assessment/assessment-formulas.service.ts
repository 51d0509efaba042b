import { Injectable } from '@nestjs/common';
import { writeAudit } from '../../common/audit/audit.writer.js';
import type { Actor } from '../../common/auth/actor.js';
import { Db } from '../../common/database/db.service.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AssessmentFormula } from './assessment.entity.js';
import { AssessmentRepository } from './assessment.repository.js';
import type { CreateFormulaDto } from './dto/assessment.dto.js';

/** The written, versioned formulas: the highest version is the one new runs use. */
@Injectable()
export class AssessmentFormulasService {
  constructor(
    private readonly db: Db,
    private readonly repo: AssessmentRepository,
    private readonly clock: Clock,
  ) {}

  /** Every version, the current (highest) first. */
  list(): Promise<AssessmentFormula[]> {
    return this.repo.listFormulas();
  }

  /** A new version (previous + 1) that becomes current; runs made before keep theirs. */
  async create(actor: Actor, dto: CreateFormulaDto): Promise<AssessmentFormula> {
    if (!dto.measures.some((m) => m.weight > 0)) {
      throw DomainException.validation('measures', 'need at least one weight above 0');
    }
    const measures = dto.measures.map(({ key, weight }) => ({ key, weight }));
    return this.db.transaction(async (tx) => {
      await this.repo.lock(tx, 'assessment-formula');
      const formula = await this.repo.insertFormula(
        tx,
        measures,
        dto.description?.trim() || null,
        actor.id,
        this.clock.now(),
      );
      await writeAudit(tx, actor, {
        entity: 'assessment_formula',
        entityId: formula.id,
        parkId: null,
        action: 'create',
        before: null,
        after: formula,
      });
      return formula;
    });
  }
}
