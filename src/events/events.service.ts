import { Injectable } from '@nestjs/common';
import {
  deleteAudited,
  insertAudited,
  updateRow,
  writeAudit,
  type GuardBuilder,
} from '../common/audit/audit.writer.js';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { likePattern, listResponse } from '../common/pagination/list-page.js';
import { Contract } from '../contracts/contract.entity.js';
import type {
  CreateEventDto,
  EventDetail,
  EventView,
  ListEventsQuery,
  UpdateEventDto,
} from './dto/event.dto.js';
import { type EventKind, PromotionEvent } from './event.entity.js';

const COMPANIES = `
  COALESCE((SELECT array_agg(ee.enterprise_id ORDER BY ee.enterprise_id) FROM event_enterprises ee
             WHERE ee.event_id = e.id), '{}') AS "companyIds"`;

/** What an event's references must satisfy; checked in one SQL condition. */
interface References {
  parkId: string;
  companyIds: string[];
  /** Set when the event moves: the contracts signed at it must stay in or below the new park. */
  eventId?: string;
}

/** Conferences, fairs, briefings, media tours and campaigns, with the contracts signed at them. */
@Injectable()
export class EventsService {
  private readonly sql: EntitySql;
  private readonly contractSql: EntitySql;

  constructor(private readonly db: Db) {
    this.sql = new EntitySql(db.dataSource, PromotionEvent);
    this.contractSql = new EntitySql(db.dataSource, Contract);
  }

  async list(actor: Actor, query: ListEventsQuery, csv = false) {
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`true${scopeSql(actor, 'e.park_id', params)}`];
    if (query.parkId) {
      where.push(
        `e.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ${p(query.parkId)})`,
      );
    }
    if (query.kind) where.push(`e.kind = ${p(query.kind)}`);
    // an event counts for a day range if any of its days falls in it
    if (query.from) where.push(`COALESCE(e.end_date, e.start_date) >= ${p(query.from)}::date`);
    if (query.to) where.push(`e.start_date <= ${p(query.to)}::date`);
    if (query.q) {
      const pattern = p(likePattern(query.q));
      where.push(
        `(e.name ILIKE ${pattern} OR e.organiser ILIKE ${pattern} OR e.location ILIKE ${pattern})`,
      );
    }
    const sort = parseSort(query.sort, '-startDate');
    return listResponse<EventView>(this.db, {
      csv: csv
        ? { columns: [...this.sql.properties, 'companyIds'], filename: 'events' }
        : undefined,
      select: `${this.sql.select('e')}, ${COMPANIES}`,
      from: 'events e',
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'e')} ${sort.descending ? 'DESC' : 'ASC'}`,
      idColumn: 'e.id',
      page: query.page,
      limit: query.limit,
    });
  }

  /** The event and its companies, 404 outside the actor's parks; `lock` holds the row. */
  async view(actor: Actor, id: string, q: Queryable = this.db, lock = false): Promise<EventView> {
    const params: unknown[] = [id];
    const row = await q.one<EventView>(
      `SELECT ${this.sql.select('e')}, ${COMPANIES} FROM events e
        WHERE e.id = $1${scopeSql(actor, 'e.park_id', params)}${lock ? ' FOR UPDATE OF e' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Event', id);
    return row;
  }

  /** The event with the contracts signed at it (those the actor can see), summed per currency. */
  async get(actor: Actor, id: string, q: Queryable = this.db): Promise<EventDetail> {
    const params: unknown[] = [id];
    const eventScope = scopeSql(actor, 'e.park_id', params);
    const contractScope = scopeSql(actor, 'c.park_id', params);
    const row = await q.one<EventDetail>(
      `SELECT ${this.sql.select('e')}, ${COMPANIES},
              (SELECT jsonb_build_object(
                        'count', COALESCE(sum(t.n), 0)::int,
                        'totals', COALESCE(jsonb_agg(jsonb_build_object(
                                    'currency', t.currency, 'amount', t.amount::text)
                                    ORDER BY t.currency), '[]'::jsonb))
                 FROM (SELECT c.currency::text AS currency, sum(c.amount) AS amount, count(*) AS n
                         FROM contracts c
                        WHERE c.event_id = e.id${contractScope}
                        GROUP BY c.currency) t) AS contracts
         FROM events e
        WHERE e.id = $1${eventScope}`,
      params,
    );
    if (!row) throw DomainException.notFound('Event', id);
    return row;
  }

