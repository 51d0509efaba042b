import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { Public } from '../common/auth/auth.decorators.js';
import { Db } from '../common/database/db.service.js';
import { CommonErrorCode } from '../common/errors/error-code.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { REDIS } from '../common/redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1_500;

class HealthResponse {
  @ApiProperty({ example: 'ok' })
  status: string;

  @ApiProperty({ example: { postgres: 'up', redis: 'up' }, required: false })
  checks?: Record<string, 'up' | 'down'>;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponse })
  live(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer; 503 names what is down' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: ErrorResponse })
  async ready(): Promise<HealthResponse> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.db.query('SELECT 1')).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      withTimeout(this.redis.ping()).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const checks = { postgres, redis };
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    if (down.length) {
      throw new DomainException(
        503,
        CommonErrorCode.ServiceUnavailable,
        `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`,
        down.map((name) => ({ field: name, message: 'down' })),
      );
    }
    return { status: 'ok', checks };
  }
}
