import fc from 'fast-check';
import {
  deref,
  type DocumentedOperation,
  type OpenApiDocument,
  type Schema,
} from './fuzz-contract.js';

export type Mode = 'valid' | 'boundary' | 'malformed';

export interface FuzzRequest {
  mode: Mode;
  /** what was bent, for the report of a failure */
  note: string;
  actor: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzContext {
  doc: OpenApiDocument;
  /** ids of records that exist, by the path segment that names their kind (`projects`) */
  idsByKind: Record<string, string[]>;
  /** every id of the seeded worlds, for uuid fields */
  allIds: string[];
  actors: string[];
}

const HUGE = 'x'.repeat(100_000);
const MALFORMED_IDS = [
  'abc',
  '1',
  '-1',
  '00000000-0000-0000-0000-00000000000g',
  '00000000000040008000000000000000',
  "1' OR '1'='1",
  '%00',
  '..%2F..%2Fetc',
  '🙂',
  'x'.repeat(5000),
];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '🙂'.repeat(10),
  '<script>',
  "'; DROP TABLE x;--",
  '\ud800',
];

const dateOnly = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());
const plainText = (max: number, min = 0) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 30) }) },
    {
      weight: 1,
      arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 30), unit: 'binary' }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('园区', '惠普打印机产业园', '威海高新区')
        .filter((s) => s.length <= max && s.length >= min),
    },
  );

/** A value the schema allows (business rules may still refuse it). */
export function valid(
  ctx: FuzzContext,
  schema: Schema | undefined,
  depth = 0,
  name = '',
): fc.Arbitrary<unknown> {
  const s = deref(ctx.doc, schema);
  const generated = validCore(ctx, s, depth, name);
  // the document's own example is a value the rules accept: a better start for business rules
  const core =
    s.example !== undefined && s.type !== 'object'
      ? fc.oneof(generated, fc.constant(s.example))
      : generated;
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: core }, fc.constant(null)) : core;
}

function validCore(
  ctx: FuzzContext,
  s: Schema,
  depth: number,
  name: string,
): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  // the version a PATCH must send back: records start at 1
  if (name === 'version') return fc.integer({ min: 1, max: 3 });
  switch (s.type) {
    case 'string':
      return validString(ctx, s, name);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 }),
        fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(ctx, s.items, depth + 1, name), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)),
      });
    case 'object':
    case undefined:
      if (!s.properties || depth > 3) return fc.constant({});
      return fc.record(
        Object.fromEntries(
          Object.entries(s.properties)
            .filter(([, p]) => !p.readOnly)
            .map(([field, p]) => [field, valid(ctx, p, depth + 1, field)]),
        ),
        { requiredKeys: (s.required ?? []).filter((n) => !s.properties?.[n]?.readOnly) },
      );
    default:
      return fc.constant(null);
  }
}

const PEOPLE = /^(officer|owner|user|actor|leader|inspector|assignee|reviewer)Ids?$/;
const OTHER_NAMES: Record<string, string> = {
  parentId: 'parks',
  companyIds: 'enterprises',
  chainMasterId: 'enterprises',
  memberId: 'enterprises',
};

/** The records a uuid field names, by its name: parkId → parks, ownerId → users. */
function idsForField(ctx: FuzzContext, name: string): string[] {
  if (PEOPLE.test(name)) return ctx.idsByKind.users;
  const kind = OTHER_NAMES[name] ?? `${name.replace(/Ids?$/, '')}s`;
  return ctx.idsByKind[kind] ?? [];
}

function validString(ctx: FuzzContext, s: Schema, name: string): fc.Arbitrary<string> {
  const max = s.maxLength ?? 200;
  const min = s.minLength ?? 0;
  switch (s.format) {
    case 'uuid': {
      const known = idsForField(ctx, name);
      const anyId = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ctx.allIds) }, fc.uuid());
      return known.length
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, anyId)
        : anyId;
    }
    case 'date':
      return dateOnly;
    case 'date-time':
      return instant;
    case 'email':
      return fc
        .tuple(fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom('zone.example', 'x.cn'))
        .map(([l, d]) => `${l}@${d}`);
  }
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern), { size: 'xsmall' })
      .filter((v) => v.length <= max && v.length >= min);
  }
  return plainText(max, Math.max(min, 0)).filter((v) => v.length >= min);
}

