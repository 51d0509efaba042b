import { Injectable } from '@nestjs/common';
import { type Actor, isAdmin } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { currentCorrelationId } from '../observability/request-context.js';
import { JobName } from './job-name.js';
import { JOB_QUEUE, type JobPayloads } from './job-payloads.js';
import { QueueRegistry } from './queue-registry.js';

export type JobState =
  | 'pending' // in the outbox, not yet handed to the queue (Redis unreachable, or a moment ago)
  | 'waiting'
  | 'delayed'
  | 'active'
  | 'completed'
  | 'failed'
  | 'unknown';

export interface JobStatus {
  id: string;
  name: string;
  queue: string;
  state: JobState;
  createdAt: Date;
  dispatchedAt: Date | null;
  attemptsMade: number;
  result?: unknown;
  failedReason?: string;
  finishedAt?: Date;
}

/**
 * The outbox rows of many jobs of one kind in one statement: `INSERT … SELECT` over `source`
 * (a CTE or table aliased x), with `payloadSql` a jsonb expression over x. For bulk work done in
 * SQL (a scan that notifies thousands); JobsService.enqueue is the one-job form.
 */
export function enqueueManySql<N extends JobName>(
  name: N,
  payloadSql: string,
  source: string,
): string {
  return `INSERT INTO outbox (queue, job_name, payload)
    SELECT '${JOB_QUEUE[name]}', '${name}', ${payloadSql} FROM ${source} x
    RETURNING id`;
}

/**
 * Everything enqueues through here, and only through the outbox: the job row commits with the
 * change that needs it (pass the transaction), the relay hands it to BullMQ with its id as the
 * job id.
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly db: Db,
    private readonly queues: QueueRegistry,
  ) {}

  async enqueue<N extends JobName>(
    q: Queryable,
    name: N,
    payload: JobPayloads[N],
    requestedBy: string | null = null,
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO outbox (queue, job_name, payload, requested_by, correlation_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [JOB_QUEUE[name], name, JSON.stringify(payload), requestedBy, currentCorrelationId() ?? null],
    );
    return row.id;
  }

  /** A job's state: the outbox says whether it left, the queue what became of it. */
  async status(actor: Actor, id: string): Promise<JobStatus> {
    const row = await this.db.one<{
      queue: string;
      jobName: string;
      requestedBy: string | null;
      createdAt: Date;
      dispatchedAt: Date | null;
    }>(
      `SELECT queue, job_name AS "jobName", requested_by AS "requestedBy",
              created_at AS "createdAt", dispatched_at AS "dispatchedAt"
         FROM outbox WHERE id = $1`,
      [id],
    );
    // a job is its requester's (and the admins'): anyone else learns nothing about it
    if (!row || (!isAdmin(actor) && row.requestedBy !== actor.id)) {
      throw DomainException.notFound('Job', id);
    }
    const base = {
      id,
      name: row.jobName,
      queue: row.queue,
      createdAt: row.createdAt,
      dispatchedAt: row.dispatchedAt,
      attemptsMade: 0,
    };
    if (!row.dispatchedAt) return { ...base, state: 'pending' };
    const queue = this.queues.get(row.queue as (typeof JOB_QUEUE)[JobName]);
    const job = await queue.getJob(id).catch(() => {
      throw new DomainException(503, 'SERVICE_UNAVAILABLE', 'The job queue is unreachable; retry');
    });
    // completed jobs are kept for a week; after that only the outbox remembers
    if (!job) return { ...base, state: 'unknown' };
    const state = (await job.getState()) as JobState;
    return {
      ...base,
      state: (['waiting-children', 'prioritized'] as string[]).includes(state) ? 'waiting' : state,
      attemptsMade: job.attemptsMade,
      ...(job.returnvalue !== undefined && job.returnvalue !== null
        ? { result: job.returnvalue }
        : {}),
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
      ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn) } : {}),
    };
  }
}
