/**
 * What the soak sends: a read/write mix through autocannon (lists, gets, the dashboard, a
 * timeline, health; progress updates, creates, edits), and meanwhile work for the worker
 * (reminder scans, rule evaluations of a park, weekly reports, 5,001-row imports).
 */
import pg from 'pg';
import { API_PREFIX } from '../src/http-app.js';
import { OVERVIEW_PATH } from './dashboard-probe.js';
import { drain } from './load.js';
import type { Sample } from './run-setup.js';

const P = `/${API_PREFIX}`;

export interface MixRequest {
  path: string;
  method: 'GET' | 'POST' | 'PATCH';
  body?: string;
}

/** Projects the soak created for itself, so its edits never race another writer's version. */
export interface EditPool {
  ids: string[];
  versions: Map<string, number>;
}

/**
 * Request n of the mix, out of every 20: 7 list pages, 6 gets by id, 2 dashboard overviews,
 * 3 progress updates, a create, an edit.
 */
export function mixRequest(
  n: number,
  sample: Sample,
  edits: EditPool,
  tag: string,
  today: string,
): MixRequest {
  const stages = ['under_construction', 'signed,preparing', 'completed,in_operation', 'lead'];
  const pick = <T>(xs: T[], k: number) => xs[k % xs.length];
  const id = pick(sample.projectIds, n * 7);
  const slot = n % 20;
  if (slot < 7) {
    const park = pick(sample.parkIds, n);
    return {
      method: 'GET',
      path: `${P}/projects?parkId=${park}&stage=${pick(stages, n)}&limit=20`,
    };
  }
  if (slot < 13) return { method: 'GET', path: `${P}/projects/${id}` };
  if (slot < 15) return { method: 'GET', path: OVERVIEW_PATH };
  if (slot < 18) {
    return {
      method: 'POST',
      path: `${P}/projects/${pick(sample.openProjectIds, n * 13)}/progress`,
      body: JSON.stringify({
        date: today,
        note: `Bench soak update ${n}`,
        percentComplete: n % 101,
      }),
    };
  }
  if (slot === 18) {
    return {
      method: 'POST',
      path: `${P}/projects`,
      body: JSON.stringify({
        code: `BN-${tag}-s-${n}`,
        name: `Bench soak project ${n}`,
        parkId: pick(sample.parkIds, n),
        levels: ['municipal'],
        plannedInvestment: '120000000.00',
        startDate: '2026-03-01',
        plannedCompletionDate: '2027-06-30',
      }),
    };
  }
  // one edit per 20 requests over hundreds of projects: an edit is long done when its project
  // comes round again, so the version read back is current
  const editId = pick(edits.ids, Math.floor(n / 20));
  return {
    method: 'PATCH',
    path: `${P}/projects/${editId}`,
    body: JSON.stringify({
      description: `Soak edit ${n}`,
      version: edits.versions.get(editId) ?? 1,
    }),
  };
}

/**
 * The stored versions of the edit pool: an edit autocannon dropped at the end of a run (sent,
 * saved, its answer never read) left the version held here behind. Read once the API has
 * finished what it was still running.
 */
export async function reloadVersions(databaseUrl: string, edits: EditPool): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // a dropped request may still wait for a connection of the API's pool: not yet in pg
    await new Promise((r) => setTimeout(r, 3_000));
    await drain(client);
    const { rows } = await client.query<{ id: string; version: number }>(
      `SELECT id, version FROM projects WHERE id = ANY($1::uuid[])`,
      [edits.ids],
    );
    for (const row of rows) edits.versions.set(row.id, row.version);
  } finally {
    await client.end();
  }
}

/** Remembers the version an edit (or the create of the pool) answered with. */
export function noteVersion(edits: EditPool, body: string): void {
  if (!body.includes('"version"')) return;
  try {
    const { id, version } = JSON.parse(body) as { id?: string; version?: number };
    if (id && typeof version === 'number' && edits.versions.has(id))
      edits.versions.set(id, version);
  } catch {
    // not JSON: nothing to note
  }
}

