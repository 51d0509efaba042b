import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { Metrics } from '../observability/metrics.js';
import { runWithContext } from '../observability/request-context.js';
import { JobName } from './job-name.js';
import { JobHandlerRegistry } from './job-handlers.js';
import { JOB_QUEUE } from './job-payloads.js';
import { jobOptions, WORKER_OPTIONS } from './job-options.js';
import { QueueName } from './queue-name.js';
import { QueueRegistry } from './queue-registry.js';
import { redisConnection } from './redis-connection.js';
import { checkDurability } from './redis-durability.js';
import { SCHEDULES } from './schedules.js';

/**
 * The worker role: checks Redis can be trusted with jobs, applies the job schedulers, and runs
 * one BullMQ worker per queue. On shutdown it stops taking jobs and lets the active ones finish
 * (worker.close); a worker killed outright leaves its jobs to be retried once their lock expires.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handlers: JobHandlerRegistry,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap() {
    await this.assertDurable();
    await this.applySchedules();
    if (this.config.evaluateOnBoot) await this.evaluateNow();
    for (const name of Object.values(QueueName)) this.workers.push(this.startWorker(name));
    this.logger.log(`Processing ${Object.values(QueueName).join(', ')}`);
  }

  async onApplicationShutdown() {
    // close() waits for the jobs in hand; no new job is taken meanwhile
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private startWorker(name: QueueName): Worker {
    const worker = new Worker(name, (job: Job) => this.process(job), {
      connection: redisConnection(this.config.redisUrl, 'worker'),
      prefix: this.config.queuePrefix,
      // stored on each job it takes (processedBy): which of several workers ran what
      name: `${hostname()}:${process.pid}`,
      ...WORKER_OPTIONS[name],
      // a shorter lock also means a killed worker's jobs are found stalled sooner
      ...(this.config.jobLockMs
        ? { lockDuration: this.config.jobLockMs, stalledInterval: this.config.jobLockMs }
        : {}),
    });
    worker.on('completed', (job) => {
      const labels = { queue: name, name: job.name };
      const ms = job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : 0;
      this.metrics.jobsCompleted.inc(labels);
      this.metrics.jobDuration.observe(labels, ms / 1000);
      const line = {
        msg: `${name}/${job.name} ${job.id} completed in ${ms} ms`,
        queue: name,
        job: job.name,
        jobId: job.id,
        ms,
      };
      // a scheduler's ticks (the dashboard refresh every few seconds) would drown the rest
      runWithContext({ correlationId: jobCorrelationId(job) }, () =>
        job.repeatJobKey ? this.logger.debug(line) : this.logger.log(line),
      );
    });
    worker.on('failed', (job, error) => {
      this.metrics.jobsFailed.inc({ queue: name, name: job?.name ?? 'unknown' });
      if (job?.finishedOn && job.processedOn) {
        this.metrics.jobDuration.observe(
          { queue: name, name: job.name },
          (job.finishedOn - job.processedOn) / 1000,
        );
      }
      const left = job ? (job.opts.attempts ?? 1) - job.attemptsMade : 0;
      const warn = () =>
        this.logger.warn(
          `${name}/${job?.name} ${job?.id} failed (${left} tries left): ${error.message}`,
        );
      if (job) runWithContext({ correlationId: jobCorrelationId(job) }, warn);
      else warn();
    });
    worker.on('error', (error) => this.logger.warn(`${name} worker: ${error.message}`));
    return worker;
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    // what the handler logs carries the correlation id of the request that enqueued the job
    return runWithContext({ correlationId: jobCorrelationId(job) }, () => handler(job.data, job));
  }

  /**
   * Idempotent: a scheduler id upserted again only updates its pattern. A scheduler BullMQ will
   * not update right now does not stop the boot: when its next run is already active (run early
   * from the queue dashboard, and held by a worker that died), BullMQ answers "job ID already
   * exists". The scheduler stays as it was and this worker goes on to retry the stalled run; the
   * next boot applies the schedule again. Were the boot to fail instead, every restarted worker
   * would die on it and the stalled jobs would wait for good.
   */
  private async applySchedules() {
    for (const schedule of SCHEDULES) {
      const queue = this.queues.get(JOB_QUEUE[schedule.job]);
      try {
        await queue.upsertJobScheduler(
          schedule.id,
          schedule.every
            ? { every: schedule.every }
            : { pattern: schedule.pattern, tz: this.config.zoneTimeZone },
          { name: schedule.job, data: {}, opts: jobOptions(schedule.job) },
        );
      } catch (error) {
        // no scheduler at all would mean the schedule is lost: that must not boot quietly
        if (!(await queue.getJobScheduler(schedule.id).catch(() => undefined))) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Scheduler ${schedule.id} left as it is: ${reason}`);
      }
    }
  }

  /**
   * Lights go stale while no worker runs: evaluate once at boot rather than at the next :05. The
   * job id carries the zone's date and hour, so workers booting together run it once.
   */
  private async evaluateNow() {
    const now = this.clock.now();
    const hour = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.config.zoneTimeZone,
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(now);
    const jobId = `rule-evaluation-boot-${dateInZone(now, this.config.zoneTimeZone)}-${hour}`;
    await this.queues
      .get(QueueName.Supervision)
      .add(JobName.RuleEvaluation, {}, jobOptions(JobName.RuleEvaluation, { jobId }));
  }

  private async assertDurable() {
    const redis = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const { problems } = await checkDurability(redis);
      if (!problems.length) return;
      const message = `Redis durability: ${problems.join('; ')}`;
      if (this.config.redisRequireDurable) {
        throw new Error(`${message} (REDIS_REQUIRE_DURABLE=true: refusing to start)`);
      }
      this.logger.warn(message);
    } finally {
      redis.disconnect();
    }
  }
}

/** The enqueuing request's correlation id when the outbox kept one, else the job's own id. */
function jobCorrelationId(job: Job): string {
  const given = (job.data as { correlationId?: unknown } | undefined)?.correlationId;
  return typeof given === 'string' && given ? given : `job:${job.id}`;
}
