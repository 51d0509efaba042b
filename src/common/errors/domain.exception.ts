import { CommonErrorCode, type FieldError } from './error-code.js';

/**
 * An error the caller can act on. Features throw it (or a subclass with their own codes); the
 * global filter turns it into the one error body.
 */
export class DomainException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  static notFound(entity: string, id?: string): DomainException {
    const what = id ? `${entity} ${id}` : entity;
    return new DomainException(404, CommonErrorCode.NotFound, `${what} not found`);
  }

  static validation(field: string, message: string): DomainException {
    return new DomainException(400, CommonErrorCode.ValidationFailed, `${field} ${message}`, [
      { field, message },
    ]);
  }

  static conflict(message: string, code: string = CommonErrorCode.Conflict): DomainException {
    return new DomainException(409, code, message);
  }

  static versionConflict(entity: string, id: string, sent: number): DomainException {
    return new DomainException(
      409,
      CommonErrorCode.VersionConflict,
      `${entity} ${id} was changed by someone else (version ${sent} is stale); reload and retry`,
    );
  }

  static forbidden(message = 'Your role may not do this'): DomainException {
    return new DomainException(403, CommonErrorCode.Forbidden, message);
  }

  static unauthorized(message = 'A valid bearer token is required'): DomainException {
    return new DomainException(401, CommonErrorCode.Unauthorized, message);
  }
}
