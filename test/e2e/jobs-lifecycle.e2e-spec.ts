import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/time/clock.js';
import { loadConfig } from '../../src/config/app.config.js';
import { JobHandlerRegistry } from '../../src/jobs/job-handlers.js';
import { JobName } from '../../src/jobs/job-name.js';
import { jobOptions } from '../../src/jobs/job-options.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { QueueRegistry } from '../../src/jobs/queue-registry.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { WorkerRunner } from '../../src/jobs/worker-runner.js';
import { Metrics } from '../../src/observability/metrics.js';
import { SupervisionEscalationService } from '../../src/workflow/supervision/supervision-escalation.service.js';
import { startPrivateRedis } from '../support/processes.js';
import { createTestApp, createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix } from '../support/test-env.js';

describe('the worker at boot and at shutdown', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.toReversed()) await cleanup();
  });

  async function bootWorker(redisUrl: string, env: Record<string, string> = {}) {
    const name = await createTestDatabase();
    cleanups.push(() => dropTestDatabase(name));
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        loadConfig({
          NODE_ENV: 'test',
          APP_ROLES: 'worker',
          DATABASE_URL: databaseUrl(name),
          REDIS_URL: redisUrl,
          QUEUE_PREFIX: `${queuePrefix()}-boot`,
          DB_MIGRATE_ON_BOOT: 'false',
          EVALUATE_ON_BOOT: 'false',
          ...env,
        }),
      ),
      { logger: false },
    );
    return app;
  }

  it('refuses to start on a Redis without persistence when REDIS_REQUIRE_DURABLE=true', async () => {
    const redis = await startPrivateRedis({ appendonly: false, maxmemoryPolicy: 'allkeys-lru' });
    cleanups.push(() => redis.destroy());
    // what the worker does first at boot; main() prints the error and exits 1
    const config = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `${queuePrefix()}-boot`,
      REDIS_REQUIRE_DURABLE: 'true',
    });
    const queues = new QueueRegistry(config);
    const runner = new WorkerRunner(
      config,
      new JobHandlerRegistry(),
      queues,
      new Clock(),
      new Metrics(),
    );
    await expect(runner.onApplicationBootstrap()).rejects.toThrow(
      /appendonly no.*maxmemory-policy allkeys-lru.*REDIS_REQUIRE_DURABLE=true: refusing to start/s,
    );
    await queues.onApplicationShutdown();
  });

  it('starts on a durable Redis (AOF, noeviction) with REDIS_REQUIRE_DURABLE=true', async () => {
    const redis = await startPrivateRedis({ appendonly: true, maxmemoryPolicy: 'noeviction' });
    cleanups.push(() => redis.destroy());
    const app = await bootWorker(redis.url, { REDIS_REQUIRE_DURABLE: 'true' });
    // it got past the check: its schedulers are in that Redis
    const schedulers = await app.get(QueueRegistry).get(QueueName.Supervision).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['rule-evaluation-hourly']);
    await app.close();
  });

  it('on shutdown takes no new job and lets the one in hand finish', async () => {
    const t = await createTestApp({ APP_ROLES: 'api,worker' });
    cleanups.push(() => t.close().catch(() => undefined));
    let finished = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    jest.spyOn(t.app.get(SupervisionEscalationService), 'run').mockImplementation(async () => {
      started();
      await new Promise((r) => setTimeout(r, 1_500));
      finished = true;
      return { evaluatedProjects: 0, opened: [] };
    });
    const queue = t.app.get(QueueRegistry).get(QueueName.Supervision);
    const job = await queue.add(JobName.RuleEvaluation, {}, jobOptions(JobName.RuleEvaluation));
    await running;
    const closing = Date.now();
    await t.app.close();
    expect(finished).toBe(true);
    expect(Date.now() - closing).toBeLessThan(5_000);
    // read the outcome with a connection of our own: the app's are closed
    const reader = new Queue(QueueName.Supervision, {
      connection: redisConnection(t.config.redisUrl, 'producer'),
      prefix: t.config.queuePrefix,
    });
    try {
      expect(await (await reader.getJob(job.id as string))?.getState()).toBe('completed');
    } finally {
      await reader.close();
    }
  });
});
