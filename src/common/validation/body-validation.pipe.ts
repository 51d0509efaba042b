import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { CommonErrorCode } from '../errors/error-code.js';
import { DomainException } from '../errors/domain.exception.js';
import { validationExceptionFactory } from '../errors/validation.factory.js';

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
    return super.transform(value, metadata);
  }
}
