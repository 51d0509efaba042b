import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Clock } from '../common/time/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { ProjectRecords } from '../projects/project-records.js';
import { ProjectsService } from '../projects/projects.service.js';
import { UsersService } from '../users/users.service.js';
import { WarningsService } from '../workflow/health/warnings.service.js';
import type {
  CreateMilestoneDto,
  ListMilestonesQuery,
  UpdateMilestoneDto,
} from './dto/milestone.dto.js';
import { Milestone } from './milestone.entity.js';

// clocks of callers drift; a completion a minute ahead of ours is still "now"
const CLOCK_SKEW_MS = 60_000;

@Injectable()
export class MilestonesService {
  readonly records: ProjectRecords<Milestone>;

  constructor(
    db: Db,
    private readonly projects: ProjectsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    warnings: WarningsService,
  ) {
    // every write re-lights the project in its transaction (milestone_overdue_days)
    this.records = new ProjectRecords(
      db,
      projects,
      Milestone,
      'milestone',
      'milestones',
      'Milestone',
      (tx, projectId, actor) => warnings.evaluate(tx, { projectIds: [projectId] }, { actor }),
    );
  }

  list(actor: Actor, projectId: string, query: ListMilestonesQuery, csv = false) {
    return this.records.list(
      actor,
      projectId,
      query,
      'dueDate',
      (param) => {
        const where: string[] = [];
        if (query.open !== undefined)
          where.push(`r.completed_at IS ${query.open ? '' : 'NOT '}NULL`);
        if (query.overdue !== undefined) {
          const overdue = `(r.completed_at IS NULL AND r.due_date < (now() AT TIME ZONE ${param(this.config.zoneTimeZone)})::date)`;
          where.push(query.overdue ? overdue : `NOT ${overdue}`);
        }
        if (query.ownerId) where.push(`r.owner_id = ${param(query.ownerId)}`);
        return where;
      },
      csv,
    );
  }

  async get(actor: Actor, projectId: string, id: string): Promise<Milestone> {
    return (await this.records.get(actor, projectId, id)).row;
  }

  async create(actor: Actor, projectId: string, dto: CreateMilestoneDto): Promise<Milestone> {
    this.assertCompletedAt(dto.completedAt);
    return this.records.create(actor, projectId, async (_head, tx) => {
      if (dto.ownerId) await this.users.assertActiveUser(dto.ownerId, 'ownerId', tx);
      return { ...dto };
    });
  }

  update(actor: Actor, projectId: string, id: string, dto: UpdateMilestoneDto) {
    this.assertCompletedAt(dto.completedAt);
    return this.records.update(actor, projectId, id, dto, async (before, tx) => {
      if (dto.ownerId && dto.ownerId !== before.ownerId) {
        await this.users.assertActiveUser(dto.ownerId, 'ownerId', tx);
      }
    });
  }

  remove(actor: Actor, projectId: string, id: string): Promise<void> {
    return this.records.remove(actor, projectId, id);
  }

  private assertCompletedAt(completedAt: string | null | undefined) {
    if (completedAt && Date.parse(completedAt) > this.clock.now().getTime() + CLOCK_SKEW_MS) {
      throw DomainException.validation('completedAt', 'must not be in the future');
    }
  }
}
