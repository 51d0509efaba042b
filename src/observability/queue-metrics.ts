import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Db } from '../common/database/db.service.js';
import { QueueName } from '../jobs/queue-name.js';
import { QueueRegistry } from '../jobs/queue-registry.js';
import { Metrics } from './metrics.js';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Gauges read from Redis and Postgres when Prometheus scrapes: jobs per queue and state, and the
 * outbox rows not yet handed to BullMQ. The queues are shared, so every process reports the same
 * figures; a source that does not answer leaves its gauge empty for that scrape.
 */
@Injectable()
export class QueueMetrics {
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly outboxPending: Gauge;
  readonly outboxOldest: Gauge;

  constructor(metrics: Metrics, queues: QueueRegistry, db: Db) {
    this.queueJobs = new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in each BullMQ queue by state (waiting includes prioritized), read at scrape',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        await Promise.all(
          Object.values(QueueName).map(async (name) => {
            const counts = await queues
              .get(name)
              .getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed')
              .catch(() => undefined);
            if (!counts) return;
            for (const state of STATES) {
              const extra = state === 'waiting' ? (counts.prioritized ?? 0) : 0;
              this.set({ queue: name, state }, (counts[state] ?? 0) + extra);
            }
          }),
        );
      },
    });
    this.outboxPending = new Gauge({
      name: 'outbox_pending',
      help: 'Outbox rows not yet handed to BullMQ (Redis down, or the relay behind), read at scrape',
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const row = await db
          .one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)
          .catch(() => undefined);
        if (row) this.set(row.n);
      },
    });
    this.outboxOldest = new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest outbox row not yet handed to BullMQ (0 when none), read at scrape',
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const row = await db
          .one<{ age: number }>(
            `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
               FROM outbox WHERE dispatched_at IS NULL`,
          )
          .catch(() => undefined);
        if (row) this.set(row.age);
      },
    });
  }
}
