import { Logger } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import type { QueryOptions, Reader } from './db.service.js';

// node-postgres connection failures, and the SQLSTATEs of a standby that is down, starting,
// shutting down, unreachable, or that cancelled the query over a conflict with recovery
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '40001',
]);

export function replicaUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (code !== undefined && UNAVAILABLE.has(code)) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message ?? '')
  );
}

/**
 * One replica's reads, answered by the primary instead while the replica cannot answer (down,
 * restarting, or cancelling a query over replay): a dashboard is slower then, not broken. Query
 * errors (bad SQL, a timeout of the query itself) are not retried.
 */
export class ReplicaReader implements Reader {
  private static readonly logger = new Logger('ReadReplica');
  private warned = false;

  constructor(
    private readonly replica: Reader,
    private readonly primary: Reader,
    private readonly name: string,
  ) {}

  query<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ) {
    return this.replica
      .query<T>(sql, params, options)
      .catch((error: unknown) =>
        this.fallBack(error, () => this.primary.query<T>(sql, params, options)),
      );
  }

  one<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ) {
    return this.replica
      .one<T>(sql, params, options)
      .catch((error: unknown) =>
        this.fallBack(error, () => this.primary.one<T>(sql, params, options)),
      );
  }

  /** Falls back only before the first row: a file half sent cannot start again elsewhere. */
  async *stream<T extends QueryResultRow>(sql: string, params?: unknown[]): AsyncGenerator<T> {
    let sent = false;
    try {
      for await (const row of this.replica.stream<T>(sql, params)) {
        sent = true;
        yield row;
      }
    } catch (error) {
      if (sent || !replicaUnavailable(error)) throw error;
      this.warn(error);
      yield* this.primary.stream<T>(sql, params);
    }
  }

  private async fallBack<T>(error: unknown, onPrimary: () => Promise<T>): Promise<T> {
    if (!replicaUnavailable(error)) throw error;
    this.warn(error);
    return onPrimary();
  }

  private warn(error: unknown) {
    // at most once a minute while the replica stays away
    if (this.warned) return;
    this.warned = true;
    setTimeout(() => (this.warned = false), 60_000).unref();
    ReplicaReader.logger.warn(`${this.name} unavailable, reading the primary: ${String(error)}`);
  }
}
