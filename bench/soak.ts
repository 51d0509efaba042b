/**
 * Soak: the built API and a worker as separate processes on the benchmark data set. First the
 * maximum rate of a read/write mix (~10 s), then SOAK_SECONDS (10 min) at half that rate while
 * the worker is kept busy, sampling both processes' memory from their /metrics listeners.
 * Prints errors, p50/p99, memory near the start (a minute after the warm-up with the same
 * background work as the last minute; the 4th of 10) against the end (the last minute), and
 * PASS/FAIL: no errors, p99 < 300 ms, RSS growth < 10 % in each process.
 *
 *   npm run bench:soak
 *   SOAK_SECONDS=600        length of the soak
 *   SOAK_PROBE_SECONDS=10   length of the maximum-rate measurement (after SOAK_WARMUP=5 s)
 *   SOAK_RATE=              requests/s of the soak (default: half the measured maximum)
 *   SOAK_CONNECTIONS=50     autocannon connections
 *   SOAK_DATABASE_URL       default postgres://postgres@127.0.0.1:5432/zone_soak
 *   SOAK_REUSE_DB=1         keep the data set of an earlier run (same migrations)
 *   SOAK_LOG_LEVEL=log      the services' LOG_LEVEL (log: one access line per request)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { dateInZone } from '../src/common/time/zone-date.js';
import { loadConfig } from '../src/config/app.config.js';
import { lastWeek } from '../src/reports/report-week.js';
import { freePort, startChild, stopAll, stopChildrenOnExit, waitReady } from './children.js';
import { generateBenchDatabase } from './generate.js';
import { deleteRedisKeys, importPark, login, sampleData } from './run-setup.js';
import {
  formatGrowth,
  histogramQuantiles,
  MemoryProbe,
  type Scrape,
  scrape,
} from './soak-memory.js';
import {
  baselineStartS,
  createEditPool,
  type EditPool,
  mixRequest,
  noteVersion,
  reloadVersions,
  startBackground,
} from './soak-mix.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL =
  process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zone_soak';
const SOAK_S = Number(process.env.SOAK_SECONDS ?? 600);
const PROBE_S = Number(process.env.SOAK_PROBE_SECONDS ?? 10);
const WARMUP_S = Number(process.env.SOAK_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50);
const TARGET_P99_MS = 300;
const TARGET_GROWTH_PCT = 10;
const dist = fileURLToPath(new URL('..', import.meta.url));
const tag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const queuePrefix = `zone-soak-${tag}`;
const logDir = mkdtempSync(join(tmpdir(), 'zone-soak-'));

interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  /** 4xx and 5xx answers, plus connection errors and timeouts */
  errors: number;
  statuses: string;
}

let sequence = 0;

async function load(
  origin: string,
  token: string,
  next: (n: number) => ReturnType<typeof mixRequest>,
  edits: EditPool,
  seconds: number,
  overallRate?: number,
): Promise<LoadResult> {
  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        // fresh headers each time: autocannon writes a body's content-length into the headers
        // object it is given, which a following GET on the connection would otherwise carry
        setupRequest: (request) => {
          const r = next(sequence++);
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          if (r.body !== undefined) headers['content-type'] = 'application/json';
          return { ...request, ...r, headers };
        },
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          noteVersion(edits, body);
        },
      },
    ],
  });
  const failed = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
  return {
    rps: Math.round(result.requests.total / (result.duration || seconds)),
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: failed + result.errors + result.timeouts,
    statuses: [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}×${c}`)
      .join(' '),
  };
}

const line = (label: string, r: LoadResult) =>
  `${label.padEnd(9)} ${String(r.rps).padStart(5)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ` +
  `errors ${r.errors}  (${r.requests} requests: ${r.statuses})`;

/** The rule evaluation of every park, in the worker (the API's POST would run it in the API). */
async function enqueueEvaluation(databaseUrl: string, correlationId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO outbox (queue, job_name, payload, correlation_id)
       VALUES ('supervision', 'rule-evaluation', '{}', $1)`,
      [correlationId],
    );
  } finally {
    await client.end();
  }
}

