import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { hashTagOf } from '../../src/jobs/queue-prefix.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { makeReminderWorld, makeItem } from '../factories/reminder-factories.js';
import { makePark, makeUser, type UserRow } from '../factories/factories.js';
import { waitForJob } from '../factories/report-factories.js';
import { as } from '../support/http.js';
import { deleteKeys } from '../support/redis-keys.js';
import { type PrivateRedis, startPrivateRedis } from '../support/processes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { queuePrefix } from '../support/test-env.js';

async function allKeys(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/**
 * The API and a worker on a Redis Cluster node (one node holding every slot: it refuses
 * cross-slot scripts and commands as any cluster does). Jobs run to completion, and every key the
 * service made carries the prefix's hash tag and sits in one slot.
 */
describe('Redis keys on Redis Cluster', () => {
  let redis: PrivateRedis;
  let client: Redis;
  let t: TestApp;
  let admin: UserRow;

  beforeAll(async () => {
    redis = await startPrivateRedis({ cluster: true });
    client = new Redis(redis.url);
    t = await createTestApp({ APP_ROLES: 'api,worker', REDIS_URL: redis.url });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
    client?.disconnect();
    await redis?.destroy();
  });

  it('refuses an untagged prefix: the node really checks slots (control)', async () => {
    const queue = new Queue(QueueName.Reminders, {
      connection: redisConnection(redis.url, 'producer'),
      prefix: 'zone-untagged',
    });
    try {
      await expect(queue.add('probe', {})).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await queue.close();
      await deleteKeys(client, 'zone-untagged*'); // the queue's meta key, written before the add
    }
  });

  it('runs the jobs, and every key the service made shares the slot of its hash tag', async () => {
    expect(t.config.queuePrefix).toBe(`${queuePrefix()}-${t.databaseName.slice(-8)}`);
    const tag = hashTagOf(t.config.queuePrefix);
    expect(tag).toMatch(/^zt-/);

    // a reminder to send, a weekly report to build, failed logins to count
    const world = await makeReminderWorld(t.db);
    await makeItem(t.db, world, 'milestone', dateInZone(new Date(), t.config.zoneTimeZone));
    const park = await makePark(t.db);
    const scan = await as(t, admin).post('/jobs/reminder-scan').expect(202);
    const report = await as(t, admin)
      .post('/reports/weekly', { week: '2026-W22', parkId: park.id })
      .expect(202);
    for (const { body } of [scan, report]) {
      expect(await waitForJob(t, admin, body.jobId)).toMatchObject({ state: 'completed' });
    }
    for (let i = 0; i < 2; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: admin.email, password: 'not-the-password' })
        .expect(401);
    }
    const { rows } = await t.db.query(
      `SELECT (SELECT count(*)::int FROM reminders) AS reminders,
      (SELECT count(*)::int FROM reports WHERE park_id = $1) AS reports`,
      [park.id],
    );
    expect(rows[0]).toEqual({ reminders: 1, reports: 1 });

    const keys = await allKeys(client);
    // what the service made: queues (jobs, schedulers, events), login counters
    for (const part of [
      ':reminders:',
      ':reports:',
      ':supervision:',
      ':dashboards:',
      ':login-fail:',
    ]) {
      expect(keys.some((key) => key.includes(part))).toBe(true);
    }
    const strays = keys.filter((key) => hashTagOf(key) !== tag);
    expect(strays).toEqual([]);
    const slots = new Set(
      await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key) as Promise<number>)),
    );
    expect(slots.size).toBe(1);
  }, 60_000);
});
