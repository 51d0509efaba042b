/**
 * The servers under test run as child processes: started here, waited for, measured through
 * /proc, and always stopped (normal end, error, Ctrl-C).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Kernel clock ticks per second (getconf CLK_TCK); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;
const US_PER_TICK = 1_000_000 / TICKS_PER_SECOND;

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  logPath: string;
}

const children = new Set<Child>();

export function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
  ipc = false,
): Child {
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const entry = { name, process: child, pid: child.pid, logPath };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
  return entry;
}

/** Polls url until it answers 2xx; fails early when the child exits. */
export async function waitReady(child: Child, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`${child.name} exited with ${child.process.exitCode}:\n${tail(child)}`);
    }
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${tail(child)}`);
}

export function tail(child: Child, lines = 30): string {
  try {
    return readFileSync(child.logPath, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** SIGTERM, then SIGKILL whoever is still there after the grace period. */
export async function stopChild(child: Child, graceMs = 8_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

let hooked = false;

/**
 * Children go with the runner however it ends: Ctrl-C and SIGTERM stop them gracefully and exit;
 * a plain exit (including an uncaught error) kills what is left.
 */
export function stopChildrenOnExit(cleanup: () => Promise<void> = async () => undefined): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of children) c.process.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the servers`);
      void stopAll()
        .then(cleanup)
        .finally(() => process.exit(130));
    });
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process, in µs (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuMicros(pid: number): number {
  return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'), false) * US_PER_TICK;
}

/**
 * CPU of the whole Postgres server in µs: every `postgres` process, plus what exited children
 * left in their parent's cutime/cstime (a closed connection's backend).
 */
export function postgresMicros(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    ticks += statTicks(stat, true);
  }
  return ticks * US_PER_TICK;
}

function statTicks(stat: string, withChildren: boolean): number {
  // fields after the command name, which may itself hold spaces and parentheses
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
  const own = Number(fields[11]) + Number(fields[12]);
  return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
}
