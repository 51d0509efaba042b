import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../users/user.entity.js';
import { DomainException } from '../errors/domain.exception.js';
import { currentContext } from '../../observability/request-context.js';
import { ActorLoader } from './actor.loader.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AccessTokenClaims {
  sub: string;
  role: Role;
}

/**
 * One global guard: a valid bearer token (HS256 only, our issuer and audience, not expired) for
 * an active user, then the role rule of the route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly actors: ActorLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();

    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(header);
    if (!match) throw DomainException.unauthorized();
    let claims: AccessTokenClaims;
    try {
      // HS256 only, our issuer and audience: the options registered in AccessModule
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1]);
    } catch {
      throw DomainException.unauthorized('The token is invalid or expired');
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
      throw DomainException.unauthorized('The token is invalid or expired');
    }
    const record = await this.actors.load(claims.sub);
    if (!record)
      throw DomainException.unauthorized('The account no longer exists or is deactivated');
    request.actor = { ...record, correlationId: String(request.id) };
    // the lines logged from here on name the user
    const logContext = currentContext();
    if (logContext) logContext.userId = record.id;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (record.role === 'admin') return true;
    if (roles) {
      if (!roles.includes(record.role)) throw DomainException.forbidden();
    } else if (record.role === 'viewer' && !READ_METHODS.has(request.method)) {
      throw DomainException.forbidden('Viewers may only read');
    }
    return true;
  }
}
