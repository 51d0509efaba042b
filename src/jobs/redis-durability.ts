import type { Redis } from 'ioredis';

export interface Durability {
  appendonly: string | null;
  maxmemoryPolicy: string | null;
  problems: string[];
}

/**
 * Whether Redis keeps queued jobs across a restart and under memory pressure: AOF on, and no
 * eviction. CONFIG may be disabled (managed Redis): then we cannot tell, and say so.
 */
export async function checkDurability(redis: Redis): Promise<Durability> {
  const read = async (key: string) => {
    try {
      const reply = (await redis.config('GET', key)) as string[];
      return reply[1] ?? null;
    } catch {
      return null;
    }
  };
  const appendonly = await read('appendonly');
  const maxmemoryPolicy = await read('maxmemory-policy');
  const problems: string[] = [];
  if (appendonly === null || maxmemoryPolicy === null) {
    problems.push('cannot read the Redis configuration (CONFIG GET is not allowed)');
  }
  if (appendonly !== null && appendonly !== 'yes') {
    problems.push('Redis has no persistence (appendonly no): queued jobs are lost on a restart');
  }
  if (maxmemoryPolicy !== null && maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `Redis evicts keys under memory pressure (maxmemory-policy ${maxmemoryPolicy}): set noeviction`,
    );
  }
  return { appendonly, maxmemoryPolicy, problems };
}
