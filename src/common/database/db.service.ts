import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { ReplicaReader } from './replica-reader.js';

/** Something that runs SQL: the pool, or one connection inside a transaction. */
export interface QueryOptions {
  /**
   * Run as a named prepared statement: parsed and planned once per connection, then only
   * executed. For the hot statements whose text is fixed (or takes few shapes); after five runs
   * Postgres may settle on a generic plan, so not for statements whose best plan depends on
   * the values.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  one<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<T | undefined>;
}

/** A Queryable that can also stream rows through a cursor: what list endpoints read from. */
export interface Reader extends Queryable {
  stream<T extends QueryResultRow>(sql: string, params?: unknown[]): AsyncGenerator<T>;
}

/** The statement's name: a digest of its text, so one text is prepared once per connection. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `z_${createHash('sha1').update(sql).digest('base64url')}`;
    if (statementNames.size > 5_000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

class ClientQueryable implements Queryable {
  constructor(private readonly client: Pool | PoolClient) {}

  async query<T extends QueryResultRow>(
    sql: string,
    params: unknown[] = [],
    options?: QueryOptions,
  ): Promise<T[]> {
    if (options?.prepare) {
      return (await this.client.query<T>({ name: statementName(sql), text: sql, values: params }))
        .rows;
    }
    return (await this.client.query<T>(sql, params)).rows;
  }

  async one<T extends QueryResultRow>(sql: string, params: unknown[] = [], options?: QueryOptions) {
    return (await this.query<T>(sql, params, options))[0];
  }
}

/**
 * A pooled connection, listened to while it is out. pg-pool listens for a connection's errors
 * only while it is idle: one cut while checked out (Postgres restarting, its backend terminated)
 * emits 'error' with no listener, and that ends the process. Here the error is kept instead, the
 * statement in progress fails with it (then 503), and the broken connection is discarded.
 */
async function checkout(pool: Pool) {
  const client = await pool.connect();
  let error: Error | undefined;
  const onError = (e: Error) => (error ??= e);
  client.on('error', onError);
  return {
    client,
    broken: () => error,
    release: (discard: boolean) => {
      client.removeListener('error', onError);
      // a truthy argument makes the pool close the connection instead of reusing it
      client.release(error ?? (discard || undefined));
    },
  };
}

/** Statements and cursors over one pool (the primary's, or a read replica's). */
class PoolReader extends ClientQueryable implements Reader {
  constructor(private readonly pool: Pool) {
    super(pool);
  }

  /**
   * Rows one batch at a time through a server-side cursor, for exports of any size. The pooled
   * connection goes back when the iteration ends, fails or is abandoned.
   */
  async *stream<T extends QueryResultRow>(sql: string, params: unknown[] = []): AsyncGenerator<T> {
    const { client, release } = await checkout(this.pool);
    let failed = false;
    try {
      const rows = client.query(new QueryStream(sql, params, { batchSize: 500 }));
      for await (const row of rows) yield row as T;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // a connection whose cursor broke off midway is not handed to the next caller
      release(failed);
    }
  }
}

/**
 * Plain SQL over the pools TypeORM opened. Reads and writes that matter for speed go through here:
 * one round trip per statement, rows as plain objects, no entity hydration.
 */
@Injectable()
export class Db implements Reader {
  private readonly pool: Pool;
  private readonly primary: PoolReader;
  private readonly replicas: ReplicaReader[];
  private nextReplica = 0;

  constructor(readonly dataSource: DataSource) {
    // TypeORM's replication: `master` always, `slaves` when DATABASE_REPLICA_URLS names any
    const driver = dataSource.driver as unknown as { master: Pool; slaves?: Pool[] };
    this.pool = driver.master;
    this.primary = new PoolReader(this.pool);
    this.replicas = (driver.slaves ?? []).map(
      (pool, i) => new ReplicaReader(new PoolReader(pool), this, `replica ${i + 1}`),
    );
  }

  /** DATABASE_REPLICA_URLS named at least one replica. */
  get hasReplicas(): boolean {
    return this.replicas.length > 0;
  }

  /**
   * A read replica, round-robin (the primary when none is configured, or while the replica
   * cannot answer). Its rows may lag the primary by the replication delay: only for reads that
   * tolerate it (dashboards, reports), never after a write of the same request or for a check
   * that guards a write.
   */
  get replica(): Reader {
    if (!this.replicas.length) return this;
    this.nextReplica = (this.nextReplica + 1) % this.replicas.length;
    return this.replicas[this.nextReplica];
  }

  query<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ) {
    return this.primary.query<T>(sql, params, options);
  }

  one<T extends QueryResultRow = QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ) {
    return this.primary.one<T>(sql, params, options);
  }

  /** A cursor on the primary (see PoolReader.stream). */
  stream<T extends QueryResultRow>(sql: string, params: unknown[] = []): AsyncGenerator<T> {
    return this.primary.stream<T>(sql, params);
  }

  /** Runs fn in one transaction on one connection; any throw rolls everything back. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const { client, broken, release } = await checkout(this.pool);
    let discard = false;
    try {
      await client.query('BEGIN');
      const result = await fn(new ClientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken()) await client.query('ROLLBACK').catch(() => (discard = true));
      throw error;
    } finally {
      release(discard);
    }
  }
}
