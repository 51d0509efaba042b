import { Inject, Injectable } from '@nestjs/common';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { listResponse } from '../common/pagination/list-page.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { TIMELINE_TYPES, type TimelineItem, type TimelineType } from './dto/timeline.dto.js';

/** Whose story: an enterprise's or a key project's. */
export type TimelineSubject = 'enterprise' | 'project';

export interface TimelineFilter {
  types?: TimelineType[];
  from?: string;
  to?: string;
  page: number;
  limit: number;
}

/** SQL placeholders a source may use: the subject's id, and (lazily) the zone time zone. */
interface Placeholders {
  id: string;
  tz: () => string;
}

/**
 * One source of timeline items. `select` yields, in this order: date (a calendar date), title,
 * id, link, park_id; `from` is the FROM … WHERE picking the subject's rows, per subject.
 */
interface Source {
  select: (p: Placeholders) => string;
  from: Record<TimelineSubject, (p: Placeholders) => string>;
}

const COLUMNS = ['type', 'date', 'title', 'id', 'link', 'parkId'];

/** Free text made a short one-line title part: whitespace collapsed, cut at n characters. */
const short = (expr: string, n = 100) => {
  const flat = `regexp_replace(${expr}, '\\s+', ' ', 'g')`;
  return `CASE WHEN length(${flat}) > ${n} THEN left(${flat}, ${n - 1}) || '…' ELSE ${flat} END`;
};

/** 'investment_fair' → 'Investment fair'. */
const label = (expr: string) => `upper(left(${expr}, 1)) || replace(substr(${expr}, 2), '_', ' ')`;

/** The projects whose records (progress, milestones, tranches) belong to the story. */
const OWN_PROJECTS: Source['from'] = {
  enterprise: ({ id }) => `p.deleted_at IS NULL AND p.enterprise_id = ${id}`,
  project: ({ id }) => `p.deleted_at IS NULL AND p.id = ${id}`,
};

/** A project's contracts: those pointing at it, and the one it was created from. */
const projectContracts = (c: string, id: string) =>
  `(${c}.project_id = ${id} OR ${c}.id = (SELECT pc.contract_id FROM projects pc WHERE pc.id = ${id}))`;

const projectRecords = (
  table: string,
  fields: (p: Placeholders) => { date: string; title: string },
  path: string,
): Source => ({
  select: (p) => {
    const { date, title } = fields(p);
    return `${date}, ${title}, x.id, '/api/v1/projects/' || x.project_id || '/${path}/' || x.id, p.park_id`;
  },
  from: {
    enterprise: (p) =>
      `${table} x JOIN projects p ON p.id = x.project_id WHERE ${OWN_PROJECTS.enterprise(p)}`,
    project: (p) =>
      `${table} x JOIN projects p ON p.id = x.project_id WHERE ${OWN_PROJECTS.project(p)}`,
  },
});

