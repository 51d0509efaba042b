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
