import { Injectable } from '@nestjs/common';
import {
  deleteAudited,
  insertAudited,
  updateRow,
  writeAudit,
} from '../common/audit/audit.writer.js';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { ParksService } from '../parks/parks.service.js';
import type {
  CreateVisitDto,
  ListVisitsQuery,
  UpdateVisitDto,
  VisitView,
} from './dto/visit.dto.js';
import { Visit } from './visit.entity.js';

const LINKS = `
  COALESCE((SELECT array_agg(ve.enterprise_id ORDER BY ve.enterprise_id) FROM visit_enterprises ve
             WHERE ve.visit_id = v.id), '{}') AS "enterpriseIds",
  COALESCE((SELECT array_agg(vp.project_id ORDER BY vp.project_id) FROM visit_projects vp
             WHERE vp.visit_id = v.id), '{}') AS "projectIds"`;

/** Delegation visits, in and out, with the enterprises and projects they concerned. */
@Injectable()
export class VisitsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly parks: ParksService,
  ) {
    this.sql = new EntitySql(db.dataSource, Visit);
  }

  async list(actor: Actor, query: ListVisitsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, 'v.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `v.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.direction) where.push(`v.direction = ${p(query.direction)}`);
    // a visit counts for a day range if any of its days falls in it
    if (query.from) where.push(`COALESCE(v.end_date, v.date) >= ${p(query.from)}::date`);
    if (query.to) where.push(`v.date <= ${p(query.to)}::date`);
    if (query.enterpriseId) {
      where.push(
        `EXISTS (SELECT 1 FROM visit_enterprises f WHERE f.visit_id = v.id AND f.enterprise_id = ${p(query.enterpriseId)})`,
      );
    }
    if (query.projectId) {
      where.push(
        `EXISTS (SELECT 1 FROM visit_projects f WHERE f.visit_id = v.id AND f.project_id = ${p(query.projectId)})`,
      );
    }
    if (query.q) {
      const pattern = p(likePattern(query.q));
      where.push(
        `(v.host_organisation ILIKE ${pattern} OR v.visiting_organisation ILIKE ${pattern}
          OR v.leader ILIKE ${pattern} OR v.purpose ILIKE ${pattern})`,
      );
    }
    const sort = parseSort(query.sort, '-date');
    return listResponse<VisitView>(this.db, {
      csv: csv
        ? { columns: [...this.sql.properties, 'enterpriseIds', 'projectIds'], filename: 'visits' }
        : undefined,
      select: `${this.sql.select('v')}, ${LINKS}`,
      from: 'visits v',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'v')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'v.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<VisitView> {
    const params: unknown[] = [id];
    const row = await q.one<VisitView>(
      `SELECT ${this.sql.select('v')}, ${LINKS} FROM visits v
        WHERE v.id = $1${scopeSql(actor, 'v.park_id', params)}${lock ? ' FOR UPDATE OF v' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Visit', id);
    return row;
  }

  async create(actor: Actor, dto: CreateVisitDto): Promise<VisitView> {
    this.assertDates(dto.date, dto.endDate);
    await this.parks.assertVisible(actor, dto.parkId);
    const { enterpriseIds = [], projectIds = [], participants = [], ...fields } = dto;
    return this.db.transaction(async (tx) => {
      await this.assertLinksVisible(tx, actor, enterpriseIds, projectIds);
      const visit = await insertAudited<Visit>(
        tx,
        this.sql,
        'visit',
        { ...fields, participants: JSON.stringify(participants), createdBy: actor.id },
        actor,
        { fromRow: 'parkId' },
      );
      await this.setLinks(tx, visit.id, enterpriseIds, projectIds);
      return this.get(actor, visit.id, tx);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateVisitDto): Promise<VisitView> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Visit', before, dto.version);
      const { enterpriseIds, projectIds, participants, ...rest } = patchOf(
        dto,
      ) as Partial<UpdateVisitDto>;
      this.assertDates(
        rest.date ?? before.date,
        rest.endDate === undefined ? before.endDate : rest.endDate,
      );
      if (rest.parkId && rest.parkId !== before.parkId)
        await this.parks.assertVisible(actor, rest.parkId, tx);
      if (rest.date && rest.date > before.date)
        await this.assertFollowUpsNotBefore(tx, id, rest.date);
      await this.assertLinksVisible(tx, actor, enterpriseIds ?? [], projectIds ?? []);
      const patch: Record<string, unknown> = { ...rest };
      if (participants) patch.participants = JSON.stringify(participants);
      await updateRow<Visit>(tx, this.sql, id, patch);
      if (enterpriseIds || projectIds) await this.setLinks(tx, id, enterpriseIds, projectIds);
      const after = await this.get(actor, id, tx);
      await writeAudit(tx, actor, {
        entity: 'visit',
        entityId: id,
        parkId: after.parkId,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      await deleteAudited(tx, actor, this.sql, 'visit', before, before.parkId);
    });
  }

  private assertDates(date: string, endDate: string | null | undefined) {
    if (endDate && endDate < date)
      throw DomainException.validation('endDate', 'must not be before date');
  }

  private async assertFollowUpsNotBefore(tx: Queryable, visitId: string, date: string) {
    const early = await tx.one(
      `SELECT 1 FROM visit_follow_ups WHERE visit_id = $1 AND due_date < $2::date LIMIT 1`,
      [visitId, date],
    );
    if (early) throw DomainException.validation('date', 'must not be after a follow-up is due');
  }

  /** Every enterprise and project named must be one the actor can see (400 naming the field). */
  private async assertLinksVisible(
    tx: Queryable,
    actor: Actor,
    enterpriseIds: string[],
    projectIds: string[],
  ) {
    const checks: [string, string, string[]][] = [
      [
        'enterpriseIds',
        `SELECT e.id FROM enterprises e WHERE e.id = ANY($1::uuid[])`,
        enterpriseIds,
      ],
      [
        'projectIds',
        `SELECT p.id FROM projects p WHERE p.id = ANY($1::uuid[]) AND p.deleted_at IS NULL`,
        projectIds,
      ],
    ];
    for (const [field, sql, ids] of checks) {
      if (!ids.length) continue;
      const params: unknown[] = [ids];
      const alias = field === 'enterpriseIds' ? 'e' : 'p';
      const found = await tx.query<{ id: string }>(
        `${sql}${scopeSql(actor, `${alias}.park_id`, params)}`,
        params,
      );
      if (found.length !== ids.length) {
        const known = new Set(found.map((r) => r.id));
        const missing = ids.filter((i) => !known.has(i.toLowerCase()));
        throw DomainException.validation(
          field,
          `unknown or outside your parks: ${missing.join(', ')}`,
        );
      }
    }
  }

  private async setLinks(
    tx: Queryable,
    visitId: string,
    enterpriseIds?: string[],
    projectIds?: string[],
  ) {
    if (enterpriseIds) {
      await tx.query(`DELETE FROM visit_enterprises WHERE visit_id = $1`, [visitId]);
      await tx.query(
        `INSERT INTO visit_enterprises (visit_id, enterprise_id) SELECT $1, unnest($2::uuid[])`,
        [visitId, enterpriseIds],
      );
    }
    if (projectIds) {
      await tx.query(`DELETE FROM visit_projects WHERE visit_id = $1`, [visitId]);
      await tx.query(
        `INSERT INTO visit_projects (visit_id, project_id) SELECT $1, unnest($2::uuid[])`,
        [visitId, projectIds],
      );
    }
  }
}
