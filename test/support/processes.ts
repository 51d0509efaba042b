import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

const ROOT = join(import.meta.dirname, '../..');

/** A free TCP port on 127.0.0.1 (asks the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/**
 * A Redis of the test's own on a free port, with AOF in a temp directory (so a restart keeps
 * what was queued) unless told otherwise. Only ever on 127.0.0.1. With `cluster`, a one-node
 * Redis Cluster holding every slot: it refuses cross-slot commands and scripts (CROSSSLOT)
 * exactly as a real cluster does, while plain clients need no redirections.
 */
export async function startPrivateRedis(
  options: { appendonly?: boolean; maxmemoryPolicy?: string; cluster?: boolean } = {},
): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'zone-redis-'));
  let proc: ChildProcess | undefined;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    options.appendonly === false ? 'no' : 'yes',
    '--dir',
    dir,
    '--maxmemory-policy',
    options.maxmemoryPolicy ?? 'noeviction',
    ...(options.cluster ? ['--cluster-enabled', 'yes'] : []),
  ];
  const ping = async () => {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if (!options.cluster) return (await client.ping()) === 'PONG';
      const info = String(await client.cluster('INFO'));
      if (info.includes('cluster_slots_assigned:0'))
        await client.cluster('ADDSLOTSRANGE', 0, 16383);
      return info.includes('cluster_state:ok');
    } finally {
      client.disconnect();
    }
  };
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    start: async () => {
      proc = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(ping, 10_000, `redis on ${port}`);
    },
    stop: async () => {
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((r) => proc?.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
    destroy: async () => {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}

export interface ServiceProcess {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * The service (src/main.ts, run from source through SWC) as a real child process: what a deploy
 * runs, so tests can SIGTERM or SIGKILL it. Resolves once `ready` appears in its output.
 */
export async function spawnService(
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', './test/support/ts-register.mjs', 'src/main.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  proc.stdout?.on('data', (chunk) => (output += String(chunk)));
  proc.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | string | null>((resolve) =>
    proc.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const service: ServiceProcess = {
    proc,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
  await Promise.race([
    waitUntil(async () => ready.test(output), timeoutMs, `service output ${ready}`),
    exited.then((code) => {
      throw new Error(`service exited (${code}) before ready:\n${output}`);
    }),
  ]);
  return service;
}
