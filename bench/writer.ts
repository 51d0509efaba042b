/**
 * Writes going on while the reads are measured: a few progress updates a second through the API
 * (each one re-lights its project in its transaction and marks the dashboard summaries stale).
 */
import { API_PREFIX } from '../src/http-app.js';

export interface WriterStats {
  sent: number;
  ok: number;
  failed: number;
  lastError?: string;
}

export interface Writer {
  stats: WriterStats;
  stop(): Promise<WriterStats>;
}

const MAX_IN_FLIGHT = 8;

export function startWriter(
  origin: string,
  token: string,
  projectIds: string[],
  today: string,
  perSecond = 4,
): Writer {
  const stats: WriterStats = { sent: 0, ok: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const write = async (n: number) => {
    const projectId = projectIds[(n * 7919) % projectIds.length];
    try {
      const response = await fetch(`${origin}/${API_PREFIX}/projects/${projectId}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          date: today,
          note: `Bench writer update ${n}`,
          percentComplete: n % 101,
        }),
      });
      if (response.ok) stats.ok++;
      else {
        stats.failed++;
        stats.lastError = `${response.status} ${(await response.text()).slice(0, 200)}`;
      }
    } catch (error) {
      stats.failed++;
      stats.lastError = String(error);
    }
  };
  const timer = setInterval(() => {
    // a saturated API makes writes wait; they are not piled up without end
    if (inFlight.size >= MAX_IN_FLIGHT) return;
    const p = write(stats.sent++).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / perSecond);
  return {
    stats,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return stats;
    },
  };
}
