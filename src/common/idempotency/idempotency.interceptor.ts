import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, of, throwError } from 'rxjs';
import { Db } from '../database/db.service.js';
import { DomainException } from '../errors/domain.exception.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

export enum IdempotencyErrorCode {
  /** the key was first used with another body or on another route */
  KeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** the first request with the key is still running after the wait */
  KeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
}

/** Visible ASCII, as in the IETF draft's examples (UUIDs, random tokens). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** A key's reply is kept this long; an older row is free to claim again. */
export const KEY_TTL_SECONDS = 24 * 3600;
/** A claim this old without a reply belonged to a process that died: it may be taken over. */
const ABANDONED_SECONDS = 120;
/** How long a concurrent request with the same key waits for the first one's reply. */
const WAIT_MS = 15_000;
const POLL_MS = 20;
/** One claim in this many also sweeps expired keys. */
const SWEEP_EVERY = 200;

interface KeyRow {
  route: string;
  requestHash: string | null;
  status: number | null;
  response: string | null;
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; response: string };

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on every POST of a signed-in user. The first request with a key claims it
 * (one INSERT … ON CONFLICT DO NOTHING: exactly one of any number of concurrent requests wins)
 * and runs; its reply (status and JSON body) is stored under the key. Any other request with the
 * key — concurrent or later — waits for that reply and gets it back unchanged, with
 * `Idempotent-Replayed: true`, without running the handler again. The same key with another body
 * or on another route is 422. A first request that fails (4xx or 5xx) releases its key, so the
 * caller can fix the request and retry with it. Keys are per user and last a day.
 *
 * Multipart uploads accept the header too; their body is not hashed (it is streamed to the
 * handler), so a different file under a used key replays the first reply.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private claims = 0;

  constructor(private readonly db: Db) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || raw === undefined || !request.actor) return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (Array.isArray(raw) && raw.length > 1) {
      throw DomainException.validation('Idempotency-Key', 'must be sent once');
    }
    if (!KEY_PATTERN.test(key)) {
      throw DomainException.validation(
        'Idempotency-Key',
        'must be 1 to 255 visible ASCII characters (a UUID is a good key)',
      );
    }
    const reply = http.getResponse<FastifyReply>();
    const userId = request.actor.id;
    const route = `POST ${request.url.split('?')[0]}`.slice(0, 500);
    const isMultipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
    const requestHash = isMultipart
      ? null
      : createHash('sha256')
          .update(`${request.url}\n${canonicalJson(request.body ?? null)}`)
          .digest('hex');

    return from(this.claim(userId, key, route, requestHash)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          reply.status(claim.status).header(REPLAYED_HEADER, 'true');
          return of(JSON.parse(claim.response) as unknown);
        }
        return next.handle().pipe(
          mergeMap((body) =>
            from(this.complete(userId, key, reply.statusCode, body)).pipe(mergeMap(() => of(body))),
          ),
          catchError((error: unknown) =>
            from(this.release(userId, key)).pipe(mergeMap(() => throwError(() => error))),
          ),
        );
      }),
    );
  }

  private async claim(
    userId: string,
    key: string,
    route: string,
    requestHash: string | null,
  ): Promise<Claim> {
    if (++this.claims % SWEEP_EVERY === 0) void this.sweep();
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      // a new key, or one expired or abandoned, is ours; any other row is someone's reply
      const won = await this.db.one(
        `INSERT INTO idempotency_keys (user_id, key, route, request_hash)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO UPDATE
            SET route = EXCLUDED.route, request_hash = EXCLUDED.request_hash, status = NULL,
                response = NULL, created_at = now(), completed_at = NULL
          WHERE idempotency_keys.created_at < now() - make_interval(secs => $5)
             OR (idempotency_keys.status IS NULL
                 AND idempotency_keys.created_at < now() - make_interval(secs => $6))
         RETURNING 1`,
        [userId, key, route, requestHash, KEY_TTL_SECONDS, ABANDONED_SECONDS],
      );
      if (won) return { kind: 'claimed' };
      const row = await this.db.one<KeyRow>(
        `SELECT route, request_hash AS "requestHash", status, response
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (!row) continue; // the first request failed and let go: try again
      if (row.route !== route || row.requestHash !== requestHash) {
        throw new DomainException(
          422,
          IdempotencyErrorCode.KeyReused,
          'This Idempotency-Key was already used with a different request; use a new key',
        );
      }
      if (row.status !== null && row.response !== null) {
        return { kind: 'replay', status: row.status, response: row.response };
      }
      if (Date.now() > deadline) {
        throw DomainException.conflict(
          'A request with this Idempotency-Key is still being processed; retry later',
          IdempotencyErrorCode.KeyInProgress,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async complete(userId: string, key: string, status: number, body: unknown) {
    await this.db.query(
      `UPDATE idempotency_keys SET status = $3, response = $4, completed_at = now()
        WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(userId: string, key: string) {
    await this.db
      .query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL`, [
        userId,
        key,
      ])
      .catch(() => undefined); // the database being gone is the error already on its way
  }

  private async sweep() {
    await this.db
      .query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)`, [
        KEY_TTL_SECONDS,
      ])
      .catch(() => undefined);
  }
}

type OpenAPIObject = ReturnType<typeof SwaggerModule.createDocument>;
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['post']>;

/**
 * Adds the `Idempotency-Key` header and its 422 to every POST of the document that needs a
 * token (the public ones — sign-in — have no user to keep keys for).
 */
export function documentIdempotencyKeys(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const post: OperationObject | undefined = item.post;
    if (!post || (post.security ?? document.security ?? []).length === 0) continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: the first request with a key runs, every other one with the same ' +
          'key and body gets its reply back (header Idempotent-Replayed: true) without running ' +
          'again. Per user, kept for a day. The same key with another body: 422.',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
      },
    ];
    post.responses = {
      ...post.responses,
      '422': (post.responses ?? {})['422'] ?? {
        description: 'The Idempotency-Key was already used with a different request',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
        },
      },
    };
  }
}
