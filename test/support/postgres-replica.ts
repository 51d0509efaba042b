import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './processes.js';

const run = promisify(execFile);
const VERSION = '15';

export interface ReplicatedPostgres {
  /** URLs of a database on the primary and on its streaming replica. */
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** Runs SQL on the `postgres` database of the primary or the replica. */
  admin(on: 'primary' | 'replica', sql: string): Promise<pg.QueryResult>;
  /** Stops applying WAL on the replica: from now on it shows the primary as it was. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has applied everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops the replica (fast shutdown: its connections are closed). */
  stopReplica(): Promise<void>;
  destroy(): Promise<void>;
}

const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A private Postgres primary and a streaming replica of it (pg_createcluster, pg_basebackup -R),
 * on free ports, trust auth, 127.0.0.1 only: the shared server is never touched. Needs root (or
 * the postgres user) and the Debian postgresql-common tools.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const id = randomBytes(3).toString('hex');
  const primary = { name: `zt_primary_${id}`, port: await freePort() };
  const replica = { name: `zt_replica_${id}`, port: await freePort() };
  const created: string[] = [];
  const createCluster = async (c: { name: string; port: number }) => {
    await run('pg_createcluster', [
      VERSION,
      c.name,
      '-p',
      String(c.port),
      // a test cluster: small, and no fsync (its data lives as long as the test)
      '-o',
      'fsync=off',
      '-o',
      'shared_buffers=16MB',
      '-o',
      'max_connections=40',
      '--',
      '--auth=trust',
    ]);
    created.push(c.name);
  };
  const destroy = async () => {
    for (const name of created.toReversed()) {
      await run('pg_dropcluster', [VERSION, name, '--stop']).catch(() => undefined);
    }
  };
  try {
    await createCluster(primary);
    await run('pg_ctlcluster', [VERSION, primary.name, 'start']);
    // the replica gets its configuration from pg_createcluster and its data from the primary
    await createCluster(replica);
    const dataDir = `/var/lib/postgresql/${VERSION}/${replica.name}`;
    // emptied, not removed: pg_basebackup fills it, and it keeps its owner and mode
    for (const entry of readdirSync(dataDir)) {
      rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      'pg_basebackup',
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R', // standby.signal and primary_conninfo: a streaming replica
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await run('pg_ctlcluster', [VERSION, replica.name, 'start']);
  } catch (error) {
    await destroy();
    throw error;
  }

  const admin = async (on: 'primary' | 'replica', sql: string) => {
    const client = new pg.Client({
      connectionString: url((on === 'primary' ? primary : replica).port, 'postgres'),
    });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await waitFor(
    async () => (await admin('replica', 'SELECT pg_is_in_recovery() AS r')).rows[0].r === true,
    20_000,
    'the replica to accept connections',
  );
  return {
    primaryUrl: (database) => url(primary.port, database),
    replicaUrl: (database) => url(replica.port, database),
    admin,
    pauseReplay: async () => {
      await admin('replica', 'SELECT pg_wal_replay_pause()');
      await waitFor(
        async () =>
          (await admin('replica', 'SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s ===
          'paused',
        10_000,
        'replay to pause',
      );
    },
    resumeReplay: async () => {
      await admin('replica', 'SELECT pg_wal_replay_resume()');
    },
    caughtUp: async (timeoutMs = 10_000) => {
      const lsn = (await admin('primary', 'SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
      await waitFor(
        async () =>
          (await admin('replica', `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`))
            .rows[0].done === true,
        timeoutMs,
        `the replica to replay up to ${lsn}`,
      );
    },
    stopReplica: async () => {
      await run('pg_ctlcluster', [VERSION, replica.name, 'stop', '-m', 'fast']);
    },
    destroy,
  };
}
