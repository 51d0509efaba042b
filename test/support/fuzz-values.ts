import fc from 'fast-check';
import { deref, type OpenApiDocument, type Schema } from './fuzz-contract.js';

export interface FuzzContext {
  doc: OpenApiDocument;
  /** ids of records that exist, by the path segment that names their kind (`projects`) */
  idsByKind: Record<string, string[]>;
  /** every id of the seeded worlds, for uuid fields */
  allIds: string[];
  actors: string[];
}

export const HUGE = 'x'.repeat(100_000);
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