/** Every kind of item and where it comes from. */
const SOURCES: Record<TimelineType, Source> = {
  visit: {
    select: () =>
      `v.date,
       'Visit ' || CASE v.direction WHEN 'inbound' THEN 'from ' || v.visiting_organisation
                                    ELSE 'to ' || v.host_organisation END,
       v.id, '/api/v1/visits/' || v.id, v.park_id`,
    from: {
      enterprise: ({ id }) =>
        `visit_enterprises l JOIN visits v ON v.id = l.visit_id WHERE l.enterprise_id = ${id}`,
      project: ({ id }) =>
        `visit_projects l JOIN visits v ON v.id = l.visit_id WHERE l.project_id = ${id}`,
    },
  },
  event: {
    select: () =>
      `ev.start_date, ${label('ev.kind')} || ': ' || ev.name, ev.id, '/api/v1/events/' || ev.id,
       ev.park_id`,
    from: {
      // among the companies of the event, or signed a contract there
      enterprise: ({ id }) =>
        `events ev WHERE ev.id IN (SELECT ee.event_id FROM event_enterprises ee WHERE ee.enterprise_id = ${id}
                                   UNION ALL
                                   SELECT ec.event_id FROM contracts ec WHERE ec.enterprise_id = ${id})`,
      // where its contracts were signed
      project: ({ id }) =>
        `events ev WHERE ev.id IN (SELECT ec.event_id FROM contracts ec WHERE ${projectContracts('ec', id)})`,
    },
  },
  contract: {
    select: () =>
      `c.signed_at,
       'Contract ' || c.code || ' signed: ' || c.title || ' (' || c.amount || ' ' || c.currency || ')',
       c.id, '/api/v1/contracts/' || c.id, c.park_id`,
    from: {
      enterprise: ({ id }) => `contracts c WHERE c.enterprise_id = ${id}`,
      project: ({ id }) => `contracts c WHERE ${projectContracts('c', id)}`,
    },
  },
  progress_update: projectRecords(
    'progress_updates',
    () => ({
      date: 'x.date',
      title: `'Progress update' || COALESCE(' (' || x.percent_complete || '%)', '') || ': ' || ${short('x.note')}`,
    }),
    'progress',
  ),
  milestone: projectRecords(
    'milestones',
    ({ tz }) => ({
      // a completed milestone sits on the day it was done (in the zone), an open one on its due day
      date: `COALESCE((x.completed_at AT TIME ZONE ${tz()})::date, x.due_date)`,
      title: `CASE WHEN x.completed_at IS NULL THEN 'Milestone due: ' ELSE 'Milestone completed: ' END || x.title`,
    }),
    'milestones',
  ),
  investment_tranche: projectRecords(
    'investment_tranches',
    () => ({
      date: 'x.date',
      title: `'Investment ' || x.amount || ' ' || x.currency
              || CASE WHEN x.verified_at IS NULL THEN ' (unverified)' ELSE ' (verified)' END`,
    }),
    'investments',
  ),
  // a project's move along its lifecycle, on the zone's calendar day; the link is the history
  stage_change: {
    select: ({ tz }) =>
      `(x.at AT TIME ZONE ${tz()})::date,
       'Stage: ' || x.from_stage || ' → ' || x.to_stage
         || CASE WHEN x.override THEN ' (override)' ELSE '' END,
       x.id, '/api/v1/projects/' || x.project_id || '/transitions', p.park_id`,
    from: {
      enterprise: (p) =>
        `project_transitions x JOIN projects p ON p.id = x.project_id WHERE ${OWN_PROJECTS.enterprise(p)}`,
      project: (p) =>
        `project_transitions x JOIN projects p ON p.id = x.project_id WHERE ${OWN_PROJECTS.project(p)}`,
    },
  },
  service_request: {
    select: ({ tz }) =>
      `(sr.created_at AT TIME ZONE ${tz()})::date,
       'Service request (' || replace(sr.element, '_', ' ') || '): ' || ${short('sr.description')},
       sr.id, '/api/v1/service-requests/' || sr.id, sr.park_id`,
    from: {
      enterprise: ({ id }) => `service_requests sr WHERE sr.enterprise_id = ${id}`,
      project: ({ id }) => `service_requests sr WHERE sr.project_id = ${id}`,
    },
  },
};

/**
 * The timeline as one statement: a UNION ALL of the wanted sources (each an index lookup by the
 * subject), the caller's park scope and the date range on top (Postgres pushes them into every
 * branch), newest first with a stable tie-breaker, and the total as a window count.
 */
@Injectable()
export class TimelineRepository {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(actor: Actor, subject: TimelineSubject, id: string, f: TimelineFilter, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const idRef = `${p(id)}::uuid`;
    let tzRef: string | undefined;
    // a placeholder no branch uses would leave Postgres unable to type it: added on first use
    const placeholders: Placeholders = {
      id: idRef,
      tz: () => (tzRef ??= `${p(this.config.zoneTimeZone)}::text`),
    };
    const types = TIMELINE_TYPES.filter((type) => !f.types || f.types.includes(type));
    const branches = types.map((type) => {
      const source = SOURCES[type];
      return `SELECT '${type}'::text, ${source.select(placeholders)}
                FROM ${source.from[subject](placeholders)}`;
    });
    const where = [`true${scopeSql(actor, 't.park_id', params)}`];
    if (f.from) where.push(`t.date >= ${p(f.from)}::date`);
    if (f.to) where.push(`t.date <= ${p(f.to)}::date`);
    return listResponse<TimelineItem>(this.db, {
      csv: csv ? { columns: COLUMNS, filename: `${subject}-timeline` } : undefined,
      select: `t.type, t.date, t.title, t.id, t.link, t.park_id AS "parkId"`,
      from: `(${branches.join('\n UNION ALL\n')}) AS t(type, date, title, id, link, park_id)`,
      where,
      params,
      orderBy: 't.date DESC, t.type',
      idColumn: 't.id',
      page: f.page,
      limit: f.limit,
    });
  }
}
