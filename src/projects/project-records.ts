import type { EntityTarget } from 'typeorm';
import { deleteAudited, insertAudited, updateAudited } from '../common/audit/audit.writer.js';
import type { Actor } from '../common/auth/actor.js';
import type { Db, Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { assertVersion, patchOf } from '../common/database/optimistic-lock.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { parseSort } from '../common/pagination/list-query.dto.js';
import { listResponse } from '../common/pagination/list-page.js';
import type { ProjectsService } from './projects.service.js';

interface Row {
  id: string;
  version: number;
}

export interface Located<T> {
  parkId: string;
  currency: string;
  row: T;
}

type Head = { parkId: string; currency: string };

/**
 * Runs after every create, update and delete, inside its transaction, with the project row
 * locked: e.g. re-lighting the project from its new records.
 */
export type AfterWrite = (tx: Queryable, projectId: string, actor: Actor) => Promise<unknown>;

/**
 * The records that hang off a key project (milestones, progress updates, investment tranches):
 * reached through `projects/:projectId/…`, visible when the project is, audited under its park.
 */
export class ProjectRecords<T extends Row> {
  readonly sql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    entity: EntityTarget<T>,
    /** singular entity name in audit ('milestone') */
    private readonly name: string,
    /** the table, aliased r in every query */
    private readonly table: string,
    private readonly label: string,
    private readonly afterWrite?: AfterWrite,
  ) {
    this.sql = new EntitySql(db.dataSource, entity);
  }

  async list(
    actor: Actor,
    projectId: string,
    query: { page: number; limit: number; sort?: string },
    defaultSort: string,
    filter: (param: (v: unknown) => string) => string[] = () => [],
    csv = false,
  ) {
    await this.projects.head(actor, projectId);
    const params: unknown[] = [projectId];
    const where = ['r.project_id = $1', ...filter((v) => (params.push(v), `$${params.length}`))];
    const sort = parseSort(query.sort, defaultSort);
    return listResponse<T>(this.db, {
      csv: csv ? { columns: this.sql.properties, filename: this.table } : undefined,
      select: this.sql.select('r'),
      from: `${this.table} r`,
      where,
      params,
      orderBy: `${this.sql.col(sort.field, 'r')} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`,
      idColumn: 'r.id',
      page: query.page,
      limit: query.limit,
    });
  }

  async get(
    actor: Actor,
    projectId: string,
    id: string,
    q: Queryable = this.db,
    lock = false,
  ): Promise<Located<T>> {
    // a write locks the project first: writes to one project's records queue up in order
    const head = await this.projects.head(actor, projectId, q, lock);
    const row = await q.one<T>(
      `SELECT ${this.sql.select('r')} FROM ${this.table} r
        WHERE r.id = $1 AND r.project_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, projectId],
    );
    if (!row) throw DomainException.notFound(this.label, id);
    return { ...head, row };
  }

  /** Adds a record to a visible, live project; `values` may depend on the project (currency). */
  async create(
    actor: Actor,
    projectId: string,
    values:
      Record<string, unknown> | ((head: Head, tx: Queryable) => Promise<Record<string, unknown>>),
  ): Promise<T> {
    return this.write(actor, projectId, async (tx) => {
      const head = await this.projects.head(actor, projectId, tx, true);
      const fields = typeof values === 'function' ? await values(head, tx) : values;
      return insertAudited<T>(tx, this.sql, this.name, { ...fields, projectId }, actor, {
        id: head.parkId,
      });
    });
  }

  /** PATCH with the optimistic version; `check` may refuse the change (after the row is locked). */
  async update(
    actor: Actor,
    projectId: string,
    id: string,
    dto: { version: number },
    check?: (before: T, tx: Queryable) => Promise<void> | void,
  ): Promise<T> {
    return this.write(actor, projectId, async (tx) => {
      const { parkId, row: before } = await this.get(actor, projectId, id, tx, true);
      assertVersion(this.label, before, dto.version);
      await check?.(before, tx);
      return updateAudited<T>(tx, actor, this.sql, this.name, before, patchOf(dto), parkId);
    });
  }

  async remove(
    actor: Actor,
    projectId: string,
    id: string,
    check?: (before: T, tx: Queryable) => Promise<void> | void,
  ): Promise<void> {
    await this.write(actor, projectId, async (tx) => {
      const { parkId, row: before } = await this.get(actor, projectId, id, tx, true);
      await check?.(before, tx);
      await deleteAudited(tx, actor, this.sql, this.name, before, parkId);
    });
  }

  /** Runs in `tx` if given (a caller's wider transaction), else in its own, then the hook. */
  async write<R>(
    actor: Actor,
    projectId: string,
    work: (tx: Queryable) => Promise<R>,
    tx?: Queryable,
  ): Promise<R> {
    const run = async (q: Queryable) => {
      const result = await work(q);
      await this.afterWrite?.(q, projectId, actor);
      return result;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }
}