  async create(actor: Actor, dto: CreateEventDto): Promise<EventDetail> {
    this.assertDates(dto.startDate, dto.endDate);
    const { companyIds: sent = [], ...fields } = dto;
    const companyIds = normalizeIds(sent);
    this.assertCompaniesAllowed(dto.kind, companyIds);
    const refs: References = { parkId: dto.parkId, companyIds };
    return this.db.transaction(async (tx) => {
      // scope and reference checks ride in the INSERT: nothing is written when one fails
      const row = await insertAudited<PromotionEvent>(
        tx,
        this.sql,
        'event',
        { ...fields, createdBy: actor.id },
        actor,
        { fromRow: 'parkId' },
        this.referencesOk(actor, refs),
      );
      if (!row) return this.explainReferences(actor, refs, tx);
      await this.setCompanies(tx, row.id, companyIds);
      return this.get(actor, row.id, tx);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateEventDto): Promise<EventDetail> {
    return this.db.transaction(async (tx) => {
      const before = await this.view(actor, id, tx, true);
      assertVersion('Event', before, dto.version);
      const { companyIds: sent, ...patch } = patchOf(dto) as Partial<UpdateEventDto>;
      const merged = { ...before, ...patch } as PromotionEvent;
      this.assertDates(merged.startDate, merged.endDate);
      const companyIds = sent ? normalizeIds(sent) : undefined;
      this.assertCompaniesAllowed(merged.kind, companyIds ?? before.companyIds);
      const moved = merged.parkId !== before.parkId;
      if (moved || companyIds?.length) {
        const refs: References = {
          parkId: merged.parkId,
          companyIds: companyIds ?? [],
          eventId: moved ? id : undefined,
        };
        const params: unknown[] = [];
        const ok = await tx.one<{ ok: boolean }>(
          `SELECT ${this.referencesOk(actor, refs)((v) => (params.push(v), `$${params.length}`))} AS ok`,
          params,
        );
        if (!ok?.ok) await this.explainReferences(actor, refs, tx);
      }
      await updateRow<PromotionEvent>(tx, this.sql, id, patch);
      if (companyIds) await this.setCompanies(tx, id, companyIds, true);
      const after = await this.view(actor, id, tx);
      await writeAudit(tx, actor, {
        entity: 'event',
        entityId: id,
        parkId: after.parkId,
        action: 'update',
        before,
        after,
      });
      return this.get(actor, id, tx);
    });
  }

  /**
   * Deleting an event keeps the contracts signed at it: they lose the link (what the foreign key
   * would do silently), each one a versioned and audited update, in the same transaction.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.view(actor, id, tx, true);
      const contracts = await tx.query<Contract>(
        `SELECT ${this.contractSql.select('c')} FROM contracts c WHERE c.event_id = $1
          ORDER BY c.id FOR UPDATE`,
        [id],
      );
      for (const contract of contracts) {
        const after = await updateRow<Contract>(tx, this.contractSql, contract.id, {
          eventId: null,
        });
        await writeAudit(tx, actor, {
          entity: 'contract',
          entityId: contract.id,
          parkId: contract.parkId,
          action: 'update',
          before: contract,
          after,
        });
      }
      await deleteAudited(tx, actor, this.sql, 'event', before, before.parkId);
    });
  }

  private assertDates(startDate: string, endDate: string | null | undefined) {
    if (endDate && endDate < startDate)
      throw DomainException.validation('endDate', 'must not be before startDate');
  }

  private assertCompaniesAllowed(kind: EventKind, companyIds: string[]) {
    if (kind !== 'media_tour' && companyIds.length) {
      throw DomainException.validation(
        'companyIds',
        `only a media tour visits companies (this event is a ${kind}); send [] to clear them`,
      );
    }
  }

  /** One SQL condition: park visible, every company visible, the event's contracts below it. */
  private referencesOk(actor: Actor, r: References): GuardBuilder {
    return (param) => {
      const scope = isAdmin(actor) ? undefined : param(actor.parkIds);
      const inScope = (expr: string) =>
        scope
          ? ` AND ${expr} IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ANY(${scope}::uuid[]))`
          : '';
      const park = param(r.parkId);
      const checks = [
        `EXISTS (SELECT 1 FROM parks x WHERE x.id = ${park}::uuid${inScope('x.id')})`,
      ];
      if (r.companyIds.length) {
        checks.push(
          `(SELECT count(*) FROM enterprises c WHERE c.id = ANY(${param(r.companyIds)}::uuid[])${inScope('c.park_id')}) = ${r.companyIds.length}`,
        );
      }
      if (r.eventId) {
        checks.push(
          `NOT EXISTS (SELECT 1 FROM contracts k WHERE k.event_id = ${param(r.eventId)}::uuid
                         AND k.park_id NOT IN (SELECT descendant_id FROM park_closure
                                                WHERE ancestor_id = ${park}::uuid))`,
        );
      }
      return checks.join(' AND ');
    };
  }

  /** Finds which reference failed and throws the matching 404 or 400. */
  private async explainReferences(actor: Actor, r: References, q: Queryable): Promise<never> {
    const parkParams: unknown[] = [r.parkId];
    const park = await q.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', parkParams)}`,
      parkParams,
    );
    if (!park) throw DomainException.notFound('Park', r.parkId);
    if (r.companyIds.length) {
      const params: unknown[] = [r.companyIds];
      const found = await q.query<{ id: string }>(
        `SELECT e.id FROM enterprises e WHERE e.id = ANY($1::uuid[])${scopeSql(actor, 'e.park_id', params)}`,
        params,
      );
      const known = new Set(found.map((f) => f.id));
      const missing = r.companyIds.filter((c) => !known.has(c));
      if (missing.length) {
        throw DomainException.validation(
          'companyIds',
          `unknown or outside your parks: ${missing.join(', ')}`,
        );
      }
    }
    if (r.eventId) {
      const outside = await q.one(
        `SELECT 1 FROM contracts k WHERE k.event_id = $1
            AND k.park_id NOT IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $2)`,
        [r.eventId, r.parkId],
      );
      if (outside) {
        throw DomainException.validation(
          'parkId',
          'must be the park of every contract signed at the event, or a park above them',
        );
      }
    }
    // every reference checks out now: one changed between the two looks
    throw DomainException.conflict('A referenced record changed meanwhile; retry');
  }

  private async setCompanies(
    tx: Queryable,
    eventId: string,
    companyIds: string[],
    replace = false,
  ) {
    if (replace) await tx.query(`DELETE FROM event_enterprises WHERE event_id = $1`, [eventId]);
    if (!companyIds.length) return;
    await tx.query(
      `INSERT INTO event_enterprises (event_id, enterprise_id) SELECT $1, unnest($2::uuid[])`,
      [eventId, companyIds],
    );
  }
}

/** UUIDs as Postgres prints them, each once. */
const normalizeIds = (ids: string[]) => [...new Set(ids.map((i) => i.toLowerCase()))];
