import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '../common/auth/auth.guard.js';
import { Db } from '../common/database/db.service.js';
import { CommonErrorCode } from '../common/errors/error-code.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { verifyPassword } from '../users/password.js';
import type { Role } from '../users/user.entity.js';
import type { LoginDto, TokenResponse } from './dto/login.dto.js';
import { LoginRateLimiter } from './login-rate-limiter.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, ip: string): Promise<TokenResponse> {
    const wait = await this.limiter.retryAfter(ip, dto.email);
    if (wait > 0) {
      throw new DomainException(
        429,
        CommonErrorCode.RateLimited,
        `Too many failed logins; retry in ${wait} s`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
    const user = await this.db.one<{ id: string; role: Role; passwordHash: string }>(
      `SELECT id, role, password_hash AS "passwordHash" FROM users
        WHERE email = $1 AND deactivated_at IS NULL`,
      [dto.email],
    );
    if (!(await verifyPassword(user?.passwordHash ?? null, dto.password)) || !user) {
      await this.limiter.recordFailure(ip, dto.email);
      throw DomainException.unauthorized('Wrong email or password');
    }
    await this.limiter.reset(ip, dto.email);
    const claims: AccessTokenClaims = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.expiresInSeconds };
  }
}
