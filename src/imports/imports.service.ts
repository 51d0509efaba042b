import { Injectable } from '@nestjs/common';
import { type Actor, scopeSql } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { JobName } from '../jobs/job-name.js';
import { JobsService } from '../jobs/jobs.service.js';
import { unitOf } from './column-map.js';
import type { ImportProjectsQuery, ImportQueued, ImportReport } from './dto/import.dto.js';
import { ImportException } from './import.exception.js';
import { ImportRecords } from './import-records.js';
import type { ImportCounts } from './project-import.writer.js';
import { ProjectImporter } from './project-importer.js';
import type { RegisterParser } from './register-parser.js';
import { registerFormat } from './register-reader.js';
import type { Upload } from './upload.js';

/**
 * Files with more data rows than this import as a job (202): the request only reads this far,
 * to know the file is big and its header right. Smaller ones import within the request
 * (~1 s for 5,000 rows).
 */
export const JOB_THRESHOLD_ROWS = 5_000;

export type ImportOutcome =
  { status: 200 | 201; body: ImportReport } | { status: 202; body: ImportQueued };

@Injectable()
export class ImportsService {
  constructor(
    private readonly db: Db,
    private readonly importer: ProjectImporter,
    private readonly records: ImportRecords,
    private readonly jobs: JobsService,
  ) {}

  /** `receive` reads the upload: only once the park is known to be the actor's. */
  async importProjects(
    actor: Actor,
    query: ImportProjectsQuery,
    receive: () => Promise<Upload>,
  ): Promise<ImportOutcome> {
    await this.assertPark(actor, query.parkId);
    const upload = await receive();
    const format = registerFormat(upload.filename, upload.mimetype, upload.content);
    const unit = unitOf(query.unit);
    const spec = { parkId: query.parkId, filename: upload.filename, format, unit };

    if (query.dryRun) {
      // always within the request: checking writes nothing, so it needs no job to be safe
      const { parser } = await this.importer.parse(upload.content, format, unit);
      const counts = await this.importer.dryRun(parser, query.parkId);
      return { status: 200, body: this.report(parser, spec.filename, format, counts, true) };
    }

    const { parser, complete } = await this.importer.parse(
      upload.content,
      format,
      unit,
      JOB_THRESHOLD_ROWS,
    );
    if (!complete) {
      // a header that cannot be read fails now rather than in the job (rows: the job says)
      const header = parser.errors.items.filter((e) => e.row <= parser.layout!.headerRow);
      if (header.length) throw ImportException.rowsInvalid(header, header.length);
      const queued = await this.db.transaction(async (tx) => {
        const importId = await this.records.insertQueued(
          tx,
          { ...spec, createdBy: actor.id },
          upload.content,
        );
        const jobId = await this.jobs.enqueue(tx, JobName.ProjectImport, { importId }, actor.id);
        return { importId, jobId, status: 'queued' as const };
      });
      return { status: 202, body: queued };
    }

    let importId = '';
    const counts = await this.importer.apply(parser, query.parkId, actor, {
      finish: async (tx, done) => {
        importId = await this.records.insertDone(tx, { ...spec, createdBy: actor.id }, done);
      },
    });
    return {
      status: 201,
      body: { importId, ...this.report(parser, spec.filename, format, counts!, false) },
    };
  }

  private report(
    parser: RegisterParser,
    filename: string,
    format: string,
    counts: ImportCounts,
    dryRun: boolean,
  ): ImportReport {
    return {
      dryRun,
      valid: parser.errors.count === 0,
      filename,
      format,
      ...counts,
      rows: parser.rows.length,
      columns: this.importer.columns(parser),
      ignoredColumns: parser.layout?.ignored ?? [],
      errorCount: parser.errors.count,
      errors: parser.errors.items,
    };
  }

  /** The park exists and is the actor's (or under one of theirs): 404 otherwise. */
  private async assertPark(actor: Actor, parkId: string) {
    const params: unknown[] = [parkId];
    const park = await this.db.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', params)}`,
      params,
    );
    if (!park) throw DomainException.notFound('Park', parkId);
  }
}
