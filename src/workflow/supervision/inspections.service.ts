import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Db } from '../../common/database/db.service.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { Clock } from '../../common/time/clock.js';
import { dateInZone } from '../../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../../config/app.config.js';
import { ProjectRecords } from '../../projects/project-records.js';
import { ProjectsService } from '../../projects/projects.service.js';
import type {
  CreateInspectionDto,
  ListInspectionsQuery,
  UpdateInspectionDto,
} from './dto/inspection.dto.js';
import { Inspection } from './inspection.entity.js';

/** On-site inspections of a project by the supervision team (`projects/:projectId/inspections`). */
@Injectable()
export class InspectionsService {
  private readonly records: ProjectRecords<Inspection>;

  constructor(
    db: Db,
    projects: ProjectsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.records = new ProjectRecords(
      db,
      projects,
      Inspection,
      'inspection',
      'inspections',
      'Inspection',
    );
  }

  list(actor: Actor, projectId: string, query: ListInspectionsQuery, csv = false) {
    return this.records.list(
      actor,
      projectId,
      query,
      '-date',
      (param) => [
        ...(query.from ? [`r.date >= ${param(query.from)}::date`] : []),
        ...(query.to ? [`r.date <= ${param(query.to)}::date`] : []),
        ...(query.rating ? [`r.rating = ${param(query.rating)}`] : []),
      ],
      csv,
    );
  }

  async get(actor: Actor, projectId: string, id: string): Promise<Inspection> {
    return (await this.records.get(actor, projectId, id)).row;
  }

  async create(actor: Actor, projectId: string, dto: CreateInspectionDto): Promise<Inspection> {
    this.assertNotFuture(dto.date);
    return this.records.create(actor, projectId, { ...dto, createdBy: actor.id });
  }

  update(actor: Actor, projectId: string, id: string, dto: UpdateInspectionDto) {
    if (dto.date) this.assertNotFuture(dto.date);
    return this.records.update(actor, projectId, id, dto);
  }

  remove(actor: Actor, projectId: string, id: string): Promise<void> {
    return this.records.remove(actor, projectId, id);
  }

  /** An inspection is recorded after it happened: no date after today in the zone. */
  private assertNotFuture(date: string) {
    const today = dateInZone(this.clock.now(), this.config.zoneTimeZone);
    if (date > today)
      throw DomainException.validation('date', `must not be after today (${today})`);
  }
}
