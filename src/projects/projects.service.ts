import { Inject, Injectable } from '@nestjs/common';
import { insertAudited, updateAudited, writeAudit } from '../common/audit/audit.writer.js';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { unitOf } from '../imports/column-map.js';
import { WarningsService } from '../workflow/health/warnings.service.js';
import type { CreateProjectDto, ListProjectsQuery, UpdateProjectDto } from './dto/project.dto.js';
import { Project, PROJECT_LEVELS, PROJECT_STAGES, type ProjectLevel } from './project.entity.js';
import { projectsXlsx } from './projects-xlsx.js';

// what the warning rules measure a project against
const RELIGHT_FIELDS = ['startDate', 'plannedCompletionDate', 'plannedInvestment'];

/** Levels are a set: stored once each, in a fixed order. */
const normalizeLevels = (levels: ProjectLevel[]) =>
  PROJECT_LEVELS.filter((l) => levels.includes(l));

interface References {
  parkId: string;
  clusterId?: string | null;
  enterpriseId?: string | null;
  leaderId?: string | null;
  officerId?: string | null;
}

@Injectable()
export class ProjectsService {
  readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly warnings: WarningsService,
  ) {
    this.sql = new EntitySql(db.dataSource, Project, ['deletedAt']);
  }

  async list(actor: Actor, query: ListProjectsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `p.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.clusterId) where.push(`p.cluster_id = ${p(query.clusterId)}`);
    if (query.enterpriseId) where.push(`p.enterprise_id = ${p(query.enterpriseId)}`);
    if (query.officerId) where.push(`p.officer_id = ${p(query.officerId)}`);
    if (query.level) where.push(`p.levels @> ARRAY[${p(query.level)}]::varchar[]`);
    if (query.light?.length) where.push(`p.light = ANY(${p(query.light)}::varchar[])`);
    if (query.stage?.length) where.push(`p.stage = ANY(${p(query.stage)}::varchar[])`);
    if (query.q) {
      const pattern = p(likePattern(query.q));
      where.push(`(p.name ILIKE ${pattern} OR p.code ILIKE ${pattern})`);
    }
    if (query.overdue !== undefined) {
      where.push(
        `${query.overdue ? '' : 'NOT '}${this.overdueSql('p', p(this.config.zoneTimeZone))}`,
      );
    }
    const sort = parseSort(query.sort, 'code');
    // stages sort in lifecycle order, not alphabetically
    const sortKey =
      sort.field === 'stage'
        ? `array_position(ARRAY[${PROJECT_STAGES.map((s) => `'${s}'`).join(',')}]::varchar[], p.stage)`
        : this.sql.col(sort.field, 'p');
    const orderBy = `${sortKey} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    if (query.format === 'xlsx') {
      // the register layout: imports back unchanged (see imports/column-map.ts)
      return projectsXlsx(
        this.db,
        { where, params, orderBy, idColumn: 'p.id' },
        unitOf(query.unit),
      );
    }
    return listResponse<Project>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'projects' } : undefined,
      select: this.sql.select('p'),
      from: 'projects p',
      where,
      params,
      orderBy,
      idColumn: 'p.id',
      page: query.page,
      limit: query.limit,
    });
  }

  /**
   * Overdue in the zone's calendar: an open milestone is past its due date, or the planned
   * completion date has passed and the project is neither completed, in operation nor dropped.
   * Never NULL (a project without a planned date would otherwise drop out of overdue=false).
   */
  private overdueSql(alias: string, tzParam: string): string {
    const today = `(now() AT TIME ZONE ${tzParam})::date`;
    return `(EXISTS (SELECT 1 FROM milestones m WHERE m.project_id = ${alias}.id
                       AND m.completed_at IS NULL AND m.due_date < ${today})
             OR (${alias}.planned_completion_date IS NOT NULL
                 AND ${alias}.planned_completion_date < ${today}
                 AND ${alias}.stage NOT IN ('completed', 'in_operation', 'dropped')))`;
  }

  async get(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<Project> {
    const params: unknown[] = [id];
    const row = await q.one<Project>(
      `SELECT ${this.sql.select('p')} FROM projects p
        WHERE p.id = $1 AND p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
      { prepare: true },
    );
    if (!row) throw DomainException.notFound('Project', id);
    return row;
  }

  /** The project's park and currency, after checking the actor may see it (404 otherwise). */
  async head(
    actor: Actor,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<{ parkId: string; currency: string }> {
    const params: unknown[] = [id];
    const row = await q.one<{ parkId: string; currency: string }>(
      `SELECT p.park_id AS "parkId", p.currency FROM projects p
        WHERE p.id = $1 AND p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Project', id);
    return row;
  }

  async create(actor: Actor, dto: CreateProjectDto): Promise<Project> {
    this.assertDates(dto.startDate, dto.plannedCompletionDate, dto.signedAt);
    const values = {
      ...dto,
      levels: normalizeLevels(dto.levels ?? []),
      officerId: dto.officerId === undefined && actor.role === 'officer' ? actor.id : dto.officerId,
      createdBy: actor.id,
    };
    // scope and reference checks ride in the INSERT itself: one round trip on the happy path
    const row = await insertAudited<Project>(
      this.db,
      this.sql,
      'project',
      values,
      actor,
      { fromRow: 'parkId' },
      (param) => this.referencesOk(actor, values, param),
    );
    if (row) return row;
    return this.explainReferences(actor, values);
  }

  async update(actor: Actor, id: string, dto: UpdateProjectDto): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Project', before, dto.version);
      const patch = patchOf(dto);
      if (dto.levels) patch.levels = normalizeLevels(dto.levels);
      const merged = { ...before, ...patch } as Project;
      this.assertDates(merged.startDate, merged.plannedCompletionDate, dto.signedAt);
      if (dto.currency && dto.currency !== before.currency) {
        const tranche = await tx.one(
          `SELECT 1 FROM investment_tranches WHERE project_id = $1 LIMIT 1`,
          [id],
        );
        if (tranche)
          throw DomainException.conflict('The currency cannot change once investment is recorded');
      }
      const changed: References = { parkId: merged.parkId };
      for (const key of ['clusterId', 'enterpriseId', 'leaderId', 'officerId'] as const) {
        if (dto[key] !== undefined && dto[key] !== before[key]) changed[key] = dto[key];
      }
      if (merged.parkId !== before.parkId && merged.clusterId && !('clusterId' in changed)) {
        changed.clusterId = merged.clusterId; // the kept cluster must belong to the new park
      }
      if (merged.parkId !== before.parkId || Object.keys(changed).length > 1) {
        const params: unknown[] = [];
        const ok = await tx.one<{ ok: boolean }>(
          `SELECT ${this.referencesOk(actor, changed, (v) => (params.push(v), `$${params.length}`))} AS ok`,
          params,
        );
        if (!ok?.ok) await this.explainReferences(actor, changed, tx);
      }
      const after = await updateAudited<Project>(tx, actor, this.sql, 'project', before, patch);
      if (RELIGHT_FIELDS.some((f) => f in patch)) {
        // the plan changed: pace and investment shortfall are measured against it
        await this.warnings.evaluate(tx, { projectIds: [id] }, { actor });
        return this.get(actor, id, tx);
      }
      return after;
    });
  }

  /** Soft delete: the project leaves every list and read; its history stays. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      await tx.query(
        `UPDATE projects SET deleted_at = now(), version = version + 1 WHERE id = $1`,
        [id],
      );
      await writeAudit(tx, actor, {
        entity: 'project',
        entityId: id,
        parkId: before.parkId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private assertDates(start?: string | null, end?: string | null, signedAt?: string | null) {
    if (start && end && end < start) {
      throw DomainException.validation('plannedCompletionDate', 'must not be before startDate');
    }
    if (signedAt && signedAt > dateInZone(this.clock.now(), this.config.zoneTimeZone)) {
      throw DomainException.validation('signedAt', 'must not be after today');
    }
  }

  /** One SQL condition: park visible, cluster of that park, enterprise visible, users active. */
  private referencesOk(actor: Actor, r: References, param: (v: unknown) => string): string {
    const scope = isAdmin(actor) ? undefined : param(actor.parkIds);
    const inScope = (expr: string) =>
      scope
        ? ` AND ${expr} IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ANY(${scope}::uuid[]))`
        : '';
    const park = param(r.parkId);
    const checks = [`EXISTS (SELECT 1 FROM parks x WHERE x.id = ${park}::uuid${inScope('x.id')})`];
    if (r.clusterId) {
      checks.push(
        `EXISTS (SELECT 1 FROM industry_clusters c WHERE c.id = ${param(r.clusterId)}::uuid AND c.park_id = ${park}::uuid)`,
      );
    }
    if (r.enterpriseId) {
      checks.push(
        `EXISTS (SELECT 1 FROM enterprises e WHERE e.id = ${param(r.enterpriseId)}::uuid${inScope('e.park_id')})`,
      );
    }
    for (const user of [r.leaderId, r.officerId]) {
      if (!user) continue;
      checks.push(
        `EXISTS (SELECT 1 FROM users u WHERE u.id = ${param(user)}::uuid AND u.deactivated_at IS NULL)`,
      );
    }
    return checks.join(' AND ');
  }

  /** Finds which reference failed and throws the matching 404 or 400. */
  private async explainReferences(
    actor: Actor,
    r: References,
    q: Queryable = this.db,
  ): Promise<never> {
    const parkParams: unknown[] = [r.parkId];
    const park = await q.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', parkParams)}`,
      parkParams,
    );
    if (!park) throw DomainException.notFound('Park', r.parkId);
    if (r.clusterId) {
      const cluster = await q.one(
        `SELECT 1 FROM industry_clusters WHERE id = $1 AND park_id = $2`,
        [r.clusterId, r.parkId],
      );
      if (!cluster)
        throw DomainException.validation('clusterId', 'must be a cluster of the same park');
    }
    if (r.enterpriseId) {
      const params: unknown[] = [r.enterpriseId];
      const enterprise = await q.one(
        `SELECT 1 FROM enterprises e WHERE e.id = $1${scopeSql(actor, 'e.park_id', params)}`,
        params,
      );
      if (!enterprise)
        throw DomainException.validation('enterpriseId', 'must be an enterprise in your parks');
    }
    for (const field of ['leaderId', 'officerId'] as const) {
      const id = r[field];
      if (!id) continue;
      const user = await q.one(`SELECT 1 FROM users WHERE id = $1 AND deactivated_at IS NULL`, [
        id,
      ]);
      if (!user) throw DomainException.validation(field, 'must be an active user');
    }
    // every reference checks out now: one changed between the two looks
    throw DomainException.conflict('A referenced record changed meanwhile; retry');
  }
}
