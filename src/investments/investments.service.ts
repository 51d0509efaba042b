import { Inject, Injectable } from '@nestjs/common';
import { writeAudit } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { ProjectRecords } from '../projects/project-records.js';
import { ProjectsService } from '../projects/projects.service.js';
import { WarningsService } from '../workflow/health/warnings.service.js';
import type {
  CreateTrancheDto,
  ListTranchesQuery,
  UpdateTrancheDto,
} from './dto/investment.dto.js';
import { InvestmentTranche } from './investment-tranche.entity.js';

const ZERO = /^0+(\.0+)?$/;

/**
 * Investment actually made (到位资金), one tranche per payment. A tranche counts toward the
 * project's realized investment once a manager verifies it; verified tranches are frozen.
 */
@Injectable()
export class InvestmentsService {
  private readonly records: ProjectRecords<InvestmentTranche>;

  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly warnings: WarningsService,
  ) {
    this.records = new ProjectRecords(
      db,
      projects,
      InvestmentTranche,
      'investment_tranche',
      'investment_tranches',
      'Investment tranche',
    );
  }

  list(actor: Actor, projectId: string, query: ListTranchesQuery, csv = false) {
    return this.records.list(
      actor,
      projectId,
      query,
      '-date',
      () =>
        query.verified === undefined
          ? []
          : [`r.verified_at IS ${query.verified ? 'NOT ' : ''}NULL`],
      csv,
    );
  }

  async get(actor: Actor, projectId: string, id: string): Promise<InvestmentTranche> {
    return (await this.records.get(actor, projectId, id)).row;
  }

  async create(actor: Actor, projectId: string, dto: CreateTrancheDto): Promise<InvestmentTranche> {
    this.assertTranche(dto);
    // a tranche is in its project's currency
    return this.records.create(actor, projectId, async ({ currency }) => ({
      ...dto,
      currency,
      createdBy: actor.id,
    }));
  }

  update(actor: Actor, projectId: string, id: string, dto: UpdateTrancheDto) {
    this.assertTranche(dto);
    return this.records.update(actor, projectId, id, dto, (before) =>
      this.assertUnverified(before),
    );
  }

  remove(actor: Actor, projectId: string, id: string): Promise<void> {
    return this.records.remove(actor, projectId, id, (before) => this.assertUnverified(before));
  }

  /** A manager confirms the money arrived; the project's realized investment is recomputed. */
  async verify(actor: Actor, projectId: string, id: string): Promise<InvestmentTranche> {
    return this.db.transaction(async (tx) => {
      // Lock the project first: the sum below must see every verification committed before it.
      // (Without the lock, two verifies of one project each sum from a snapshot missing the
      // other's tranche, and the later commit overwrites the total with a short one.)
      await this.projects.head(actor, projectId, tx, true);
      const { parkId, row: before } = await this.records.get(actor, projectId, id, tx, true);
      this.assertUnverified(before);
      const [after] = await tx.query<InvestmentTranche>(
        `UPDATE investment_tranches
            SET verified_at = now(), verified_by = $2, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING ${this.records.sql.select()}`,
        [id, actor.id],
      );
      const [project] = await tx.query<{ before: string; after: string }>(
        `UPDATE projects p SET realized_investment = t.total, updated_at = now()
           FROM (SELECT COALESCE(sum(amount), 0) AS total FROM investment_tranches
                  WHERE project_id = $1 AND verified_at IS NOT NULL) t,
                (SELECT realized_investment AS before FROM projects WHERE id = $1) old
          WHERE p.id = $1
         RETURNING old.before::text AS before, p.realized_investment::text AS after`,
        [projectId],
      );
      // realized investment moved: re-light the project (investment_shortfall_percent)
      await this.warnings.evaluate(tx, { projectIds: [projectId] }, { actor });
      const audit = { entityId: id, parkId, action: 'update' as const };
      await writeAudit(tx, actor, { ...audit, entity: 'investment_tranche', before, after });
      await writeAudit(tx, actor, {
        ...audit,
        entity: 'project',
        entityId: projectId,
        before: { realizedInvestment: project.before },
        after: { realizedInvestment: project.after },
      });
      return after;
    });
  }

  private assertUnverified(tranche: InvestmentTranche) {
    if (tranche.verifiedAt) {
      throw DomainException.conflict('A verified tranche cannot change; record a correcting one');
    }
  }

  private assertTranche(dto: Partial<CreateTrancheDto>) {
    if (dto.amount !== undefined && ZERO.test(dto.amount)) {
      throw DomainException.validation('amount', 'must be more than zero');
    }
    if (dto.date && dto.date > dateInZone(this.clock.now(), this.config.zoneTimeZone)) {
      throw DomainException.validation('date', 'must not be after today');
    }
  }
}
