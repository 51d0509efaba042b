import type { ValidationError } from '@nestjs/common';
import { CommonErrorCode, type FieldError } from './error-code.js';
import { DomainException } from './domain.exception.js';

/** Flattens class-validator errors to one entry per field path (`contacts.0.email`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.value === undefined && error.constraints) {
      // a missing field: one clear message instead of every rule it would have broken
      out.push({ field, message: `${field} is required` });
      continue;
    }
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({
        field,
        message: message.replace(/^property \S+ should not exist$/, 'is not allowed'),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationExceptionFactory(errors: ValidationError[]): DomainException {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  return new DomainException(
    400,
    CommonErrorCode.ValidationFailed,
    `Invalid request: ${fields.join(', ')}`,
    details,
  );
}
