import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { freePort } from '../../support/processes.js';

const run = promisify(execFile);
const VERSION = '15';
const TIMEOUT_MS = 60_000;

export interface PrivatePostgres {
  name: string;
  port: number;
  /** A database URL on this cluster (the service creates the database if it is missing). */
  url(database: string): string;
  /** `pg_ctlcluster … restart -m fast`: every session is cut, new ones are refused meanwhile. */
  restart(): Promise<void>;
  /** Stops and drops the cluster (data directory and config); safe to call twice. */
  destroy(): Promise<void>;
}

async function ctl(...args: string[]) {
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, ...args], {
    timeout: TIMEOUT_MS,
  });
}

/**
 * A Postgres cluster of the test's own (never the shared one on 5432, which other runs use), on a
 * free port, trust auth, no fsync: made to be restarted under load and thrown away.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const name = `faults${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  let dropped = false;
  const destroy = async () => {
    if (dropped) return;
    dropped = true;
    await run('pg_dropcluster', [VERSION, name, '--stop'], { timeout: TIMEOUT_MS });
  };
  try {
    await run(
      'pg_createcluster',
      [
        VERSION,
        name,
        '-p',
        String(port),
        '-o',
        'fsync=off',
        '-o',
        'synchronous_commit=off',
        '-o',
        'full_page_writes=off',
        '--',
        '--auth=trust',
      ],
      { timeout: TIMEOUT_MS },
    );
    await ctl(name, 'start');
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }
  return {
    name,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: async () => {
      await ctl(name, 'restart', '-m', 'fast');
    },
    destroy,
  };
}
