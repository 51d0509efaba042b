import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { CommonErrorCode, type ErrorBody } from './common/errors/error-code.js';
import { buildOpenApiDocument } from './common/http/openapi-document.js';
import { AppValidationPipe } from './common/validation/body-validation.pipe.js';
import { mountQueueDashboard } from './jobs/queue-dashboard.js';
import { createAppLogger } from './observability/app-logger.js';
import { instrumentHttp } from './observability/http-observability.js';
import { Metrics } from './observability/metrics.js';
import type { AppConfig } from './config/app.config.js';

export const API_PREFIX = 'api/v1';
const GLOBAL_PREFIX_OPTIONS = { exclude: ['health', 'health/ready'] };
export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export function createFastifyAdapter(trustProxy: AppConfig['trustProxy'] = false): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // request.ip (the login limit's key) from X-Forwarded-For only behind proxies named here
    trustProxy:
      typeof trustProxy === 'number'
        ? (_address: string, hop: number) => hop < trustProxy
        : trustProxy,
    // on SIGTERM a request already on an open keep-alive connection is served (with
    // Connection: close) instead of Fastify's bare 503: the database and the queues stay up until
    // the HTTP server has closed, so it can be
    return503OnClosing: false,
    // Fastify would take the header as is; genReqId reads it instead and keeps it only when it
    // looks like an id, otherwise mints a fresh UUID
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // The router refuses a URL that does not decode (400) or a path parameter over 100
    // characters (414) before Nest sees the request: answer in the one error shape all the same
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body: ErrorBody = {
        status: tooLong ? 414 : 400,
        code: tooLong ? CommonErrorCode.UriTooLong : CommonErrorCode.ValidationFailed,
        message: tooLong
          ? 'A path parameter is longer than 100 characters'
          : 'The URL is not valid: a path segment does not decode',
        correlationId: String(request.id),
      };
      void reply
        .code(body.status)
        .header('content-type', 'application/json; charset=utf-8')
        .header('x-correlation-id', String(request.id))
        .send(body);
    },
  });
}

/** Everything an HTTP app needs beyond its modules; shared by main.ts and the tests. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, GLOBAL_PREFIX_OPTIONS);
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // first, so the hooks below already run with the request's correlation id
  instrumentHttp(fastify, app.get(Metrics));
  // JSON only (Nest's own parsers are off, see createHttpApp): a text/plain or form body answers
  // 415 instead of reaching validation as a string. An empty JSON body is no body, for clients
  // that send the header on POST …/verify. __proto__ and constructor keys are refused.
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : parseJson(request, body as string, done),
  );
  // multipart/form-data reaches only the routes that read it (config.multipart: the imports),
  // each under its own file limit; every other route answers it 415 as before
  await app.register(fastifyMultipart, { limits: { fileSize: BODY_LIMIT_BYTES, files: 1 } });
  fastify.addHook('onRequest', async (request) => {
    const type = request.headers['content-type']?.toLowerCase() ?? '';
    const config = request.routeOptions.config as { multipart?: boolean } | undefined;
    if (type.startsWith('multipart/') && !request.is404 && !config?.multipart) {
      throw new UnsupportedMediaTypeException();
    }
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  setUpOpenApi(app);
  await mountQueueDashboard(app);
}

/**
 * The OpenAPI document without a server or any connection: Nest's preview mode registers the
 * modules and routes but instantiates nothing (for `npm run lint:openapi` and the contract tests).
 */
export async function buildOpenApiDocumentOffline(config: AppConfig) {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ ...config, roles: ['api'] }),
    createFastifyAdapter(),
    { logger: ['error'], bodyParser: false, preview: true },
  );
  app.setGlobalPrefix(API_PREFIX, GLOBAL_PREFIX_OPTIONS);
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

function setUpOpenApi(app: NestFastifyApplication) {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  SwaggerModule.setup('docs', app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: 'docs-json',
  });
}

export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config.trustProxy),
    { logger: createAppLogger(config), bodyParser: false },
  );
  await configureHttpApp(app);
  return app;
}
