import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrorCode, ERROR_LIMITS, type ErrorBody, type FieldError } from './error-code.js';
import { DomainException } from './domain.exception.js';
import { fromDatabaseError } from './database-error.mapper.js';

const CODE_BY_STATUS: Record<number, string> = {
  400: CommonErrorCode.ValidationFailed,
  401: CommonErrorCode.Unauthorized,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  409: CommonErrorCode.Conflict,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: CommonErrorCode.RateLimited,
  503: CommonErrorCode.ServiceUnavailable,
};

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrorCode.MalformedJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrorCode.MalformedJson,
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrorCode.UnsupportedMediaType,
};

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * An error names what the client sent (unknown fields, the URL): a body of 100,000 unknown keys
 * or a key of a megabyte must not come back whole. The limits are those of ErrorResponse.
 */
function clipDetails(details: FieldError[]): FieldError[] {
  const kept: FieldError[] = [];
  // a detail may say more (an import's row and column): that stays
  for (const detail of details.slice(0, ERROR_LIMITS.details)) {
    kept.push({
      ...detail,
      field: clip(detail.field, ERROR_LIMITS.field),
      message: clip(detail.message, ERROR_LIMITS.message),
    });
  }
  return kept;
}

/** Every error leaves in one shape: {status, code, message, details?, correlationId}. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const domain = this.toDomain(exception, request);
    const body: ErrorBody = {
      status: domain.status,
      code: domain.code,
      message: clip(domain.message, ERROR_LIMITS.message),
      ...(domain.details ? { details: clipDetails(domain.details) } : {}),
      correlationId: String(request.id),
    };
    const line = `${request.method} ${request.url} -> ${domain.status} ${domain.code} [${request.id}]`;
    if (domain.code === CommonErrorCode.Internal) {
      // unexpected: the stack is what someone will need
      this.logger.error(line, exception instanceof Error ? exception.stack : String(exception));
    } else if (domain.status >= 500) {
      // known outages (database down, not ready): one line, no stack
      this.logger.warn(`${line}: ${domain.message}`);
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(domain.headers ?? {})) reply.header(name, value);
    reply.status(domain.status).header('content-type', 'application/json; charset=utf-8');
    reply.send(body);
  }

  private toDomain(exception: unknown, request: FastifyRequest): DomainException {
    if (exception instanceof DomainException) return exception;
    const fromDb = fromDatabaseError(exception);
    if (fromDb) return fromDb;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const cause = (exception as { cause?: { code?: string } }).cause;
      const code = FASTIFY_CODES[cause?.code ?? ''] ?? CODE_BY_STATUS[status] ?? `HTTP_${status}`;
      if (status === 404 && !cause) {
        return new DomainException(
          404,
          CommonErrorCode.RouteNotFound,
          `No route ${request.method} ${request.url.split('?')[0]}`,
        );
      }
      const message =
        code === CommonErrorCode.MalformedJson
          ? 'The request body is not valid JSON'
          : code === CommonErrorCode.PayloadTooLarge
            ? 'The request body is larger than the 1 MB limit'
            : code === CommonErrorCode.UnsupportedMediaType
              ? 'Send the request body as application/json'
              : exception.message;
      return new DomainException(status, code, message);
    }
    return new DomainException(500, CommonErrorCode.Internal, 'Internal server error');
  }
}
