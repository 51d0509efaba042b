import { Inject, Injectable } from '@nestjs/common';
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
import {
  assertTransition,
  canMove,
  INVALID_TRANSITION,
  type TransitionGraph,
} from '../common/state/state-machine.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { UsersService } from '../users/users.service.js';
import type {
  CreateServiceRequestDto,
  FollowUpCheckDto,
  ListServiceRequestsQuery,
  UpdateServiceRequestDto,
} from './dto/service-request.dto.js';
import { ServiceElementSettingsService } from './service-element-settings.service.js';
import {
  SERVICE_REQUEST_STATUSES,
  ServiceRequest,
  type ServiceRequestStatus,
} from './service-request.entity.js';

/**
 * open → in_progress | rejected; in_progress → resolved | rejected; resolved and rejected → closed
 * (only through the follow-up check, never by PATCH); closed is final.
 */
export const SERVICE_REQUEST_TRANSITIONS: TransitionGraph<ServiceRequestStatus> = {
  open: ['in_progress', 'rejected'],
  in_progress: ['resolved', 'rejected'],
  resolved: ['closed'],
  rejected: ['closed'],
  closed: [],
};

const ANSWERED: ReadonlySet<ServiceRequestStatus> = new Set(['resolved', 'rejected']);
const STATUS_ORDER = `array_position(ARRAY[${SERVICE_REQUEST_STATUSES.map((s) => `'${s}'`).join(',')}]::varchar[], s.status)`;

