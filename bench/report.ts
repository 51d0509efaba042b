/** The closing table: each endpoint against the reference, and the targets of issue 6. */
import type { Figures } from './load.js';

export interface EndpointResult {
  key: string;
  label: string;
  api?: Figures;
  ref?: Figures;
  /** why the API side was not measured */
  skipped?: string;
}

export interface Verdict {
  target: string;
  measured: string;
  passed: boolean | undefined;
}

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)} %` : 'n/a');
const times = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');

export function ratioLine(r: EndpointResult): string {
  if (!r.api || !r.ref)
    return `${''.padEnd(10)} ratio API/reference: n/a (${r.skipped ?? 'not measured'})`;
  return (
    `${''.padEnd(10)} ratio API/reference: req/s ${pct(r.api.requestsPerSecond, r.ref.requestsPerSecond)}, ` +
    `p50 ${times(r.api.p50, r.ref.p50)}, p99 ${times(r.api.p99, r.ref.p99)}, ` +
    `CPU/req ${times(r.api.cpuUs, r.ref.cpuUs)}, Postgres/req ${times(r.api.dbUs, r.ref.dbUs)}`
  );
}

/** The req/s share (and for the dashboard the p99 bound) each endpoint must reach. */
export function endpointVerdict(r: EndpointResult): Verdict | undefined {
  const share: Record<string, number> = { dashboard: 60, get: 50, create: 60 };
  const needed = share[r.key];
  if (needed === undefined) return undefined;
  const target =
    r.key === 'dashboard'
      ? `${r.label}: ≥ ${needed} % of reference req/s, p99 ≤ 1.5×`
      : `${r.label}: ≥ ${needed} % of reference req/s`;
  if (!r.api || !r.ref) return { target, measured: r.skipped ?? 'not measured', passed: undefined };
  const ratio = r.api.requestsPerSecond / r.ref.requestsPerSecond;
  const p99 = r.api.p99 / r.ref.p99;
  // a run with failed requests proves nothing
  const clean = r.api.non2xx === 0 && r.api.errors === 0 && r.ref.non2xx === 0;
  let passed = clean && ratio * 100 >= needed;
  let measured = `${pct(r.api.requestsPerSecond, r.ref.requestsPerSecond)}`;
  if (r.key === 'dashboard') {
    passed = passed && p99 <= 1.5;
    measured += `, p99 ${times(r.api.p99, r.ref.p99)}`;
  }
  if (!clean) measured += ' (failed requests)';
  return { target, measured, passed };
}

export function printTable(results: EndpointResult[], verdicts: Verdict[]): void {
  console.log('\n== summary ==');
  const head =
    `${'endpoint'.padEnd(20)} ${'API req/s'.padStart(9)} ${'ref req/s'.padStart(9)} ` +
    `${'ratio'.padStart(6)} ${'API p50/p99 ms'.padStart(15)} ${'ref p50/p99 ms'.padStart(15)} ` +
    `${'API µs/req'.padStart(10)} ${'ref µs/req'.padStart(10)} ${'PG µs/req API/ref'.padStart(18)}`;
  console.log(head);
  for (const r of results) {
    const a = r.api;
    const f = r.ref;
    console.log(
      `${r.label.padEnd(20)} ${String(a?.requestsPerSecond ?? '-').padStart(9)} ` +
        `${String(f?.requestsPerSecond ?? '-').padStart(9)} ` +
        `${(a && f ? pct(a.requestsPerSecond, f.requestsPerSecond) : '-').padStart(6)} ` +
        `${(a ? `${a.p50}/${a.p99}` : '-').padStart(15)} ${(f ? `${f.p50}/${f.p99}` : '-').padStart(15)} ` +
        `${String(a?.cpuUs ?? '-').padStart(10)} ${String(f?.cpuUs ?? '-').padStart(10)} ` +
        `${`${a?.dbUs ?? '-'}/${f?.dbUs ?? '-'}`.padStart(18)}`,
    );
  }
  console.log('\n== targets ==');
  for (const v of verdicts) {
    const result = v.passed === undefined ? 'NOT MEASURED' : v.passed ? 'PASS' : 'FAIL';
    console.log(`${result.padEnd(13)} ${v.target.padEnd(58)} ${v.measured}`);
  }
}
