import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { EntitySql } from '../common/database/entity-sql.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { Project } from '../projects/project.entity.js';
import { WarningsService } from '../workflow/health/warnings.service.js';
import type { AmountUnit, ImportField } from './column-map.js';
import type { ImportColumnView } from './dto/import.dto.js';
import { ImportException } from './import.exception.js';
import { type ImportCounts, ProjectImportWriter } from './project-import.writer.js';
import { RegisterParser } from './register-parser.js';
import { readRegister, type RegisterFormat } from './register-reader.js';

const YIELD_EVERY = 2_000;

/** Thrown inside a dry run's transaction to roll it back with its result. */
class DryRunDone extends Error {
  constructor(readonly counts: ImportCounts) {
    super('dry run');
  }
}

export interface ApplyOptions {
  /** Hears the rows written so far (outside the transaction: commit it yourself). */
  progress?: (rowsDone: number) => Promise<void>;
  /** Runs last in the import's transaction: the import record commits with the data. */
  finish?: (tx: Queryable, counts: ImportCounts) => Promise<unknown>;
  /** Checked once the park's import lock is held: false skips the import (already done). */
  stillWanted?: (tx: Queryable) => Promise<boolean>;
}

/**
 * Runs an import: the file read and checked row by row (RegisterParser), then checked against
 * the database and written in one transaction (ProjectImportWriter), all or nothing. The API
 * runs small files and dry runs within the request, the worker big files.
 */
@Injectable()
export class ProjectImporter {
  private readonly projectSql: EntitySql;
  private readonly enterpriseSql: EntitySql;

  constructor(
    private readonly db: Db,
    private readonly warnings: WarningsService,
  ) {
    this.projectSql = new EntitySql(db.dataSource, Project, ['deletedAt']);
    this.enterpriseSql = new EntitySql(db.dataSource, Enterprise);
  }

  /**
   * Reads the file into checked rows. With `stopAfter`, stops reading past that many data rows
   * (enough to know a file is big and its header is right); the parser is then not finished.
   */
  async parse(
    content: Buffer,
    format: RegisterFormat,
    unit: AmountUnit,
    stopAfter?: number,
  ): Promise<{ parser: RegisterParser; complete: boolean }> {
    const parser = new RegisterParser(unit);
    let read = 0;
    for (const row of readRegister(content, format)) {
      parser.add(row);
      if (stopAfter !== undefined && parser.dataRows > stopAfter) {
        return { parser, complete: false };
      }
      // a big file is read in slices: other requests of this process are served in between
      if (++read % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    parser.finish();
    return { parser, complete: true };
  }

  /** Every check of a real import, in a transaction rolled back: nothing is written. */
  async dryRun(parser: RegisterParser, parkId: string): Promise<ImportCounts> {
    try {
      await this.db.transaction(async (tx) => {
        const writer = await this.checked(tx, parser, parkId);
        throw new DryRunDone(await writer.preview());
      });
    } catch (error) {
      if (error instanceof DryRunDone) return error.counts;
      throw error;
    }
    throw new Error('unreachable');
  }

  /**
   * Checks and writes in one transaction; any row error throws ImportException (422) with all
   * of them, and nothing is written. Imports into one park run one at a time.
   */
  async apply(
    parser: RegisterParser,
    parkId: string,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<ImportCounts | undefined> {
    return this.db.transaction(async (tx) => {
      // one import per park at a time: the second sees the first's projects and updates them
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('project-import'), hashtext($1))`, [
        parkId,
      ]);
      if (options.stillWanted && !(await options.stillWanted(tx))) return undefined;
      const writer = await this.checked(tx, parser, parkId);
      if (parser.errors.count > 0) {
        throw ImportException.rowsInvalid(parser.errors.items, parser.errors.count);
      }
      const { relight, ...counts } = await writer.write(actor, options.progress);
      // the plan moved: pace and investment shortfall are measured against it
      if (relight.length) await this.warnings.evaluate(tx, { projectIds: relight }, { actor });
      await options.finish?.(tx, counts);
      return counts;
    });
  }

  /** The columns read, as a report shows them. */
  columns(parser: RegisterParser): ImportColumnView[] {
    return (parser.layout?.columns ?? []).map((c) =>
      c.column.kind === 'amount'
        ? { header: c.header, field: c.column.field, unit: c.unit }
        : { header: c.header, field: c.column.field },
    );
  }

  private async checked(tx: Queryable, parser: RegisterParser, parkId: string) {
    const fields = parser.fields;
    const writer = new ProjectImportWriter(tx, this.projectSql, this.enterpriseSql, parkId, fields);
    await writer.stage(parser.rows);
    if (parser.layout) {
      await writer.check(
        parser.errors,
        (field: ImportField) => parser.column(field) ?? { header: field, index: 0 },
      );
    }
    return writer;
  }
}
