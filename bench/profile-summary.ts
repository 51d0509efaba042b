/**
 * Where a .cpuprofile spent its time: self time grouped by where the code lives (a package under
 * node_modules, the app's own src/, Node's internals, GC, idle) and the hottest functions.
 *
 *   node dist/bench/profile-summary.js path/to/1.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byPlace: [string, number][];
  byFunction: [string, number][];
}

/** Groups a script URL: node_modules/<package>, the app's src/<feature>, node internals… */
function place(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /\/dist\/(src\/[^/]+)/.exec(url);
  if (app) return app[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export function summariseProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url, functionName);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]): [string, number] => [k, us / 1000]);
  return { totalMs: total / 1000, byPlace: sorted(byPlace), byFunction: sorted(byFunction) };
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %`;
  return [
    `  self time by place (of ${Math.round(s.totalMs)} ms sampled):`,
    ...s.byPlace.map(([k, ms]) => `    ${pct(ms)}  ${k}`),
    '  hottest functions (self time):',
    ...s.byFunction.map(([k, ms]) => `    ${pct(ms)}  ${k}`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const path of process.argv.slice(2)) {
    console.log(path);
    console.log(formatSummary(summariseProfile(path, 25)));
  }
}
