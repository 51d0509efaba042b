import { documentIdempotencyKeys } from '../idempotency/idempotency.interceptor.js';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponsesObject,
  type SchemaObject,
} from '@nestjs/swagger';
import {
  applyBounds,
  closeBounds,
  propertyRules,
  validatedClassesByName,
} from './openapi-bounds.js';

type Ctor = abstract new (...args: never[]) => unknown;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR = { $ref: '#/components/schemas/ErrorResponse' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR } },
});

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Zone investment-promotion API')
    .setDescription(
      'Parks, enterprises, key projects, milestones and investment for development-zone committees. ' +
        'Sign in at POST /api/v1/auth/login and send the token as `Authorization: Bearer …`. ' +
        'Money is a decimal string; dates are YYYY-MM-DD; instants are UTC ISO 8601.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'The accessToken from POST /api/v1/auth/login: a JWS signed HS256, following RFC8725 ' +
        '(the algorithm is pinned, never taken from the header; issuer, audience and expiry are checked).',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentIdempotencyKeys(document);
  return completeDocument(app, document);
}

/**
 * What the decorators leave implicit, stated once for every operation: the errors any route can
 * answer, and the limits the validators enforce on each field (so the document and the
 * behaviour come from the same class-validator rules).
 */
export function completeDocument(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  const handlers = controllerMethods(app);
  const classes = validatedClassesByName();
  const requestSchemas = new Set<string>();
  const unbounded: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      completeResponses(method, op);
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(
          (response as { content?: Record<string, { schema?: SchemaObject }> }).content ?? {},
        )) {
          if (type !== 'application/json') {
            // a file (CSV, XLSX, PDF) of every matching row: a byte stream, not a JSON value
            // with a length; OpenAPI leaves the schema out for such bodies
            delete media.schema;
          } else if (media.schema) {
            closeBounds(media.schema, 'response', `${method} ${path} ${status}`, unbounded);
          }
        }
      }
      const bodyRef = jsonBodyRef(op);
      if (bodyRef) collectRefs(doc, bodyRef, requestSchemas);
      const bodies = (op.requestBody as { content?: Record<string, { schema?: SchemaObject }> })
        ?.content;
      for (const media of Object.values(bodies ?? {})) {
        // inline bodies (the multipart upload: a file under the 1 MB limit)
        if (media.schema) closeBounds(media.schema, 'request', `${method} ${path} body`, unbounded);
      }
      const paramTypes = handlers.get(op.operationId ?? '') ?? [];
      for (const param of (op.parameters ?? []) as ParameterObject[]) {
        const schema = (param.schema ?? {}) as SchemaObject;
        if (param.in === 'path' && /(^id|Id)$/.test(param.name)) {
          // every id in a path goes through UuidParam
          Object.assign(schema, { format: 'uuid', maxLength: 36 });
        }
        for (const type of paramTypes) {
          const rules = propertyRules(type).get(param.name);
          if (rules) applyBounds(schema, rules);
        }
        if (schema.type === 'array') Object.assign(param, { style: 'form', explode: false });
        closeBounds(schema, 'request', `${method} ${path} ${param.name}`, unbounded);
      }
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const target = classes.get(name);
    if (target && !('$ref' in schema)) {
      for (const [property, rules] of propertyRules(target)) {
        const propertySchema = schema.properties?.[property];
        if (propertySchema && !('$ref' in propertySchema)) applyBounds(propertySchema, rules);
      }
      // forbidNonWhitelisted: a request body takes no field it does not name
      if (requestSchemas.has(name)) schema.additionalProperties = false;
    }
    closeBounds(schema, requestSchemas.has(name) ? 'request' : 'response', name, unbounded);
  }
  if (unbounded.length) {
    throw new Error(`Request fields without a length or size limit: ${unbounded.join(', ')}`);
  }
  return doc;
}

function completeResponses(method: string, op: OperationObject) {
  const responses: ResponsesObject = op.responses;
  const takesBody = method !== 'get' || Boolean(op.requestBody);
  if (takesBody) {
    // the body parser answers these before any handler, on every route that reads a body
    responses['400'] ??= errorResponse('Invalid input, or a body that is not valid JSON');
    responses['413'] ??= errorResponse('The body is over the size limit (1 MB for JSON)');
    responses['415'] ??= errorResponse('The body is not application/json');
  }
  if (op.parameters?.some((p) => 'in' in p && p.in === 'path')) {
    responses['404'] ??= errorResponse('Not found, or outside your parks');
    responses['414'] ??= errorResponse('A path parameter is longer than 100 characters');
  }
  responses['500'] ??= errorResponse('Unexpected error (logged with the correlation id)');
  responses['503'] ??= errorResponse('The database is unavailable; retry later');
}

function jsonBodyRef(op: OperationObject): string | undefined {
  const body = op.requestBody as { content?: Record<string, { schema?: ReferenceObject }> };
  return body?.content?.['application/json']?.schema?.$ref;
}

/** A schema and every schema it refers to, by name. */
function collectRefs(doc: OpenAPIObject, ref: string, into: Set<string>) {
  const name = ref.split('/').pop() as string;
  if (into.has(name)) return;
  into.add(name);
  const text = JSON.stringify(doc.components?.schemas?.[name] ?? {});
  for (const [, inner] of text.matchAll(/"\$ref":"([^"]+)"/g)) collectRefs(doc, inner, into);
}

/** `Controller_method` (Nest's operationId) → the classes its parameters are typed with. */
function controllerMethods(app: INestApplication): Map<string, Ctor[]> {
  const out = new Map<string, Ctor[]>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Ctor | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, method) as
          Ctor[] | undefined;
        if (types) out.set(`${controller.name}_${method}`, types.filter(Boolean));
      }
    }
  }
  return out;
}
