import type { Actor } from '../auth/actor.js';
import type { Queryable } from '../database/db.service.js';
import type { EntitySql } from '../database/entity-sql.js';
import type { AuditAction } from './audit-log.entity.js';

export interface AuditEntry {
  entity: string;
  entityId: string;
  parkId: string | null;
  action: AuditAction;
  before: object | null;
  after: object | null;
}

// audit_log.correlation_id is varchar(100): a longer id must not fail the write it records
const correlationOf = (actor: Actor | null) => actor?.correlationId?.slice(0, 100) ?? null;

/** Writes one audit row with the statement's connection, so it commits or rolls back with it. */
export async function writeAudit(q: Queryable, actor: Actor | null, entry: AuditEntry) {
  await q.query(
    `INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, before, after, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor?.id ?? null,
      entry.entity,
      entry.entityId,
      entry.parkId,
      entry.action,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
      correlationOf(actor),
    ],
  );
}

/** The park an audit row belongs to: a known id, or a property of the inserted row. */
export type AuditPark = { id: string | null } | { fromRow: string };

/** Builds a SQL condition; `param(v)` binds a value and returns its placeholder. */
export type GuardBuilder = (param: (value: unknown) => string) => string;

/**
 * INSERT a row and its audit entry in one statement (one round trip, atomic) and return the row
 * in API shape. `park` says which park the record belongs to, for scoped audit reads. With a
 * `guard`, the row is inserted only when the condition holds (scope and reference checks in the
 * same round trip) and undefined comes back when it does not: the caller then finds out why.
 */
export async function insertAudited<T extends object>(
  q: Queryable,
  spec: EntitySql,
  entity: string,
  values: Record<string, unknown>,
  actor: Actor | null,
  park: AuditPark,
  guard?: GuardBuilder,
): Promise<T> {
  const params: unknown[] = [
    actor?.id ?? null,
    entity,
    'id' in park ? park.id : null,
    correlationOf(actor),
  ];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const props = Object.keys(values).filter((k) => values[k] !== undefined);
  const columns = props.map((p) => spec.col(p)).join(', ');
  const placeholders = props.map((p) => `${param(values[p])}${spec.cast(p)}`).join(', ');
  const insert = guard
    ? `INSERT INTO ${spec.table} (${columns}) SELECT ${placeholders} WHERE ${guard(param)}`
    : `INSERT INTO ${spec.table} (${columns}) VALUES (${placeholders})`;
  // $3 is referenced either way: Postgres rejects a parameter it cannot type
  const parkExpr = 'fromRow' in park ? `COALESCE(row."${park.fromRow}", $3::uuid)` : '$3::uuid';
  const rows = await q.query<T>(
    `WITH row AS (${insert} RETURNING ${spec.select()}),
          audit AS (
            INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, after, correlation_id)
            SELECT $1, $2, row.id, ${parkExpr}, 'create', to_jsonb(row), $4 FROM row)
     SELECT * FROM row`,
    params,
    { prepare: true }, // every create of an entity has the same text: planned once
  );
  return rows[0];
}

/** UPDATE one row by id (bumping version and updated_at) and return it in API shape. */
export async function updateRow<T extends object>(
  q: Queryable,
  spec: EntitySql,
  id: string,
  patch: Record<string, unknown>,
): Promise<T> {
  const set = spec.assignments(patch, 1);
  const assignments = [set.sql, `"version" = "version" + 1`, `"updated_at" = now()`]
    .filter(Boolean)
    .join(', ');
  const rows = await q.query<T>(
    `UPDATE ${spec.table} SET ${assignments} WHERE id = $1 RETURNING ${spec.select()}`,
    [id, ...set.params],
  );
  return rows[0];
}

/**
 * UPDATE a row already read (and locked) as `before`, and audit the change in the same
 * transaction. The audit row's park is `parkId`, or the updated row's own parkId when not given.
 */
export async function updateAudited<T extends { id: string }>(
  q: Queryable,
  actor: Actor | null,
  spec: EntitySql,
  entity: string,
  before: T,
  patch: Record<string, unknown>,
  parkId?: string | null,
): Promise<T> {
  const after = await updateRow<T>(q, spec, before.id, patch);
  const park = parkId === undefined ? ((after as { parkId?: string }).parkId ?? null) : parkId;
  await writeAudit(q, actor, {
    entity,
    entityId: before.id,
    parkId: park,
    action: 'update',
    before,
    after,
  });
  return after;
}

/** DELETE a row already read (and locked) as `before`, and audit it in the same transaction. */
export async function deleteAudited<T extends { id: string }>(
  q: Queryable,
  actor: Actor | null,
  spec: EntitySql,
  entity: string,
  before: T,
  parkId: string | null,
): Promise<void> {
  await writeAudit(q, actor, {
    entity,
    entityId: before.id,
    parkId,
    action: 'delete',
    before,
    after: null,
  });
  await q.query(`DELETE FROM ${spec.table} WHERE id = $1`, [before.id]);
}
