import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

type Schema = SchemaObject & { const?: unknown };
type Ctor = abstract new (...args: never[]) => unknown;

/**
 * The longest text a request may carry anywhere (the longest @MaxLength of any DTO): what an
 * answer's free text can hold. Responses only echo what requests stored or the server computed.
 */
export const RESPONSE_TEXT_MAX = 20_000;
/** Arrays in answers that no request bounds (rankings, dashboards): far above any real park. */
export const RESPONSE_ARRAY_MAX = 100_000;

const INT32_MAX = 2_147_483_647;
const FORMAT_MAX_LENGTH: Record<string, number> = {
  uuid: 36,
  date: 10,
  'date-time': 30,
  email: 254,
  binary: 1024 * 1024,
};

/** The rules class-validator enforces on one property, as JSON Schema keywords. */
export function boundsFromValidators(rules: ValidationMetadata[]): {
  self: Schema;
  items: Schema;
} {
  const self: Schema = {};
  const items: Schema = {};
  for (const rule of rules) {
    const into = rule.each ? items : self;
    const [first, second] = rule.constraints ?? [];
    switch (rule.name) {
      case 'maxLength':
        into.maxLength = first;
        break;
      case 'minLength':
        into.minLength = first;
        break;
      case 'isUuid':
        Object.assign(into, { format: 'uuid', maxLength: 36 });
        break;
      case 'isDateOnly':
        Object.assign(into, { format: 'date', maxLength: 10 });
        break;
      case 'isIso8601':
        Object.assign(into, { format: 'date-time', maxLength: 30 });
        break;
      case 'isEmail':
        into.format = 'email';
        into.maxLength = Math.min(into.maxLength ?? 254, 254);
        break;
      case 'isMoney':
        Object.assign(into, { pattern: '^\\d{1,18}(\\.\\d{1,2})?$', maxLength: 21 });
        break;
      case 'isIsoWeek':
        Object.assign(into, { pattern: '^\\d{4}-W\\d{2}$', maxLength: 8 });
        break;
      case 'matches':
        if (first instanceof RegExp && !first.flags) {
          into.pattern ??= first.source;
          const longest = longestMatch(first.source);
          if (longest !== undefined) into.maxLength ??= longest;
        }
        break;
      case 'isPeriod':
        Object.assign(into, { pattern: '^\\d{4}(-W\\d{2}|-Q\\d|-\\d{2})?$', maxLength: 8 });
        break;
      case 'isIn':
        if (Array.isArray(first)) into.enum ??= first;
        break;
      case 'max':
        into.maximum = first;
        break;
      case 'min':
        into.minimum = first;
        break;
      case 'isInt':
        into.type = 'integer';
        break;
      case 'arrayMaxSize':
        self.maxItems = first;
        break;
      case 'arrayMinSize':
        self.minItems = first;
        break;
      default:
        void second;
    }
  }
  return { self, items };
}

/**
 * The longest string an anchored pattern of plain atoms can match (`^[A-Z]{2}$` → 2,
 * `^\\d{1,18}(\\.\\d{1,2})?$` → 21), or undefined when it is unbounded or too clever to tell.
 */
export function longestMatch(source: string): number | undefined {
  if (!source.startsWith('^') || !source.endsWith('$')) return undefined;
  const atom =
    /(\\.|\[(?:\\.|[^\]])+\]|\((?:[^()]|\\.)*\)|[^\\[(){}*+?|^$])(\{(\d+)(?:,(\d+))?\}|\?)?/y;
  const body = source.slice(1, -1);
  let total = 0;
  atom.lastIndex = 0;
  while (atom.lastIndex < body.length) {
    const start = atom.lastIndex;
    const match = atom.exec(body);
    if (!match || match.index !== start) return undefined;
    let each = 1;
    if (match[1].startsWith('(')) {
      const inner = match[1].slice(1, -1).replace(/^\?:/, '');
      if (inner.includes('|')) {
        const lengths = inner.split('|').map((alt) => longestMatch(`^${alt}$`));
        if (lengths.some((n) => n === undefined)) return undefined;
        each = Math.max(...(lengths as number[]));
      } else {
        const inside = longestMatch(`^${inner}$`);
        if (inside === undefined) return undefined;
        each = inside;
      }
    }
    const times = match[2] === '?' ? 1 : Number(match[4] ?? match[3] ?? 1);
    total += each * times;
  }
  return total;
}

/** Every DTO class class-validator knows, by name (Nest names a schema after its class). */
export function validatedClassesByName(): Map<string, Ctor> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Ctor, unknown>;
  };
  return new Map([...storage.validationMetadatas.keys()].map((c) => [c.name, c]));
}

export function propertyRules(target: Ctor): Map<string, ValidationMetadata[]> {
  const all = getMetadataStorage().getTargetValidationMetadatas(
    target as unknown as new () => unknown,
    '',
    true,
    false,
  );
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of all) {
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  }
  return byProperty;
}

/** Adds what the validators enforce to a schema, never loosening what it already says. */
export function applyBounds(schema: Schema, rules: ValidationMetadata[]): void {
  const { self, items } = boundsFromValidators(rules);
  mergeBounds(schema, self);
  if (schema.type === 'array' && schema.items && !('$ref' in schema.items)) {
    mergeBounds(schema.items as Schema, items);
  }
}

function mergeBounds(schema: Schema, bounds: Schema) {
  const target = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(bounds)) {
    if (key === 'type') {
      // @IsInt on a property Nest typed `number`
      if (schema.type === 'number') schema.type = 'integer';
      continue;
    }
    if (target[key] === undefined) target[key] = value;
  }
}

/**
 * The bounds every schema must carry once validators said what they know: formats give a
 * length, integers a format and a range. Strings and arrays still unbounded are returned: in a
 * request that is a missing validator (a bug); in a response they take the response ceilings.
 */
export function closeBounds(
  schema: Schema | ReferenceObject,
  side: 'request' | 'response',
  path: string,
  unbounded: string[],
): void {
  if ('$ref' in schema) return;
  for (const sub of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    closeBounds(sub, side, path, unbounded);
  }
  if (schema.type === 'string' && schema.maxLength === undefined && !schema.enum && !schema.const) {
    const byFormat = FORMAT_MAX_LENGTH[schema.format ?? ''];
    if (byFormat) schema.maxLength = byFormat;
    else if (side === 'response') schema.maxLength = RESPONSE_TEXT_MAX;
    else unbounded.push(path);
  }
  if (schema.type === 'integer') {
    schema.format ??= (schema.maximum ?? INT32_MAX) <= INT32_MAX ? 'int32' : 'int64';
    schema.minimum ??= side === 'response' ? 0 : -INT32_MAX - 1;
    schema.maximum ??= INT32_MAX;
  }
  if (schema.type === 'array') {
    if (schema.maxItems === undefined) {
      if (side === 'response') schema.maxItems = RESPONSE_ARRAY_MAX;
      else unbounded.push(path);
    }
    if (schema.items) closeBounds(schema.items, side, `${path}[]`, unbounded);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    closeBounds(property, side, `${path}.${name}`, unbounded);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    closeBounds(schema.additionalProperties, side, `${path}{}`, unbounded);
  }
}
