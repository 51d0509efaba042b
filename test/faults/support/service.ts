import { spawn } from 'node:child_process';
import { freePort, type ServiceProcess, spawnService } from '../../support/processes.js';

export const ADMIN = { email: 'admin@faults.example', password: 'faults-admin-password' };

export interface ApiProcess {
  service: ServiceProcess;
  baseUrl: string;
  /** the admin's bearer token (the first admin, created at boot) */
  token: string;
  /** true while the process has not exited */
  alive(): boolean;
}

/**
 * The service as a real process with the API on a free port of 127.0.0.1, signed in as the admin
 * created at its first boot.
 */
export async function startApiProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ApiProcess> {
  const port = await freePort();
  const service = await spawnService(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      EVALUATE_ON_BOOT: 'false',
      ...env,
    },
    /API on http/,
    timeoutMs,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
    const { accessToken } = (await res.json()) as { accessToken: string };
    return {
      service,
      baseUrl,
      token: accessToken,
      alive: () => service.proc.exitCode === null && service.proc.signalCode === null,
    };
  } catch (error) {
    service.kill('SIGKILL');
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it has not gone within `graceMs`; resolves when it has exited. */
export async function stopProcess(service: ServiceProcess, graceMs = 15_000) {
  if (service.proc.exitCode !== null || service.proc.signalCode !== null) return;
  service.kill('SIGTERM');
  const timer = setTimeout(() => service.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}

const ROOT = new URL('../../..', import.meta.url);

/**
 * The service as a process, returned at once (not when it is ready): to kill it at any point of
 * its boot as well as after.
 */
export function spawnUnready(env: Record<string, string>): ServiceProcess {
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
  return {
    proc,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}
