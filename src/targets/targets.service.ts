import { Inject, Injectable } from '@nestjs/common';
import { deleteAudited, insertAudited, updateAudited } from '../common/audit/audit.writer.js';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { CommonErrorCode } from '../common/errors/error-code.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { listResponse } from '../common/pagination/list-page.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { AS_OF_SQL } from '../dashboards/summary-views.js';
import { metricActual, TARGET_OWNER, yearActualsJoin } from '../dashboards/year-actuals.sql.js';
import { ParksService } from '../parks/parks.service.js';
import type {
  CreateTargetDto,
  ListTargetsQuery,
  TargetProgressView,
  UpdateTargetDto,
} from './dto/target.dto.js';
import { paceOf, percentOf, unitOf, valueProblem } from './target-progress.js';
import { MONEY_METRICS, Target, type TargetMetric } from './target.entity.js';

const FROM = 'targets t LEFT JOIN industry_clusters ic ON ic.id = t.cluster_id';
/** The park a target belongs to: its own, or its cluster's. */
const OWNER_PARK = 'COALESCE(t.park_id, ic.park_id)';
const DUPLICATE = new Set(['uq_targets_park_year_metric', 'uq_targets_cluster_year_metric']);

/** Yearly targets of a park or an industry cluster, and how far each has come. */
@Injectable()
export class TargetsService {
  private readonly sql: EntitySql;
  private readonly columns: string;

  constructor(
    private readonly db: Db,
    private readonly parks: ParksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.sql = new EntitySql(db.dataSource, Target);
    // counts read back as whole numbers ("130"), money with its two decimals
    const money = MONEY_METRICS.map((m) => `'${m}'`).join(', ');
    this.columns = [
      ...this.sql.properties
        .filter((p) => p !== 'value')
        .map((p) => `${this.sql.col(p, 't')} AS "${p}"`),
      `CASE WHEN t.metric IN (${money}) THEN t.value::text ELSE trunc(t.value)::text END AS "value"`,
    ].join(', ');
  }

  list(actor: Actor, query: ListTargetsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, OWNER_PARK, params)}`];
    if (query.parkId) {
      where.push(
        `${OWNER_PARK} IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.clusterId) where.push(`t.cluster_id = ${p(query.clusterId)}`);
    if (query.year !== undefined) where.push(`t.year = ${p(query.year)}`);
    if (query.metric) where.push(`t.metric = ${p(query.metric)}`);
    const sort = parseSort(query.sort, '-year');
    const secondary = sort.field === 'metric' ? '' : ', t.metric';
    return listResponse<Target>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: 'targets' } : undefined,
      select: this.columns,
      from: FROM,
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 't')} ${sort.descending ? 'DESC' : 'ASC'}${secondary}`,
      idColumn: 't.id',
      page: query.page,
      limit: query.limit,
    });
  }

  /** A target with its actual (from the summaries), percent reached and pace of the year. */
  async get(actor: Actor, id: string): Promise<TargetProgressView> {
    const params: unknown[] = [id];
    const row = await this.db.one<Target & { actual: string; asOf: Date | null }>(
      `SELECT ${this.columns}, ${metricActual('t.metric')}::text AS actual, ${AS_OF_SQL} AS "asOf"
         FROM ${FROM} ${TARGET_OWNER} ${yearActualsJoin('w')}
        WHERE t.id = $1${scopeSql(actor, OWNER_PARK, params)}`,
      params,
    );
    if (!row) throw DomainException.notFound('Target', id);
    return this.withProgress(row);
  }

  /** percent and pace of a target read with its actual. */
  withProgress<T extends { year: number; value: string; actual: string }>(row: T) {
    const today = dateInZone(this.clock.now(), this.config.zoneTimeZone);
    return { ...row, percent: percentOf(row.actual, row.value), pace: paceOf(row.year, today) };
  }

  async create(actor: Actor, dto: CreateTargetDto): Promise<TargetProgressView> {
    if (!dto.parkId === !dto.clusterId) {
      throw dto.parkId
        ? DomainException.validation('clusterId', 'must not be given together with parkId')
        : DomainException.validation('parkId', 'or clusterId is required (exactly one of them)');
    }
    const unit = this.assertValue(dto.metric, dto.value, dto.unit);
    const ownerPark = dto.parkId
      ? (await this.parks.assertVisible(actor, dto.parkId), dto.parkId)
      : await this.clusterPark(actor, dto.clusterId as string);
    const row = await insertAudited<Target>(this.db, this.sql, 'target', { ...dto, unit }, actor, {
      id: ownerPark,
    }).catch((error: unknown) => {
      throw this.duplicate(error) ?? error;
    });
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, dto: UpdateTargetDto): Promise<TargetProgressView> {
    await this.db
      .transaction(async (tx) => {
        const before = await this.read(actor, id, tx, true);
        assertVersion('Target', before, dto.version);
        const patch = patchOf(dto);
        const metric = dto.metric ?? before.metric;
        // a metric of the other kind brings its own unit unless one is sent
        const unit = this.assertValue(metric, dto.value ?? before.value, dto.unit);
        if (unit !== before.unit) patch.unit = unit;
        const ownerPark = before.parkId ?? (await this.clusterPark(actor, before.clusterId!, tx));
        await updateAudited(tx, actor, this.sql, 'target', before, patch, ownerPark);
      })
      .catch((error: unknown) => {
        throw this.duplicate(error) ?? error;
      });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.read(actor, id, tx, true);
      const ownerPark = before.parkId ?? (await this.clusterPark(actor, before.clusterId!, tx));
      await deleteAudited(tx, actor, this.sql, 'target', before, ownerPark);
    });
  }

  private async read(actor: Actor, id: string, q: Queryable, lock: boolean): Promise<Target> {
    const params: unknown[] = [id];
    const row = await q.one<Target>(
      `SELECT ${this.columns} FROM ${FROM}
        WHERE t.id = $1${scopeSql(actor, OWNER_PARK, params)}${lock ? ' FOR UPDATE OF t' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Target', id);
    return row;
  }

  /** The park of a cluster the actor can see (404 otherwise: a cluster outside their parks). */
  private async clusterPark(actor: Actor, clusterId: string, q: Queryable = this.db) {
    const params: unknown[] = [clusterId];
    const row = await q.one<{ parkId: string }>(
      `SELECT c.park_id AS "parkId" FROM industry_clusters c
        WHERE c.id = $1${scopeSql(actor, 'c.park_id', params)}`,
      params,
    );
    if (!row) throw DomainException.notFound('Cluster', clusterId);
    return row.parkId;
  }

  /** The value suits the metric (400 naming value) and the unit is the metric's (400 naming unit). */
  private assertValue(metric: TargetMetric, value: string, unit: string | undefined): string {
    const problem = valueProblem(metric, value);
    if (problem) throw DomainException.validation('value', problem);
    const expected = unitOf(metric);
    if (unit !== undefined && unit !== expected) {
      throw DomainException.validation('unit', `must be ${expected} for ${metric}`);
    }
    return expected;
  }

  private duplicate(error: unknown): DomainException | undefined {
    const pg = error as { code?: string; constraint?: string };
    if (pg?.code !== '23505' || !DUPLICATE.has(pg.constraint ?? '')) return undefined;
    return DomainException.conflict(
      'a target for this park or cluster, year and metric already exists',
      CommonErrorCode.AlreadyExists,
    );
  }
}
