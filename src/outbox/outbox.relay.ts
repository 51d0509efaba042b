import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { Db } from '../common/database/db.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import type { JobName } from '../jobs/job-name.js';
import { jobOptions } from '../jobs/job-options.js';
import type { QueueName } from '../jobs/queue-name.js';
import { QueueRegistry } from '../jobs/queue-registry.js';

const BATCH = 500;
const POLL_MS = 2_000;

interface Pending {
  id: string;
  queue: QueueName;
  jobName: JobName;
  payload: Record<string, unknown>;
  correlationId: string | null;
}

/**
 * Moves outbox rows to BullMQ, the row id as the job id (BullMQ ignores a second add of one id).
 * Woken by NOTIFY on insert and by a poll, so rows written while Redis was down drain when it is
 * back. Several relays may run: FOR UPDATE SKIP LOCKED gives each row to one of them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private redisDown = false;

  constructor(
    private readonly db: Db,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.listen();
    this.timer = setInterval(() => void this.kick(), POLL_MS);
    void this.kick();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.running;
  }

  /** Drains now; a kick during a drain makes it run once more right after. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.drainBatch()) === BATCH);
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** One batch in one transaction: rows are marked dispatched only once BullMQ has them. */
  private async drainBatch(): Promise<number> {
    try {
      const moved = await this.db.transaction(async (tx) => {
        const rows = await tx.query<Pending>(
          `SELECT id, queue, job_name AS "jobName", payload, correlation_id AS "correlationId"
             FROM outbox
            WHERE dispatched_at IS NULL ORDER BY created_at, id
            LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        if (!rows.length) return 0;
        const byQueue = new Map<QueueName, Pending[]>();
        for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
        for (const [queue, jobs] of byQueue) {
          await this.queues.get(queue).addBulk(
            jobs.map((job) => ({
              name: job.jobName,
              // the worker logs the job under the correlation id of the request that asked for it
              data: job.correlationId
                ? { ...job.payload, correlationId: job.correlationId }
                : job.payload,
              opts: jobOptions(job.jobName, { jobId: job.id }),
            })),
          );
        }
        await tx.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [
          rows.map((r) => r.id),
        ]);
        return rows.length;
      });
      if (this.redisDown && moved) this.logger.log('Redis is back; the outbox is draining');
      this.redisDown = false;
      return moved;
    } catch (error) {
      if (!this.redisDown) this.logger.warn(`Outbox waits: ${String(error)}`);
      this.redisDown = true;
      await this.db
        .query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $1
            WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT ${BATCH})`,
          [String(error).slice(0, 500)],
        )
        .catch(() => undefined);
      return 0;
    }
  }

  private async listen() {
    try {
      const client = new pg.Client({ connectionString: this.config.databaseUrl });
      client.on('error', () => undefined); // the poll carries on while the listener is gone
      client.on('end', () => {
        // Postgres restarted: listen again once it is back
        if (!this.stopped) setTimeout(() => void this.listen(), POLL_MS).unref();
      });
      client.on('notification', () => void this.kick());
      await client.connect();
      await client.query('LISTEN outbox');
      this.listener = client;
    } catch (error) {
      this.logger.warn(`No LISTEN on outbox (polling every ${POLL_MS} ms): ${String(error)}`);
      if (!this.stopped) setTimeout(() => void this.listen(), POLL_MS * 5).unref();
    }
  }
}
