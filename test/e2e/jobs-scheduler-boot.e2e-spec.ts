import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppModule } from '../../src/app.module.js';
import { type AppConfig, loadConfig } from '../../src/config/app.config.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix } from '../support/test-env.js';

const SCHEDULER = 'weekly-reports-monday';

describe('a worker booting while the next run of a schedule is held by a dead worker', () => {
  let name: string;
  let config: AppConfig;

  beforeAll(async () => {
    name = await createTestDatabase();
    config = loadConfig({
      NODE_ENV: 'test',
      APP_ROLES: 'worker',
      DATABASE_URL: databaseUrl(name),
      QUEUE_PREFIX: `${queuePrefix()}-sched`,
      DB_MIGRATE_ON_BOOT: 'false',
      EVALUATE_ON_BOOT: 'false',
    });
  });
  afterAll(() => dropTestDatabase(name));

  const bootWorker = async () => {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: false,
    });
    await app.init();
    return app;
  };

  it('boots and keeps the scheduler', async () => {
    const connection = redisConnection(config.redisUrl, 'producer');
    const reports = new Queue(QueueName.Reports, { connection, prefix: config.queuePrefix });
    const holder = new Worker(QueueName.Reports, null, {
      connection: redisConnection(config.redisUrl, 'worker'),
      prefix: config.queuePrefix,
      autorun: false,
      lockDuration: 60_000,
    });
    try {
      await (await bootWorker()).close();
      const next = (await reports.getDelayed()).find((j) =>
        String(j.id).startsWith(`repeat:${SCHEDULER}:`),
      );
      expect(next).toBeDefined();
      // the Monday run taken early (promoted from the queue dashboard) by a worker that then died,
      // with no later run queued yet: the state the crash-loop fault scenario ends in
      await next!.promote();
      const taken = await holder.getNextJob('dead-worker');
      expect(taken?.id).toBe(next!.id);
      // (BullMQ queues the run after it as it hands one out; a run promoted before its time can
      // find that slot to be its own and queue nothing: dropped here by hand to reach that state)
      const redis = new Redis(config.redisUrl);
      for (const job of await reports.getDelayed()) {
        if (!String(job.id).startsWith(`repeat:${SCHEDULER}:`)) continue;
        await redis.zrem(reports.toKey('delayed'), job.id!);
        await redis.del(reports.toKey(job.id!));
      }
      await redis.quit();
      expect(
        (await reports.getDelayed()).filter((j) => String(j.id).startsWith(`repeat:${SCHEDULER}:`)),
      ).toEqual([]);
      expect(await reports.getJobState(next!.id!)).toBe('active');

      // BullMQ refuses the scheduler's update (SchedulerJobIdCollision): the boot goes on
      const app = await bootWorker();
      await app.close();
      expect((await reports.getJobScheduler(SCHEDULER))?.key).toBe(SCHEDULER);
    } finally {
      await holder.close();
      await reports.obliterate({ force: true });
      await reports.close();
    }
  });
});
