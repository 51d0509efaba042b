import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';
import { type RequestContext, runWithContext } from './request-context.js';

const CONTEXT = Symbol('requestContext');
const QUIET_ROUTES = new Set(['/health', '/health/ready']);

type WithContext = FastifyRequest & { [CONTEXT]?: RequestContext };

/**
 * Per request: the correlation id (and, once the guard knows it, the user id) in the async
 * context, so every line logged while serving it carries them; then one access-log line and one
 * observation of the latency histogram, labelled by the route template, never the raw URL.
 */
export function instrumentHttp(fastify: FastifyInstance, metrics: Metrics): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (request, _reply, done) => {
    const ctx: RequestContext = { correlationId: String(request.id) };
    (request as WithContext)[CONTEXT] = ctx;
    runWithContext(ctx, done);
  });
  // the body is read on socket events, outside the context entered at onRequest: enter it again
  // right before the handler (Nest's guards, pipes and controllers run inside it)
  fastify.addHook('preHandler', (request, _reply, done) => {
    const ctx = (request as WithContext)[CONTEXT];
    if (ctx) runWithContext(ctx, done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // unmatched URLs share one label: a scan of random paths must not grow the series
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(status) },
      ms / 1000,
    );
    const userId = (request as { actor?: { id?: string } }).actor?.id;
    // the message names what was asked (never the query string: it may hold a token)
    const path = request.routeOptions.url ?? request.url.split('?')[0];
    const line = {
      msg: `${request.method} ${path} ${status} ${Math.round(ms)} ms`,
      method: request.method,
      route,
      status,
      ms: Math.round(ms * 10) / 10,
      correlationId: String(request.id),
      ...(userId ? { userId } : {}),
    };
    if (QUIET_ROUTES.has(route)) logger.debug(line);
    else logger.log(line);
    done();
  });
}
