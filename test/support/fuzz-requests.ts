import fc from 'fast-check';
import { deref, type DocumentedOperation, type Schema } from './fuzz-contract.js';
import { boundary, type FuzzContext, HUGE, valid, wrongType } from './fuzz-values.js';

export type { FuzzContext } from './fuzz-values.js';

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
