import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsOptional,
  IsUUID,
  Matches,
  registerDecorator,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

const MONEY = /^\d{1,18}(\.\d{1,2})?$/;

/**
 * Money is a decimal string in JSON ("1500000.00"), never a number: a float cannot hold every
 * amount exactly. At most 18 digits before the point and 2 after; not negative.
 */
export function IsMoney(options?: ValidationOptions) {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a decimal string such as "1500000.00" (not a number; up to 2 decimals)`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && MONEY.test(value),
      },
    });
  };
}

/** A calendar date 'YYYY-MM-DD' that exists (no 2022-02-30). */
export function IsDateOnly(options?: ValidationOptions) {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isDateOnly(value) },
    });
  };
}

export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * A finite number with at most `places` decimals. Not IsNumber's maxDecimalPlaces: it reads the
 * decimals off value.toString() and throws on exponent forms such as 5e-324 (a 500).
 */
export function MaxDecimals(places: number, options?: ValidationOptions) {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'maxDecimals',
      target: target.constructor,
      propertyName,
      constraints: [places],
      options: { message: `${propertyName} must have at most ${places} decimals`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' &&
          Number.isFinite(value) &&
          Number(value.toFixed(places)) === value,
      },
    });
  };
}

/** ISO 4217 code, upper case. */
export const IsCurrency = () =>
  Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as CNY or USD' });

/** An optional property that may also be sent as null to clear it. */
export const IsNullable = () => ValidateIf((_, value) => value !== null);

/** Optional UUID v1–v8 (Postgres gen_random_uuid gives v4; seeds may use others). */
export const OptionalUuid = () => applyDecorators(IsOptional(), IsUUID('all'));

/** Query-string booleans: only "true" and "false" (anything else stays a string and fails). */
export const QueryBoolean = () =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: '$property must be true or false' }),
  );
