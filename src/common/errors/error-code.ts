/** Codes shared by every feature; a feature adds its own in its *.exception.ts. */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  AlreadyExists = 'ALREADY_EXISTS',
  InUse = 'IN_USE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UriTooLong = 'URI_TOO_LONG',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

/** What an error body carries at most: longer texts are cut, further details left out. */
export const ERROR_LIMITS = { message: 1000, field: 200, details: 100 } as const;

export interface FieldError {
  /** Path of the field in the request, e.g. `contacts.0.email` or `limit`. */
  field: string;
  message: string;
}

/** The one body every error answers with. */
export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: FieldError[];
  correlationId: string;
}
