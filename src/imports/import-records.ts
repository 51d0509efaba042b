import { Injectable } from '@nestjs/common';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { listPage } from '../common/pagination/list-page.js';
import type { Page } from '../common/pagination/page.dto.js';
import type { AmountUnit } from './column-map.js';
import type { ListImportsQuery, ProjectImportSummary } from './dto/import.dto.js';
import type { ImportCounts } from './project-import.writer.js';
import { ProjectImport, type ImportRowError } from './project-import.entity.js';
import type { RegisterFormat } from './register-reader.js';

export interface NewImport {
  parkId: string;
  filename: string;
  format: RegisterFormat;
  unit: AmountUnit;
  createdBy: string;
}

/** The file a queued import waits with, and what the job needs to run it. */
export interface ClaimedImport extends NewImport {
  id: string;
  content: Buffer | null;
}

/** The listed errors, and a last line saying how many more there were. */
export function listedErrors(errors: ImportRowError[], count: number): ImportRowError[] {
  return count > errors.length
    ? [...errors, { row: 0, column: '', message: `and ${count - errors.length} more errors` }]
    : errors;
}

/** project_imports: the record of every import that ran or waits, its progress and outcome. */
@Injectable()
export class ImportRecords {
  private readonly sql: EntitySql;

  constructor(private readonly db: Db) {
    // content (the file) never leaves: it is not a property of the select list
    this.sql = new EntitySql(db.dataSource, ProjectImport, ['content']);
  }

  /** An import done within its request: recorded with its outcome, in its transaction. */
  async insertDone(tx: Queryable, spec: NewImport, counts: ImportCounts): Promise<string> {
    const row = await tx.one<{ id: string }>(
      `INSERT INTO project_imports (park_id, filename, format, unit, status, total, processed,
                                    created, updated, created_by, finished_at)
       VALUES ($1, $2, $3, $4, 'succeeded', $5, $5, $6, $7, $8, now()) RETURNING id`,
      [
        spec.parkId,
        spec.filename,
        spec.format,
        spec.unit,
        counts.rows,
        counts.created,
        counts.updated,
        spec.createdBy,
      ],
    );
    return row!.id;
  }

  /** A big file waiting for its job: stored with its content. */
  async insertQueued(tx: Queryable, spec: NewImport, content: Buffer): Promise<string> {
    const row = await tx.one<{ id: string }>(
      `INSERT INTO project_imports (park_id, filename, format, unit, status, content, created_by)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING id`,
      [spec.parkId, spec.filename, spec.format, spec.unit, content, spec.createdBy],
    );
    return row!.id;
  }

  /**
   * Marks a queued import running and hands its file over. A job that ran already (succeeded or
   * failed) gets nothing; a running one is taken again (its worker died: the transaction of its
   * writes rolled back with it).
   */
  async claim(id: string): Promise<ClaimedImport | undefined> {
    return this.db.one<ClaimedImport>(
      `UPDATE project_imports SET status = 'running', processed = 0
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id, park_id AS "parkId", filename, format, unit, created_by AS "createdBy", content`,
      [id],
    );
  }

  /** Progress, committed at once (outside the import's transaction) so readers see it. */
  async progress(id: string, processed: number, total: number): Promise<void> {
    await this.db.query(`UPDATE project_imports SET processed = $2, total = $3 WHERE id = $1`, [
      id,
      processed,
      total,
    ]);
  }

  /** Whether the import still waits for this run (another run may have finished it). */
  async isRunning(tx: Queryable, id: string): Promise<boolean> {
    const row = await tx.one<{ status: string }>(
      `SELECT status FROM project_imports WHERE id = $1`,
      [id],
    );
    return row?.status === 'running';
  }

  /** Success, in the import's transaction: it commits with the data or not at all. */
  async succeed(tx: Queryable, id: string, counts: ImportCounts): Promise<void> {
    await tx.query(
      `UPDATE project_imports
          SET status = 'succeeded', total = $2, processed = $2, created = $3, updated = $4,
              errors = '[]', content = NULL, finished_at = now()
        WHERE id = $1`,
      [id, counts.rows, counts.created, counts.updated],
    );
  }

  async fail(id: string, errors: ImportRowError[]): Promise<void> {
    await this.db.query(
      `UPDATE project_imports
          SET status = 'failed', errors = $2, content = NULL, finished_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(errors)],
    );
  }

  async get(actor: Actor, id: string): Promise<ProjectImport> {
    const params: unknown[] = [id];
    const row = await this.db.one<ProjectImport>(
      `SELECT ${this.sql.select('i')} FROM project_imports i
        WHERE i.id = $1${scopeSql(actor, 'i.park_id', params)}`,
      params,
    );
    if (!row) throw DomainException.notFound('Import', id);
    return row;
  }

  async list(actor: Actor, query: ListImportsQuery): Promise<Page<ProjectImportSummary>> {
    const params: unknown[] = [];
    const where = [`true${scopeSql(actor, 'i.park_id', params)}`];
    if (query.parkId) {
      params.push(query.parkId);
      where.push(
        `i.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $${params.length})`,
      );
    }
    if (query.status) {
      params.push(query.status);
      where.push(`i.status = $${params.length}`);
    }
    const select = this.sql.properties
      .filter((p) => p !== 'errors')
      .map((p) => `${this.sql.col(p, 'i')} AS "${p}"`)
      .concat(`jsonb_array_length(i.errors)::int AS "errorCount"`)
      .join(', ');
    return listPage<ProjectImportSummary>(this.db, {
      select,
      from: 'project_imports i',
      where,
      params,
      orderBy: 'i.created_at DESC',
      idColumn: 'i.id',
      page: query.page,
      limit: query.limit,
    });
  }
}
