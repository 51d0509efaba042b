import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorLoader } from '../common/auth/actor.loader.js';
import type { AccessTokenClaims } from '../common/auth/auth.guard.js';
import { CommonErrorCode, type ErrorBody } from '../common/errors/error-code.js';
import { QueueRegistry } from './queue-registry.js';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'zone_queues_token';

function tokenOf(request: FastifyRequest): { token?: string; fromQuery: boolean } {
  const header = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (header) return { token: header, fromQuery: false };
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === 'string') return { token: query, fromQuery: true };
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  return { token: cookie, fromQuery: false };
}

/**
 * Bull Board at /admin/queues, for admins only. A browser opens it once with `?token=<access
 * token>`; the token then lives in an HttpOnly cookie scoped to this path for the pages' assets.
 * API clients may send `Authorization: Bearer` instead.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BoardAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueRegistry)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
  });
  const jwt = app.get(JwtService);
  const actors = app.get(ActorLoader);

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: 401 | 403) => {
    const body: ErrorBody = {
      status,
      code: status === 401 ? CommonErrorCode.Unauthorized : CommonErrorCode.Forbidden,
      message: status === 401 ? 'An admin token is required' : 'Admins only',
      correlationId: String(request.id),
    };
    return reply.status(status).header('content-type', 'application/json').send(body);
  };

  await app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          const { token, fromQuery } = tokenOf(request);
          if (!token) return refuse(request, reply, 401);
          let claims: AccessTokenClaims & { exp?: number };
          try {
            claims = await jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token);
          } catch {
            return refuse(request, reply, 401);
          }
          const actor = await actors.load(claims.sub);
          if (!actor) return refuse(request, reply, 401);
          if (actor.role !== 'admin') return refuse(request, reply, 403);
          if (fromQuery) {
            const maxAge = Math.max(0, (claims.exp ?? 0) - Math.floor(Date.now() / 1000));
            reply.header(
              'set-cookie',
              `${COOKIE}=${token}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`,
            );
          }
        });
        await scope.register(board.registerPlugin());
      },
      { prefix: DASHBOARD_PATH },
    );
}
