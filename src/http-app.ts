import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyMultipart from '@fastify/multipart';
import { type INestApplication, UnsupportedMediaTypeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { AppValidationPipe } from './common/validation/body-validation.pipe.js';
import { mountQueueDashboard } from './jobs/queue-dashboard.js';
import type { AppConfig } from './config/app.config.js';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
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
  });
}

/** Everything an HTTP app needs beyond its modules; shared by main.ts and the tests. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
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

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Zone investment-promotion API')
    .setDescription(
      'Parks, enterprises, key projects, milestones and investment for development-zone committees. ' +
        'Sign in at POST /api/v1/auth/login and send the token as `Authorization: Bearer …`. ' +
        'Money is a decimal string; dates are YYYY-MM-DD; instants are UTC ISO 8601.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
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
    createFastifyAdapter(),
    { logger: loggerLevels(config.logLevel), bodyParser: false },
  );
  await configureHttpApp(app);
  return app;
}

export function loggerLevels(level: AppConfig['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1) as (
    'error' | 'warn' | 'log' | 'debug' | 'verbose'
  )[];
}
