/**
 * Memory of the soak's processes, read from their /metrics listeners (resident set and V8 heap
 * in use), and how it moved between a minute near the start and the last minute of the soak.
 */

export interface MemorySample {
  /** seconds since the soak started */
  t: number;
  rss: number;
  heap: number;
}

export interface Scrape {
  text: string;
  value(series: string): number | undefined;
  /** the sum of every series of a metric (all label sets) */
  sum(metric: string): number;
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const text = await response.text();
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  return {
    text,
    value(series) {
      const line = lines.find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    },
    sum(metric) {
      return lines
        .filter((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `))
        .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    },
  };
}

/**
 * Quantiles of the API's own latency histogram between two scrapes (all routes), as the upper
 * bound of the bucket they fall in: what the server measured, without the load generator's wait.
 */
export function histogramQuantiles(before: Scrape, after: Scrape, qs: number[]): number[] {
  const byLe = (s: Scrape) => {
    const totals = new Map<number, number>();
    for (const l of s.text.split('\n')) {
      if (!l.startsWith('http_request_duration_seconds_bucket{')) continue;
      const le = /le="([^"]+)"/.exec(l)?.[1];
      if (!le) continue;
      const bound = le === '+Inf' ? Infinity : Number(le);
      totals.set(bound, (totals.get(bound) ?? 0) + Number(l.slice(l.lastIndexOf(' ') + 1)));
    }
    return totals;
  };
  const [a, b] = [byLe(before), byLe(after)];
  const buckets = [...b.keys()]
    .sort((x, y) => x - y)
    .map((le) => [le, b.get(le)! - (a.get(le) ?? 0)]);
  const total = buckets.at(-1)?.[1] ?? 0;
  return qs.map((q) => buckets.find(([, count]) => count >= q * total)?.[0] ?? NaN);
}

/** Samples one process's metrics endpoint every `everyMs` until stopped. */
export class MemoryProbe {
  readonly samples: MemorySample[] = [];
  failures = 0;
  private timer?: NodeJS.Timeout;
  private started = 0;

  constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  start(everyMs = 5_000): void {
    this.started = Date.now();
    const take = async () => {
      try {
        const s = await scrape(this.url);
        this.samples.push({
          t: (Date.now() - this.started) / 1000,
          rss: s.value('process_resident_memory_bytes') ?? NaN,
          heap: s.value('nodejs_heap_size_used_bytes') ?? NaN,
        });
      } catch {
        this.failures++;
      }
    };
    void take();
    this.timer = setInterval(() => void take(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Mean RSS and heap over `windowS` seconds from `startS` against the last `windowS` seconds:
   * single samples swing with each garbage collection and each job, a minute's mean less so.
   */
  growth(startS: number, windowS = 60): MemoryGrowth {
    const last = this.samples.at(-1)?.t ?? 0;
    const first = this.samples.filter((s) => s.t >= startS && s.t < startS + windowS);
    const end = this.samples.filter((s) => s.t > last - windowS);
    const mean = (xs: MemorySample[], key: 'rss' | 'heap') =>
      xs.reduce((total, s) => total + s[key], 0) / Math.max(xs.length, 1);
    const rss = { start: mean(first, 'rss'), end: mean(end, 'rss') };
    const heap = { start: mean(first, 'heap'), end: mean(end, 'heap') };
    return {
      name: this.name,
      samples: this.samples.length,
      rss: { ...rss, pct: ((rss.end - rss.start) / rss.start) * 100 },
      heap: { ...heap, pct: ((heap.end - heap.start) / heap.start) * 100 },
    };
  }
}

export interface MemoryGrowth {
  name: string;
  samples: number;
  rss: { start: number; end: number; pct: number };
  heap: { start: number; end: number; pct: number };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (p: number) => `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;

export function formatGrowth(g: MemoryGrowth): string {
  return (
    `${g.name.padEnd(7)} RSS ${mb(g.rss.start)} -> ${mb(g.rss.end)} (${pct(g.rss.pct)})` +
    `   heap used ${mb(g.heap.start)} -> ${mb(g.heap.end)} (${pct(g.heap.pct)})` +
    `   (${g.samples} samples)`
  );
}
