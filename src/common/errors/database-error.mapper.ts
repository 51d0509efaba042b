import { CommonErrorCode } from './error-code.js';
import { DomainException } from './domain.exception.js';

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
  driverError?: PgErrorLike;
}

/** Constraint names the API explains in words; others fall back to a generic sentence. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  uq_parks_code: 'a park with this code already exists',
  uq_projects_park_code: 'a project with this code already exists in this park',
  uq_contracts_park_code: 'a contract with this code already exists in this park',
  uq_projects_contract: 'a project was already created from this contract',
  uq_users_email: 'a user with this email already exists',
  uq_enterprises_park_name: 'an enterprise with this name already exists in this park',
  uq_industry_clusters_park_name: 'a cluster with this name already exists in this park',
  uq_chain_links_master_member: 'this enterprise is already in the chain',
  ck_parks_no_cycle: 'a park cannot be moved under one of its own sub-parks',
  ck_parks_not_own_parent: 'a park cannot be its own parent',
};

// shutdown, too many connections, connection failures, database gone (renamed or dropped)
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
  '3D000',
]);
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'ECONNREFUSED',
  'ECONNRESET',
  'Client has encountered a connection error',
];

/** Maps a Postgres error (raw pg or wrapped by TypeORM) to a DomainException, or undefined. */
export function fromDatabaseError(error: unknown): DomainException | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const pg = ((error as PgErrorLike).driverError ?? error) as PgErrorLike;
  const code = pg.code ?? '';
  const known = pg.constraint ? CONSTRAINT_MESSAGES[pg.constraint] : undefined;
  switch (code) {
    case '23505':
      return DomainException.conflict(
        known ?? 'a record with these values already exists',
        CommonErrorCode.AlreadyExists,
      );
    case '23503':
      return /still referenced/.test(pg.detail ?? '')
        ? DomainException.conflict(
            'the record is still in use by other records',
            CommonErrorCode.InUse,
          )
        : new DomainException(
            400,
            CommonErrorCode.ValidationFailed,
            'a referenced record does not exist',
          );
    case '23514':
      return known
        ? DomainException.conflict(known)
        : new DomainException(
            400,
            CommonErrorCode.ValidationFailed,
            `the values break the rule ${pg.constraint ?? 'of this record'}`,
          );
    case '23502':
      return new DomainException(
        400,
        CommonErrorCode.ValidationFailed,
        `${pg.column ?? 'a field'} must not be null`,
      );
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new DomainException(
        400,
        CommonErrorCode.ValidationFailed,
        'a value has the wrong format',
      );
  }
  const message = pg.message ?? '';
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) {
    return new DomainException(
      503,
      CommonErrorCode.ServiceUnavailable,
      'The database is unavailable; retry shortly',
      undefined,
      { 'retry-after': '5' },
    );
  }
  return undefined;
}
