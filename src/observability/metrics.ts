import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry and the metrics written as things happen. One registry per
 * app (not prom-client's global one), so several apps in one process (the tests) do not collide.
 * Gauges read at scrape time (queue depths, outbox backlog) are added by QueueMetrics.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobsCompleted = new Counter({
    name: 'jobs_completed_total',
    help: 'Jobs this worker completed, by queue and job name',
    labelNames: ['queue', 'name'] as const,
    registers: [this.registry],
  });

  readonly jobsFailed = new Counter({
    name: 'jobs_failed_total',
    help: 'Job attempts that failed in this worker (each try counts), by queue and job name',
    labelNames: ['queue', 'name'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'How long jobs ran in this worker, completed or failed, by queue and job name',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  constructor() {
    // process_* and nodejs_*: CPU, resident memory, heap, event loop lag, GC
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
