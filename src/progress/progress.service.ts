import { Inject, Injectable } from '@nestjs/common';
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
  CreateProgressDto,
  ListProgressQuery,
  UpdateProgressDto,
} from './dto/progress.dto.js';
import { ProgressUpdate } from './progress-update.entity.js';

/** Dated progress updates of a project (`projects/:projectId/progress`). */
@Injectable()
export class ProgressService {
  private readonly records: ProjectRecords<ProgressUpdate>;

  constructor(
    db: Db,
    projects: ProjectsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    warnings: WarningsService,
  ) {
    // every write re-lights the project in its transaction (no_progress_days, behind pace)
    this.records = new ProjectRecords(
      db,
      projects,
      ProgressUpdate,
      'progress_update',
      'progress_updates',
      'Progress update',
      (tx, projectId, actor) => warnings.evaluate(tx, { projectIds: [projectId] }, { actor }),
    );
  }

  list(actor: Actor, projectId: string, query: ListProgressQuery, csv = false) {
    return this.records.list(
      actor,
      projectId,
      query,
      '-date',
      (param) => [
        ...(query.from ? [`r.date >= ${param(query.from)}::date`] : []),
        ...(query.to ? [`r.date <= ${param(query.to)}::date`] : []),
      ],
      csv,
    );
  }

  async get(actor: Actor, projectId: string, id: string): Promise<ProgressUpdate> {
    return (await this.records.get(actor, projectId, id)).row;
  }

  async create(actor: Actor, projectId: string, dto: CreateProgressDto): Promise<ProgressUpdate> {
    this.assertNotFuture(dto.date);
    return this.records.create(actor, projectId, { ...dto, createdBy: actor.id });
  }

  update(actor: Actor, projectId: string, id: string, dto: UpdateProgressDto) {
    if (dto.date) this.assertNotFuture(dto.date);
    return this.records.update(actor, projectId, id, dto);
  }

  remove(actor: Actor, projectId: string, id: string): Promise<void> {
    return this.records.remove(actor, projectId, id);
  }

  /** Progress is reported, not forecast: no date after today in the zone. */
  private assertNotFuture(date: string) {
    if (date > dateInZone(this.clock.now(), this.config.zoneTimeZone)) {
      throw DomainException.validation('date', 'must not be after today');
    }
  }
}
