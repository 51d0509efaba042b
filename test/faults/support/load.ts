/** What one request of the load is: its kind names it in the figures. */
export interface RequestSpec {
  kind: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
}

export interface Sample {
  kind: string;
  /** ms since the load started */
  start: number;
  end: number;
  /** the HTTP status; 'error' when no answer came (refused, reset); 'timeout' past timeoutMs */
  status: number | 'error' | 'timeout';
  body?: Record<string, unknown>;
  error?: string;
}

export interface LoadOptions {
  baseUrl: string;
  token: string;
  /** requests in flight at once, each loop sending its next request when the last answered */
  concurrency: number;
  /** a request not answered by then counts as a hang */
  timeoutMs: number;
  /** the i-th request of loop `worker` */
  next: (i: number, worker: number) => RequestSpec;
  /** pause between a loop's requests, so two cores shared with others are not saturated */
  pauseMs?: number;
}

/** Closed-loop HTTP load over fetch (keep-alive), every answer kept with its timing. */
export class HttpLoad {
  readonly samples: Sample[] = [];
  readonly t0 = Date.now();
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    for (let w = 0; w < this.options.concurrency; w++) this.loops.push(this.loop(w));
    return this;
  }

  /** ms since the load started */
  now(): number {
    return Date.now() - this.t0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(worker: number) {
    for (let i = 0; !this.stopped; i++) {
      this.samples.push(await this.send(this.options.next(i, worker)));
      if (this.options.pauseMs) await new Promise((r) => setTimeout(r, this.options.pauseMs));
    }
  }

  async send(spec: RequestSpec): Promise<Sample> {
    const start = this.now();
    try {
      const res = await fetch(`${this.options.baseUrl}${spec.path}`, {
        method: spec.method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.text();
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      return { kind: spec.kind, start, end: this.now(), status: res.status, body };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      const timedOut = e.name === 'TimeoutError';
      return {
        kind: spec.kind,
        start,
        end: this.now(),
        status: timedOut ? 'timeout' : 'error',
        error: e.cause?.code ?? e.message,
      };
    }
  }
}

/** `{ "read 200": 812, "write 503": 3, … }` over the samples that started in [from, to). */
export function tally(samples: Sample[], from = 0, to = Infinity): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.start < from || s.start >= to) continue;
    const key = `${s.kind} ${s.status}${s.error ? ` ${s.error}` : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
