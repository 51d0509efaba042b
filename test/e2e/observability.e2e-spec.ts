import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { freePort, type ServiceProcess, spawnService } from '../support/processes.js';
import { deleteKeys } from '../support/redis-keys.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix, REDIS_URL } from '../support/test-env.js';
import { waitFor } from '../support/wait.js';

const ADMIN = { email: 'admin@obs.example', password: 'obs-admin-password-1' };

interface LogLine {
  time: string;
  level: string;
  msg: string;
  context?: string;
  correlationId?: string;
  userId?: string;
  [key: string]: unknown;
}

/** Every line the service wrote: each must be one JSON object. */
function logLines(service: ServiceProcess): LogLine[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

/** The value of one series in a Prometheus exposition, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * The service as deployed (a child process, stdout captured): JSON log lines carrying the
 * correlation id of their request or job, and Prometheus metrics on a port of their own.
 */
describe('observability', () => {
  let name: string;
  let api: ServiceProcess;
  let origin: string;
  let metricsUrl: string;
  let token: string;
  let adminId: string;
  let env: Record<string, string>;
  const prefix = `${queuePrefix()}-obs`;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    name = await createTestDatabase();
    const [port, metricsPort] = [await freePort(), await freePort()];
    env = {
      DATABASE_URL: databaseUrl(name),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      EVALUATE_ON_BOOT: 'false',
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
    api = await spawnService(
      { ...env, APP_ROLES: 'api,worker', PORT: String(port), METRICS_PORT: String(metricsPort) },
      /API on http/,
    );
    cleanups.push(async () => {
      api.kill('SIGTERM');
      await api.exited;
    });
    origin = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'obs-login-0001' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const me = await fetch(`${origin}/api/v1/users?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    adminId = ((await me.json()) as { items: { id: string }[] }).items[0].id;
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.toReversed()) await cleanup();
    await dropTestDatabase(name);
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
  });

  const get = (path: string, requestId: string) =>
    fetch(`${origin}${path}`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId },
    });

  it('writes JSON lines, one per request with its correlation id, route, status and user', async () => {
    const response = await get('/api/v1/projects?limit=5', 'obs-list-0001');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('obs-list-0001');
    const line = await waitFor(
      async () => logLines(api).find((l) => l.correlationId === 'obs-list-0001'),
      (l) => l !== undefined,
    );
    expect(line).toMatchObject({
      level: 'info',
      context: 'HTTP',
      method: 'GET',
      route: '/api/v1/projects',
      status: 200,
      correlationId: 'obs-list-0001',
      userId: adminId,
    });
    expect(new Date(line!.time).toISOString()).toBe(line!.time);
    expect(typeof line!.ms).toBe('number');
    // the boot lines are JSON too, with their context
    expect(logLines(api)).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'Worker', msg: expect.any(String) }),
    );
  });

  it('never writes the password, the token or the Authorization header', async () => {
    // a query-string token (the queue dashboard takes one) must not reach the log either
    await get(`/api/v1/no-such-route?token=${token}`, 'obs-secret-0001');
    await waitFor(
      async () => logLines(api).some((l) => l.correlationId === 'obs-secret-0001'),
      (found) => found,
    );
    const output = api.output();
    expect(output).toContain('obs-login-0001');
    expect(output).not.toContain(ADMIN.password);
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]);
    expect(output.toLowerCase()).not.toContain('bearer ');
  });

  it('logs a job under the correlation id of the request that enqueued it', async () => {
    const response = await fetch(`${origin}/api/v1/jobs/reminder-scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'obs-scan-0001' },
    });
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    const jobLine = await waitFor(
      async () => logLines(api).find((l) => l.context === 'Worker' && l.jobId === jobId),
      (l) => l !== undefined,
      20_000,
    );
    expect(jobLine).toMatchObject({
      level: 'info',
      correlationId: 'obs-scan-0001',
      queue: QueueName.Reminders,
      job: 'reminder-scan',
    });
  });

  it('serves Prometheus metrics: latency by route template, queue depths, failed jobs', async () => {
    const missing = randomUUID();
    expect((await get(`/api/v1/projects/${missing}`, 'obs-get-0001')).status).toBe(404);
    // a job nobody handles fails in the worker (one try)
    const queue = new Queue(QueueName.Reminders, {
      connection: redisConnection(REDIS_URL, 'producer'),
      prefix,
    });
    cleanups.push(() => queue.close());
    await queue.add('obs-unknown-job', {}, { attempts: 1, jobId: 'obs-fails-1' });

    const failed = 'jobs_failed_total{queue="reminders",name="obs-unknown-job"}';
    const text = await waitFor(
      async () => (await fetch(metricsUrl)).text(),
      (t) => sample(t, failed) === 1,
      20_000,
      200,
    );
    expect(sample(text, failed)).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/api/v1/projects/:id",status="404"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/api/v1/projects",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // the template, never the URL: ids do not make series
    expect(text).not.toContain(missing);
    expect(text).toContain('route="unmatched"');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sample(text, 'queue_jobs{queue="reminders",state="failed"}')).toBe(1);
    expect(sample(text, 'queue_jobs{queue="email",state="waiting"}')).toBe(0);
    expect(sample(text, 'queue_jobs{queue="imports",state="active"}')).toBe(0);
    expect(
      sample(text, 'jobs_completed_total{queue="reminders",name="reminder-scan"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'outbox_pending')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
  });

  it('keeps /metrics off the public port, and serves nothing else on its own', async () => {
    const publicMetrics = await fetch(`${origin}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(await publicMetrics.text()).not.toContain('http_request_duration_seconds');
    const elsewhere = await fetch(metricsUrl.replace('/metrics', '/api/v1/projects'));
    expect(elsewhere.status).toBe(404);
    const post = await fetch(metricsUrl, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('gives a worker-only process (no API port) a metrics listener too', async () => {
    const metricsPort = await freePort();
    const worker = await spawnService(
      { ...env, APP_ROLES: 'worker', METRICS_PORT: String(metricsPort) },
      /Processing reminders/,
    );
    try {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(sample(text, 'queue_jobs{queue="reminders",state="failed"}')).toBe(1);
      expect(text).toContain('# TYPE jobs_failed_total counter');
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(logLines(worker).length).toBeGreaterThan(0);
    } finally {
      worker.kill('SIGTERM');
      await worker.exited;
    }
  }, 60_000);
});
