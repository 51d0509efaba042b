import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { TimelineQuery } from './dto/timeline.dto.js';
import { type TimelineSubject, TimelineRepository } from './timeline.repository.js';

/**
 * One story per enterprise and per key project. Two statements a page: the subject's visibility
 * (404 outside the caller's parks), then the page itself.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly projects: ProjectsService,
    private readonly repository: TimelineRepository,
  ) {}

  async forEnterprise(actor: Actor, id: string, query: TimelineQuery, csv = false) {
    this.assertRange(query);
    await this.enterprises.get(actor, id);
    return this.list(actor, 'enterprise', id, query, csv);
  }

  async forProject(actor: Actor, id: string, query: TimelineQuery, csv = false) {
    this.assertRange(query);
    await this.projects.head(actor, id);
    return this.list(actor, 'project', id, query, csv);
  }

  private list(
    actor: Actor,
    subject: TimelineSubject,
    id: string,
    query: TimelineQuery,
    csv: boolean,
  ) {
    return this.repository.list(
      actor,
      subject,
      id,
      { types: query.type, from: query.from, to: query.to, page: query.page, limit: query.limit },
      csv,
    );
  }

  private assertRange(query: TimelineQuery) {
    if (query.from && query.to && query.to < query.from) {
      throw DomainException.validation('to', 'must not be before from');
    }
  }
}