/** Enterprise requests under the six-elements guarantee, through to the follow-up check. */
@Injectable()
export class ServiceRequestsService {
  private readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly enterprises: EnterprisesService,
    private readonly users: UsersService,
    private readonly settings: ServiceElementSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sql = new EntitySql(db.dataSource, ServiceRequest);
  }

  async list(actor: Actor, query: ListServiceRequestsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, 's.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `s.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.enterpriseId) where.push(`s.enterprise_id = ${p(query.enterpriseId)}`);
    if (query.projectId) where.push(`s.project_id = ${p(query.projectId)}`);
    if (query.element) where.push(`s.element = ${p(query.element)}`);
    if (query.status?.length) where.push(`s.status = ANY(${p(query.status)}::varchar[])`);
    if (query.ownerId) where.push(`s.owner_id = ${p(query.ownerId)}`);
    if (query.overdue !== undefined) {
      // due_date is NOT NULL, so the predicate is never NULL and NOT splits the rows cleanly
      const overdue = `(s.status IN ('open', 'in_progress')
        AND s.due_date < (now() AT TIME ZONE ${p(this.config.zoneTimeZone)})::date)`;
      where.push(query.overdue ? overdue : `NOT ${overdue}`);
    }
    if (query.q) where.push(`s.description ILIKE ${p(likePattern(query.q))}`);
    const sort = parseSort(query.sort, 'dueDate');
    // statuses sort in lifecycle order, not alphabetically
    const sortKey = sort.field === 'status' ? STATUS_ORDER : this.sql.col(sort.field, 's');
    return listResponse<ServiceRequest>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'service-requests' } : undefined,
      select: this.sql.select('s'),
      from: 'service_requests s',
      where,
      params,
      orderBy: `${sortKey} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 's.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(
    actor: Actor,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<ServiceRequest> {
    const params: unknown[] = [id];
    const row = await q.one<ServiceRequest>(
      `SELECT ${this.sql.select('s')} FROM service_requests s
        WHERE s.id = $1${scopeSql(actor, 's.park_id', params)}${lock ? ' FOR UPDATE OF s' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Service request', id);
    return row;
  }

  async create(actor: Actor, dto: CreateServiceRequestDto): Promise<ServiceRequest> {
    const today = this.today();
    if (dto.dueDate !== undefined && dto.dueDate < today) {
      throw DomainException.validation('dueDate', `must not be before today (${today})`);
    }
    const enterprise = await this.enterprises.get(actor, dto.enterpriseId);
    if (dto.projectId) await this.assertProjectOf(actor, dto.projectId, enterprise.id);
    if (dto.ownerId) await this.users.assertActiveUser(dto.ownerId, 'ownerId');
    const values = {
      ...dto,
      parkId: enterprise.parkId,
      ownerId: dto.ownerId === undefined && actor.role === 'officer' ? actor.id : dto.ownerId,
      dueDate: dto.dueDate ?? (await this.settings.defaultDueDate(dto.element, today)),
      createdBy: actor.id,
    };
    return insertAudited<ServiceRequest>(this.db, this.sql, 'service_request', values, actor, {
      fromRow: 'parkId',
    });
  }

  async update(actor: Actor, id: string, dto: UpdateServiceRequestDto): Promise<ServiceRequest> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      assertVersion('Service request', before, dto.version);
      const patch = patchOf(dto);
      const status = dto.status ?? before.status;
      if (status !== before.status) {
        if (status === 'closed') {
          throw new DomainException(
            409,
            INVALID_TRANSITION,
            'A service request is closed only by its follow-up check (POST /service-requests/:id/follow-up-check)',
          );
        }
        assertTransition('A service request', SERVICE_REQUEST_TRANSITIONS, before.status, status);
        if (ANSWERED.has(status)) patch.resolvedAt = new Date();
      } else if (before.status === 'closed') {
        throw DomainException.conflict(
          `Service request ${id} is closed; a closed request is final`,
        );
      }
      const resolution = dto.resolution === undefined ? before.resolution : dto.resolution;
      if (ANSWERED.has(status) && !resolution?.trim()) {
        throw DomainException.validation('resolution', `is required to mark a request ${status}`);
      }
      if (dto.dueDate) {
        const created = dateInZone(new Date(before.createdAt), this.config.zoneTimeZone);
        if (dto.dueDate < created) {
          throw DomainException.validation(
            'dueDate',
            `must not be before the day the request was made (${created})`,
          );
        }
      }
      if (dto.projectId && dto.projectId !== before.projectId) {
        await this.assertProjectOf(actor, dto.projectId, before.enterpriseId, tx);
      }
      if (dto.ownerId && dto.ownerId !== before.ownerId) {
        await this.users.assertActiveUser(dto.ownerId, 'ownerId', tx);
      }
      const after = await updateRow<ServiceRequest>(tx, this.sql, id, patch);
      await this.audit(tx, actor, before, after);
      return after;
    });
  }

  /** The follow-up visit with the enterprise (回访销号): records satisfaction and closes it. */
  async followUpCheck(actor: Actor, id: string, dto: FollowUpCheckDto): Promise<ServiceRequest> {
    return this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      if (!canMove(SERVICE_REQUEST_TRANSITIONS, before.status, 'closed')) {
        throw new DomainException(
          409,
          INVALID_TRANSITION,
          `The follow-up check closes a resolved or rejected request; this one is ${before.status}`,
        );
      }
      const after = await updateRow<ServiceRequest>(tx, this.sql, id, {
        status: 'closed',
        followUpSatisfaction: dto.satisfaction,
        followUpNote: dto.note ?? null,
        closedAt: new Date(),
      });
      await this.audit(tx, actor, before, after);
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(actor, id, tx, true);
      await deleteAudited(tx, actor, this.sql, 'service_request', before, before.parkId);
    });
  }

  private today(): string {
    return dateInZone(new Date(), this.config.zoneTimeZone);
  }

  private audit(tx: Queryable, actor: Actor, before: ServiceRequest, after: ServiceRequest) {
    return writeAudit(tx, actor, {
      entity: 'service_request',
      entityId: after.id,
      parkId: after.parkId,
      action: 'update',
      before,
      after,
    });
  }

  /** The project must be a live key project of the request's enterprise, in the caller's parks. */
  private async assertProjectOf(
    actor: Actor,
    projectId: string,
    enterpriseId: string,
    q: Queryable = this.db,
  ) {
    const params: unknown[] = [projectId, enterpriseId];
    const row = await q.one(
      `SELECT 1 FROM projects p
        WHERE p.id = $1 AND p.enterprise_id = $2 AND p.deleted_at IS NULL${scopeSql(actor, 'p.park_id', params)}`,
      params,
    );
    if (!row) throw DomainException.validation('projectId', 'must be a project of the enterprise');
  }
}
