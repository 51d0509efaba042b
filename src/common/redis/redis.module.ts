import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app.config.js';

export const REDIS = Symbol('REDIS');

/** Options for a client that fails fast when Redis is down instead of queueing forever. */
export function redisOptions() {
  return {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown() {
    // quit() on a client that never connected would wait for a reconnect that may not come
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared client for the API's own keys (rate limits, health); queues have their own. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const client = new Redis(config.redisUrl, {
              ...redisOptions(),
              keyPrefix: `${config.queuePrefix}:`,
            });
            client.on('error', () => undefined); // surfaced by health and by each failing call
            return client;
          },
        },
        RedisCloser,
      ],
      exports: [REDIS],
    };
  }
}
