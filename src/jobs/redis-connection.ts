import type { ConnectionOptions } from 'bullmq';

/**
 * Connection options from REDIS_URL. Producers fail fast when Redis is down (the outbox keeps
 * the job); workers wait for it forever (BullMQ requires maxRetriesPerRequest: null there).
 */
export function redisConnection(redisUrl: string, role: 'producer' | 'worker'): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 2_000,
    ...(role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false }
      : { maxRetriesPerRequest: null }),
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}
