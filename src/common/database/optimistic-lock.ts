import { DomainException } from '../errors/domain.exception.js';

/** The version sent back on PATCH must be the one stored; otherwise someone else won (409). */
export function assertVersion(entity: string, row: { id: string; version: number }, sent: number) {
  if (row.version !== sent) throw DomainException.versionConflict(entity, row.id, sent);
}

/** Drops `version` and undefined fields from a PATCH body, leaving the columns to set. */
export function patchOf<T extends { version?: number }>(dto: T): Record<string, unknown> {
  const { version: _version, ...rest } = dto;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
