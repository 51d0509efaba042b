import { Inject, Injectable } from '@nestjs/common';
import { updateAudited } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { listResponse } from '../common/pagination/list-page.js';
import type { PageQueryDto } from '../common/pagination/list-query.dto.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import type { Project, ProjectStage } from '../projects/project.entity.js';
import { ProjectsService } from '../projects/projects.service.js';
import { WarningsService } from './health/warnings.service.js';
import type { CreateTransitionDto } from './dto/transition.dto.js';
import { ProjectTransition } from './project-transition.entity.js';
import { checkRequest, decideMove, type MoveRequest, type Refusal } from './transitions.js';

const refused = (r: Refusal) => new DomainException(r.status, r.code, r.message, r.details);

/** Moves key projects along their lifecycle (transitions.ts decides) and reads the history. */
@Injectable()
export class TransitionsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly warnings: WarningsService,
  ) {
    this.sql = new EntitySql(db.dataSource, ProjectTransition);
  }

  /**
   * One transaction: lock the project row (404 outside the caller's parks), check the version,
   * read the facts the guards need, then the UPDATE, the transition row and the audit row. A
   * second client holding the same version waits on the lock and then finds it stale (409).
   */
  async move(actor: Actor, id: string, dto: CreateTransitionDto): Promise<Project> {
    const request: MoveRequest = {
      to: dto.to,
      override: dto.override ?? false,
      signedAt: dto.signedAt ?? null,
    };
    const early = checkRequest(actor.role, request, this.today());
    if (early) throw refused(early);
    return this.db.transaction(async (tx) => {
      const before = await this.projects.get(actor, id, tx, true);
      assertVersion('Project', before, dto.version);
      const facts = await tx.one<{
        heldFrom: ProjectStage | null;
        linkedContract: boolean;
        openMilestones: number;
      }>(
        `SELECT (SELECT t.from_stage FROM project_transitions t
                  WHERE t.project_id = $1 AND t.to_stage = 'on_hold'
                  ORDER BY t.at DESC LIMIT 1) AS "heldFrom",
                EXISTS (SELECT 1 FROM contracts c WHERE c.project_id = $1) AS "linkedContract",
                (SELECT count(*)::int FROM milestones m
                  WHERE m.project_id = $1 AND m.completed_at IS NULL) AS "openMilestones"`,
        [id],
      );
      const verdict = decideMove({
        ...request,
        from: before.stage,
        heldFrom: facts?.heldFrom ?? null,
        hasContract: before.contractId !== null || Boolean(facts?.linkedContract),
        storedSignedAt: before.signedAt,
        openMilestones: facts?.openMilestones ?? 0,
      });
      if (!verdict.allowed) throw refused(verdict.refusal);
      const patch: Record<string, unknown> = { stage: dto.to };
      if (request.signedAt) patch.signedAt = request.signedAt;
      await updateAudited<Project>(tx, actor, this.projects.sql, 'project', before, patch);
      await tx.query(
        `INSERT INTO project_transitions (project_id, from_stage, to_stage, reason, override, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, before.stage, dto.to, dto.reason, verdict.override, actor.id],
      );
      // the stage decides which warning rules apply (none once completed, paused or dropped)
      await this.warnings.evaluate(tx, { projectIds: [id] }, { actor });
      return this.projects.get(actor, id, tx);
    });
  }

  /** The project's stage changes, newest first; 404 when the project is not the caller's. */
  async history(actor: Actor, id: string, query: PageQueryDto, csv = false) {
    await this.projects.head(actor, id);
    return listResponse<ProjectTransition>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'project-transitions' } : undefined,
      select: this.sql.select('t'),
      from: 'project_transitions t',
      where: ['t.project_id = $1'],
      params: [id],
      orderBy: 't.at DESC',
      idColumn: 't.id',
      page: query.page,
      limit: query.limit,
    });
  }

  private today(): string {
    return dateInZone(this.clock.now(), this.config.zoneTimeZone);
  }
}