/** A value on or just past an edge of the schema. */
export function boundary(ctx: FuzzContext, schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = deref(ctx.doc, schema);
  const edges: unknown[] = [];
  if (s.type === 'string') {
    const max = s.maxLength ?? 200;
    edges.push('x'.repeat(max), 'x'.repeat(max + 1), '界'.repeat(max), '', ...ODD_STRINGS);
    if (s.minLength) edges.push('x'.repeat(s.minLength - 1));
    if (s.format === 'date')
      edges.push('0001-01-01', '9999-12-31', '2024-02-29', '2023-02-29', '2026-13-01');
    if (s.format === 'date-time')
      edges.push(
        '1970-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
        '2026-01-01T00:00:00+14:00',
        '2026-01-01',
      );
    if (s.format === 'uuid')
      edges.push('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF');
    if (s.pattern?.includes('\\d{1,18}'))
      edges.push(
        '999999999999999999.99',
        '0',
        '0.00',
        '1.999',
        '-1.00',
        '1e5',
        '0000000000000000001',
      );
  }
  if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? 0;
    const max = s.maximum ?? 2_147_483_647;
    edges.push(min, max, min - 1, max + 1, 0, -0, 1.5, 2 ** 53, -(2 ** 63), 1e308);
  }
  if (s.type === 'array') {
    const item = fc.sample(valid(ctx, s.items), { numRuns: 1, seed: 1 })[0];
    const max = s.maxItems ?? 100;
    edges.push([], Array(max).fill(item), Array(max + 1).fill(item));
  }
  if (s.enum) edges.push(`${String(s.enum[0])} `, String(s.enum[0]).toUpperCase());
  if (edges.length === 0) return valid(ctx, s);
  return fc.constantFrom(...edges);
}

/** A value of the wrong kind for the schema. */
export function wrongType(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1.5, 'text', '', [], {}, [1, 2], { a: 1 }, HUGE, '1e400'),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

const params = (op: DocumentedOperation, where: 'path' | 'query') =>
  (op.op.parameters ?? []).filter((p) => p.in === where);

/** The kind of record a path parameter names: the segment before it (`/projects/{id}`). */
function kindOf(template: string, name: string): string {
  const segments = template.split('/');
  const at = segments.indexOf(`{${name}}`);
  return segments[at - 1] ?? '';
}

function pathValue(
  ctx: FuzzContext,
  op: DocumentedOperation,
  name: string,
  schema: Schema | undefined,
) {
  const s = deref(ctx.doc, schema);
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  const known = ctx.idsByKind[kindOf(op.template, name)] ?? [];
  return fc.oneof(
    { weight: 8, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.allIds) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** encodeURIComponent throws on a lone surrogate: a URL cannot carry one, send U+FFFD. */
const encode = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));