/** Until the queues hold no waiting or active job and the outbox is empty (or the time is up). */
async function settle(metricsUrl: string, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const s = await scrape(metricsUrl);
    const busy = s.text
      .split('\n')
      .filter((l) => /^queue_jobs\{.*state="(waiting|active)"/.test(l))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    if (busy === 0 && s.value('outbox_pending') === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Date.now() - started;
}

/** A line a minute: the elapsed time, each process's memory, the worker's jobs so far. */
async function printProgress(
  probes: MemoryProbe[],
  workerMetricsUrl: string,
  before: Scrape,
  started: number,
): Promise<void> {
  const w = await scrape(workerMetricsUrl).catch(() => undefined);
  if (!w) return;
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const mem = probes
    .map((p) => p.samples.at(-1))
    .map((s, i) => (s ? `${probes[i].name} ${mib(s.rss)}/${mib(s.heap)} MB` : ''))
    .join(', ');
  const done = w.sum('jobs_completed_total') - before.sum('jobs_completed_total');
  const failed = w.sum('jobs_failed_total') - before.sum('jobs_failed_total');
  const elapsed = String(Math.round((Date.now() - started) / 1000)).padStart(4);
  console.log(`  ${elapsed} s  RSS/heap ${mem}; worker: ${done} jobs done, ${failed} failed`);
}

async function main() {
  stopChildrenOnExit(() => deleteRedisKeys(REDIS_URL, queuePrefix));
  console.log(`logs in ${logDir}, queue prefix ${queuePrefix}\n\n== data ==`);
  const { databaseUrl } = await generateBenchDatabase({
    databaseUrl: DATABASE_URL,
    reuse: process.env.SOAK_REUSE_DB === '1',
  });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    DB_MIGRATE_ON_BOOT: 'false',
    EVALUATE_ON_BOOT: 'false',
    LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'log',
    HOST: '127.0.0.1',
  };
  const config = loadConfig(env);
  const [apiPort, apiMetrics, workerMetrics] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const entry = join(dist, 'src/main.js');
  const api = startChild(
    'api',
    [entry],
    { ...env, APP_ROLES: 'api', PORT: String(apiPort), METRICS_PORT: String(apiMetrics) },
    logDir,
  );
  const worker = startChild(
    'worker',
    [entry],
    { ...env, APP_ROLES: 'worker', METRICS_PORT: String(workerMetrics) },
    logDir,
  );
  const origin = `http://127.0.0.1:${apiPort}`;
  const apiMetricsUrl = `http://127.0.0.1:${apiMetrics}/metrics`;
  const workerMetricsUrl = `http://127.0.0.1:${workerMetrics}/metrics`;
  await Promise.all([waitReady(api, `${origin}/health`), waitReady(worker, workerMetricsUrl)]);
  console.log(
    `\nAPI pid ${api.pid} on ${apiPort}, worker pid ${worker.pid}; metrics on ` +
      `${apiMetrics} and ${workerMetrics}; LOG_LEVEL=${env.LOG_LEVEL}`,
  );

  const token = await login(origin);
  const sample = await sampleData(databaseUrl);
  const edits = await createEditPool(origin, token, sample.parkIds, tag);
  const importParkId = await importPark(databaseUrl, tag);
  const today = dateInZone(new Date(), config.zoneTimeZone);
  const next = (n: number) => mixRequest(n, sample, edits, tag, today);

  // the first scan and evaluation of a day do the most: not inside the measurements
  console.log('\n== first reminder scan and rule evaluation ==');
  await fetch(`${origin}/api/v1/jobs/reminder-scan`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await enqueueEvaluation(databaseUrl, `soak-${tag}-boot`);
  console.log(`queues idle after ${await settle(workerMetricsUrl)} ms`);

  console.log(`\n== maximum rate: ${CONNECTIONS} connections, ${PROBE_S} s after ${WARMUP_S} s ==`);
  console.log(line('warm-up', await load(origin, token, next, edits, WARMUP_S)));
  await reloadVersions(databaseUrl, edits);
  const probe = await load(origin, token, next, edits, PROBE_S);
  console.log(line('maximum', probe));
  await reloadVersions(databaseUrl, edits);
  const rate = Number(process.env.SOAK_RATE ?? Math.max(1, Math.floor(probe.rps / 2)));
  await settle(workerMetricsUrl, 60_000);

  console.log(`\n== soak: ${rate} req/s for ${SOAK_S} s, the worker kept busy ==`);
  const probes = [
    new MemoryProbe('api', apiMetricsUrl),
    new MemoryProbe('worker', workerMetricsUrl),
  ];
  const jobsBefore = await scrape(workerMetricsUrl);
  const apiBefore = await scrape(apiMetricsUrl);
  for (const p of probes) p.start();
  const background = startBackground(
    origin,
    token,
    databaseUrl,
    sample,
    importParkId,
    lastWeek(today),
    tag,
  );
  const started = Date.now();
  const progress = setInterval(
    () => void printProgress(probes, workerMetricsUrl, jobsBefore, started),
    60_000,
  );
  let soak: LoadResult;
  try {
    soak = await load(origin, token, next, edits, SOAK_S, rate);
  } finally {
    clearInterval(progress);
    for (const p of probes) p.stop();
  }
  const bg = await background.stop();
  const jobsAfter = await scrape(workerMetricsUrl);
  console.log(line('soak', soak));
  const [p50, p99] = histogramQuantiles(apiBefore, await scrape(apiMetricsUrl), [0.5, 0.99]);
  console.log(
    `the API's own histogram: p50 <= ${p50 * 1000} ms, p99 <= ${p99 * 1000} ms (bucket bounds)`,
  );
  console.log(
    `worker meanwhile: ${jobsAfter.sum('jobs_completed_total') - jobsBefore.sum('jobs_completed_total')} jobs completed, ` +
      `${jobsAfter.sum('jobs_failed_total') - jobsBefore.sum('jobs_failed_total')} failed; enqueued ${bg.scans} reminder scans, ` +
      `${bg.evaluations} park evaluations, ${bg.reports} weekly reports, ${bg.imports} imports of 5,001 rows` +
      (bg.failed ? `; ${bg.failed} could not be enqueued (last: ${bg.lastError})` : ''),
  );
  const startS = baselineStartS(SOAK_S);
  const growth = probes.map((p) => p.growth(startS));
  console.log(
    `\nmemory, mean of minute ${startS / 60 + 1} (after the warm-up, the same background work ` +
      'as the last minute) -> mean of the last minute:',
  );
  for (const g of growth) console.log(`  ${formatGrowth(g)}`);

  const verdicts: [string, string, boolean][] = [
    ['errors (4xx/5xx, timeouts) = 0', String(soak.errors), soak.errors === 0],
    [`p99 < ${TARGET_P99_MS} ms`, `${soak.p99} ms (p50 ${soak.p50} ms)`, soak.p99 < TARGET_P99_MS],
    ...growth.map((g): [string, string, boolean] => [
      `${g.name} RSS growth < ${TARGET_GROWTH_PCT} %`,
      `${g.rss.pct.toFixed(1)} %`,
      g.rss.pct < TARGET_GROWTH_PCT,
    ]),
  ];
  console.log(`\n== verdict (maximum ${probe.rps} req/s, soak ${rate} req/s for ${SOAK_S} s) ==`);
  for (const [target, measured, passed] of verdicts) {
    console.log(`  ${passed ? 'PASS' : 'FAIL'}  ${target.padEnd(34)} ${measured}`);
  }
  const passed = verdicts.every(([, , ok]) => ok);
  console.log(passed ? '\nPASS' : '\nFAIL');
  if (!passed) process.exitCode = 1;
}

const begun = Date.now();
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    await deleteRedisKeys(REDIS_URL, queuePrefix);
    console.log(`\n(${Math.round((Date.now() - begun) / 1000)} s in all; logs in ${logDir})`);
    process.exit();
  });
