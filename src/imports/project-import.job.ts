import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { ImportException, ImportRowsInvalid } from './import.exception.js';
import { ImportRecords, listedErrors } from './import-records.js';
import { ProjectImporter } from './project-importer.js';

/**
 * The job of a big file: reads it from its import record, checks and writes it in one
 * transaction (all or nothing) while committing `processed` outside it, and records the outcome:
 * succeeded with counts, or failed with every error. The file is dropped either way.
 */
@Injectable()
export class ProjectImportJob {
  private readonly logger = new Logger('ProjectImport');

  constructor(
    private readonly db: Db,
    private readonly importer: ProjectImporter,
    private readonly records: ImportRecords,
  ) {}

  async run(importId: string, jobId?: string) {
    const claimed = await this.records.claim(importId);
    // succeeded or failed already: a repeated job finds nothing to do
    if (!claimed) return { importId, skipped: true };
    try {
      if (!claimed.content)
        throw ImportException.unreadable(claimed.filename, 'is no longer stored');
      const actor = await this.actor(claimed.createdBy, jobId ?? importId);
      const { parser } = await this.importer.parse(claimed.content, claimed.format, claimed.unit);
      const total = parser.rows.length;
      await this.records.progress(importId, 0, total);
      const counts = await this.importer.apply(parser, claimed.parkId, actor, {
        progress: (done) => this.records.progress(importId, done, total),
        stillWanted: (tx) => this.records.isRunning(tx, importId),
        finish: (tx, done) => this.records.succeed(tx, importId, done),
      });
      if (!counts) return { importId, skipped: true };
      return { importId, created: counts.created, updated: counts.updated };
    } catch (error) {
      if (error instanceof ImportRowsInvalid) {
        await this.records.fail(importId, listedErrors(error.rows, error.errorCount));
        return { importId, failed: true, errors: error.errorCount };
      }
      if (error instanceof ImportException) {
        // the file cannot be read, or its uploader is gone
        await this.records.fail(importId, [{ row: 0, column: '', message: error.message }]);
        return { importId, failed: true, errors: 1 };
      }
      this.logger.error(`import ${importId} failed`, (error as Error).stack);
      await this.records.fail(importId, [
        { row: 0, column: '', message: 'The import failed on the server; nothing was imported' },
      ]);
      throw error;
    }
  }

  /** The uploader, as the audit and the officer default see them. */
  private async actor(userId: string, correlationId: string): Promise<Actor> {
    const user = await this.db.one<Omit<Actor, 'correlationId' | 'parkIds'>>(
      `SELECT id, email, name, role FROM users WHERE id = $1 AND deactivated_at IS NULL`,
      [userId],
    );
    if (!user) throw ImportException.unreadable('The import', 'belongs to a user no longer active');
    return { ...user, parkIds: [], correlationId: `import:${correlationId}` };
  }
}