function queryString(values: Record<string, unknown>, arrays: Set<string>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && arrays.has(name)) {
      parts.push(`${encode(name)}=${value.map((v) => encode(String(v))).join(',')}`);
    } else if (Array.isArray(value)) {
      for (const v of value) parts.push(`${encode(name)}=${encode(String(v))}`);
    } else {
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      parts.push(`${encode(name)}=${encode(text)}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

type Bend =
  | { where: 'path'; name: string; value: string }
  | { where: 'query'; name: string; value: unknown }
  | { where: 'body'; body: unknown; raw?: string; contentType?: string; note: string }
  | { where: 'auth'; header?: string; note: string };

/** Every request for one operation: who asks, with which path, query and body. */
export function requestFor(ctx: FuzzContext, op: DocumentedOperation): fc.Arbitrary<FuzzRequest> {
  const pathParams = params(op, 'path');
  const queryParams = params(op, 'query');
  const arrays = new Set(
    queryParams.filter((p) => deref(ctx.doc, p.schema).type === 'array').map((p) => p.name),
  );
  const jsonBody = op.op.requestBody?.content['application/json']?.schema;
  const bodySchema = jsonBody ? deref(ctx.doc, jsonBody) : undefined;
  const multipart = Boolean(op.op.requestBody?.content['multipart/form-data']);

  const path = fc.record(
    Object.fromEntries(pathParams.map((p) => [p.name, pathValue(ctx, op, p.name, p.schema)])),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, valid(ctx, p.schema, 0, p.name)])),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const body = bodySchema ? valid(ctx, bodySchema) : fc.constant(undefined);

  const bodyFields = Object.entries(bodySchema?.properties ?? {});
  const bends: fc.Arbitrary<Bend>[] = [];
  for (const p of pathParams) {
    bends.push(
      fc
        .constantFrom(...MALFORMED_IDS)
        .map((value) => ({ where: 'path', name: p.name, value }) as Bend),
    );
  }
  for (const p of queryParams) {
    bends.push(
      fc
        .oneof(wrongType(), boundary(ctx, p.schema))
        .map((value) => ({ where: 'query', name: p.name, value }) as Bend),
    );
  }
  bends.push(
    fc
      .constantFrom('color', '__proto__', 'constructor', 'sort[$ne]')
      .map((name) => ({ where: 'query', name, value: 'x' }) as Bend),
  );
  if (bodySchema || op.method !== 'get') {
    for (const [name, schema] of bodyFields) {
      bends.push(
        fc
          .oneof(
            wrongType().map((v) => ({ v, how: 'wrong type' })),
            boundary(ctx, schema).map((v) => ({ v, how: 'boundary' })),
            fc.constant({ v: undefined, how: 'missing' }),
          )
          .map(
            ({ v, how }) =>
              ({ where: 'body', body: { [name]: v }, note: `${how} ${name}` }) as Bend,
          ),
      );
    }
    bends.push(
      fc.constantFrom<Bend>(
        { where: 'body', body: { unknownField: 1 }, note: 'unknown field' },
        {
          where: 'body',
          body: { __proto__: { admin: true } },
          raw: '{"__proto__":{"admin":true}}',
          note: '__proto__ key',
        },
        { where: 'body', body: undefined, raw: '{"a":', note: 'malformed JSON' },
        { where: 'body', body: undefined, raw: '[1,2,3]', note: 'array body' },
        { where: 'body', body: undefined, raw: '"text"', note: 'string body' },
        { where: 'body', body: undefined, raw: 'null', note: 'null body' },
        { where: 'body', body: undefined, raw: '1e999', note: 'number body' },
        {
          where: 'body',
          body: undefined,
          raw: `${'['.repeat(5000)}${']'.repeat(5000)}`,
          note: 'deep nesting',
        },
        {
          where: 'body',
          body: undefined,
          raw: JSON.stringify({ huge: HUGE }),
          note: 'huge unknown field',
        },
        {
          where: 'body',
          body: undefined,
          raw: 'name=x',
          contentType: 'application/x-www-form-urlencoded',
          note: 'form body',
        },
        {
          where: 'body',
          body: undefined,
          raw: 'hello',
          contentType: 'text/plain',
          note: 'text body',
        },
      ),
    );
  }
  bends.push(
    fc.constantFrom<Bend>(
      { where: 'auth', header: undefined, note: 'no token' },
      { where: 'auth', header: 'Bearer not.a.jwt', note: 'garbage token' },
      { where: 'auth', header: 'Basic YWRtaW46YWRtaW4=', note: 'basic auth' },
    ),
  );

  const mode = fc.constantFrom<Mode>('valid', 'valid', 'boundary', 'malformed', 'malformed');
  return fc
    .record({
      mode,
      actor: fc.constantFrom(...ctx.actors),
      path,
      query,
      body,
      bend: fc.oneof(...bends),
      accept: fc.option(fc.constantFrom('text/csv', 'application/json', '*/*', 'application/xml')),
      requestId: fc.option(
        fc.constantFrom('fuzz-request-0001', 'short', 'a b c', '<id>', 'x'.repeat(300)),
      ),
      boundaryField: bodyFields.length ? fc.constantFrom(...bodyFields) : fc.constant(undefined),
    })
    .chain((r) =>
      fc.tuple(
        fc.constant(r),
        r.mode === 'boundary' && r.boundaryField
          ? boundary(ctx, r.boundaryField[1])
          : fc.constant<unknown>(undefined),
      ),
    )
    .map(([r, edge]) => {
      let note: string = r.mode;
      const pathValues = { ...r.path };
      const queryValues = { ...r.query };
      let bodyValue: unknown = r.body;
      let raw: string | undefined;
      let contentType = 'application/json';
      let auth: string | undefined = `actor:${r.actor}`;
      if (r.mode === 'boundary' && r.boundaryField && bodyValue && typeof bodyValue === 'object') {
        bodyValue = { ...(bodyValue as object), [r.boundaryField[0]]: edge };
        note = `boundary ${r.boundaryField[0]}`;
      }
      if (r.mode === 'malformed') {
        const bend = r.bend;
        if (bend.where === 'path') {
          pathValues[bend.name] = bend.value;
          note = `malformed path ${bend.name}`;
        } else if (bend.where === 'query') {
          queryValues[bend.name] = bend.value;
          note = `malformed query ${bend.name}`;
        } else if (bend.where === 'body') {
          if (bend.raw !== undefined) raw = bend.raw;
          else bodyValue = { ...(bodyValue as object), ...(bend.body as object) };
          if (bend.contentType) contentType = bend.contentType;
          note = bend.note;
        } else {
          auth = bend.header;
          note = bend.note;
        }
      }
      let url = op.template.replace(/\{(\w+)\}/g, (_, name: string) => encode(pathValues[name]));
      url += queryString(queryValues, arrays);
      const headers: Record<string, string> = {};
      if (auth) headers.authorization = auth;
      if (r.accept) headers.accept = r.accept;
      if (r.requestId) headers['x-request-id'] = r.requestId;
      let payload: string | undefined;
      if (raw !== undefined) payload = raw;
      else if (bodyValue !== undefined && !multipart) payload = JSON.stringify(bodyValue);
      if (payload !== undefined) headers['content-type'] = contentType;
      return {
        mode: r.mode,
        note,
        actor: r.actor,
        method: op.method.toUpperCase(),
        url,
        headers,
        payload,
      };
    });
}
