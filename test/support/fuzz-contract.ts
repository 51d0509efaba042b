import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.0 document the contract checks read. */
export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface DocumentedOperation {
  key: string;
  method: string;
  template: string;
  op: Operation;
}

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${template}`,
      method,
      template,
      op,
    })),
  );
}

/** A schema with its $ref followed (once: generators go down one level at a time). */
export function deref(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  while (current.$ref) current = doc.components.schemas[current.$ref.split('/').pop() as string];
  if (current.allOf?.length === 1) return { ...deref(doc, current.allOf[0]), ...without(current) };
  return current;
}

function without(schema: Schema): Schema {
  const { allOf: _allOf, ...rest } = schema;
  return rest;
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema says it: null is one more allowed value. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = `doc${value}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]),
      );
    } else out[key] = toJsonSchema(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string' && !out.$ref && !out.allOf) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Validators of answers, compiled once per schema from the document's components. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'doc', components: toJsonSchema(doc.components) } as object, 'doc');
  }

  /** undefined when the body fits the schema, else the first mismatch. */
  check(schema: Schema, body: unknown): string | undefined {
    const key = JSON.stringify(schema);
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.cache.set(key, validate);
    }
    if (validate(body)) return undefined;
    const [error] = validate.errors ?? [];
    return `${error?.instancePath || '/'} ${error?.message ?? 'invalid'} (${JSON.stringify(error?.params)})`;
  }
}
