import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { REDIS } from '../common/redis/redis.module.js';

// A source address may fail this many times more than one account before it is slowed down too.
const PER_IP_FACTOR = 6;

/**
 * Counts failed logins per (address, email) and per address in a fixed window, in Redis so every
 * API replica shares the count. While Redis is down it counts in this process instead: login keeps
 * working and stays limited.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger('LoginRateLimiter');
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(ip: string, email: string) {
    return [
      { key: `login-fail:${ip}:${email}`, max: this.config.login.maxFailures },
      { key: `login-fail:${ip}`, max: this.config.login.maxFailures * PER_IP_FACTOR },
    ];
  }

  /** Seconds to wait when the caller is over the limit, else 0. */
  async retryAfter(ip: string, email: string): Promise<number> {
    let wait = 0;
    for (const { key, max } of this.keys(ip, email)) {
      const { count, ttl } = await this.read(key);
      if (count >= max) wait = Math.max(wait, ttl);
    }
    return wait;
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    for (const { key } of this.keys(ip, email)) await this.increment(key);
  }

  async reset(ip: string, email: string): Promise<void> {
    const [{ key }] = this.keys(ip, email);
    this.local.delete(key);
    await this.redis.del(key).catch(() => undefined);
  }

  private async read(key: string): Promise<{ count: number; ttl: number }> {
    try {
      const replies = await this.redis.multi().get(key).ttl(key).exec();
      if (!replies) throw new Error('transaction aborted');
      const [[, count], [, ttl]] = replies as [Error | null, unknown][];
      return { count: Number(count ?? 0), ttl: Math.max(1, Number(ttl)) };
    } catch {
      const entry = this.localEntry(key);
      return {
        count: entry?.count ?? 0,
        ttl: Math.ceil(((entry?.resetAt ?? 0) - Date.now()) / 1000),
      };
    }
  }

  private async increment(key: string): Promise<void> {
    const window = this.config.login.windowSeconds;
    try {
      // NX keeps the window fixed from the first failure
      await this.redis.multi().incr(key).expire(key, window, 'NX').exec();
    } catch (error) {
      this.logger.warn(`Redis unavailable, counting login failures in-process: ${String(error)}`);
      const entry = this.localEntry(key) ?? { count: 0, resetAt: Date.now() + window * 1000 };
      entry.count += 1;
      this.local.set(key, entry);
    }
  }

  private localEntry(key: string) {
    const entry = this.local.get(key);
    if (entry && entry.resetAt <= Date.now()) {
      this.local.delete(key);
      return undefined;
    }
    return entry;
  }
}
