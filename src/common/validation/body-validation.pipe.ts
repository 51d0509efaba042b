import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { CommonErrorCode } from '../errors/error-code.js';
import { DomainException } from '../errors/domain.exception.js';
import { validationExceptionFactory } from '../errors/validation.factory.js';

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// half of a surrogate pair (JSON may escape one alone: "\ud800")
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string in a body or query that is not storable text, if any: Postgres
 * cannot store U+0000, and a lone surrogate is no character at all (validators such as isEmail
 * throw on it). Refused here with a 400 naming the field, instead of a 500 further on.
 */
export function fieldWithBadText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path || 'body' : undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = fieldWithBadText(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/**
 * The global pipe: whitelist, forbid unknown fields, transform. A body that is not a JSON object
 * (an array, a string, null, nothing at all) is refused as a whole before field checks.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && metadata.metatype !== Object && !isPlainObject(value)) {
      throw new DomainException(
        400,
        CommonErrorCode.ValidationFailed,
        'The request body must be a JSON object',
      );
    }
    const bad =
      metadata.type === 'body' || metadata.type === 'query' ? fieldWithBadText(value) : undefined;
    if (bad) {
      throw DomainException.validation(
        bad,
        'must be Unicode text without U+0000 or lone surrogates',
      );
    }
    return super.transform(value, metadata);
  }
}