/** The soak's own projects to edit, created through the API. */
export async function createEditPool(
  origin: string,
  token: string,
  parkIds: string[],
  tag: string,
  size = 500,
): Promise<EditPool> {
  const pool: EditPool = { ids: [], versions: new Map() };
  for (let i = 0; i < size; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, size - i) }, async (_, k) => {
        const n = i + k;
        const response = await fetch(`${origin}${P}/projects`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            code: `BN-${tag}-e-${n}`,
            name: `Bench soak edited project ${n}`,
            parkId: parkIds[n % parkIds.length],
            plannedInvestment: '50000000.00',
          }),
        });
        if (!response.ok) throw new Error(`edit pool: ${response.status} ${await response.text()}`);
        const { id, version } = (await response.json()) as { id: string; version: number };
        pool.ids.push(id);
        pool.versions.set(id, version);
      }),
    );
  }
  return pool;
}

export interface BackgroundStats {
  scans: number;
  evaluations: number;
  reports: number;
  imports: number;
  failed: number;
  lastError?: string;
}

/**
 * Keeps the worker busy while the soak runs: every minute a reminder scan (through the API) and a
 * rule evaluation of one park (an outbox row, as the API writes them), every 2 minutes a weekly
 * report regenerated, every 3 minutes an import of 5,001 rows (above the threshold: a job).
 */
export function startBackground(
  origin: string,
  token: string,
  databaseUrl: string,
  sample: Sample,
  importParkId: string,
  week: string,
  tag: string,
): { stats: BackgroundStats; stop(): Promise<BackgroundStats> } {
  const stats: BackgroundStats = { scans: 0, evaluations: 0, reports: 0, imports: 0, failed: 0 };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const inFlight = new Set<Promise<void>>();
  const track = (what: keyof Omit<BackgroundStats, 'failed' | 'lastError'>, p: Promise<void>) => {
    const run = p.then(
      () => void stats[what]++,
      (error: unknown) => {
        stats.failed++;
        stats.lastError = `${what}: ${String(error)}`;
      },
    );
    const done = run.finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${origin}${P}${path}`, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let round = 0;
  const tick = () => {
    const r = round++;
    track('scans', post('/jobs/reminder-scan'));
    track(
      'evaluations',
      db
        .query(
          `INSERT INTO outbox (queue, job_name, payload, correlation_id)
           VALUES ('supervision', 'rule-evaluation', $1, $2)`,
          [
            JSON.stringify({ parkId: sample.parkIds[r % sample.parkIds.length] }),
            `soak-${tag}-${r}`,
          ],
        )
        .then(() => undefined),
    );
    if (r % 2 === 1) {
      const parkId = sample.parkIds[r % sample.parkIds.length];
      track('reports', post('/reports/weekly', { week, parkId, regenerate: true }));
    }
    if (r % 3 === 0) track('imports', postImport(origin, token, importParkId, `SK${tag}${r}`));
  };
  tick();
  const timer = setInterval(tick, 60_000);
  return {
    stats,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      await db.end();
      return stats;
    },
  };
}

/**
 * Where the memory comparison's start window begins (s into the soak): the earliest minute after
 * the first whose background work is the last minute's (the work repeats every 6 minutes), so
 * that both windows hold the same jobs (an import's file in memory, say), not one of them alone.
 */
export function baselineStartS(soakS: number): number {
  const lastTick = Math.floor(soakS / 60) - 1;
  if (lastTick < 2) return 0;
  const tick = lastTick % 6 || 6;
  return tick < lastTick ? tick * 60 : 60;
}

const IMPORT_ROWS = 5_001;

/** Posts a register big enough to run as a job (202); the worker does the rest. */
async function postImport(origin: string, token: string, parkId: string, codePrefix: string) {
  const { generateRegister } = await import('./import-data.js');
  const file = await generateRegister(IMPORT_ROWS, 'csv', { codePrefix });
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'register.csv');
  const response = await fetch(`${origin}${P}/imports/projects?parkId=${parkId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body,
  });
  if (response.status !== 202) {
    throw new Error(`import: ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
}
