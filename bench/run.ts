/**
 * The API against a bare Fastify + pg reference, on 100,000 projects and 1,000,000 milestones,
 * with writes going on; then the import of a 100,000-row register. Prints per endpoint req/s,
 * p50/p99, server and Postgres CPU per request and the ratio to the reference, and the targets
 * of issue 6 with whether each passed.
 *
 *   npm run bench
 *   BENCH_REUSE_DB=1        keep the generated database of an earlier run
 *   BENCH_ONLY=get,create   measure these endpoints only (dashboard, list, get, create)
 *   BENCH_IMPORT=0          skip the import
 *   BENCH_CPU_PROF=get      write a CPU profile of the API while it serves these endpoints
 *   BENCH_REFERENCE_AUDIT=1 the reference's create also checks the park and writes the audit row
 *   BENCH_API_ROLES=api     the API child without the worker role (default api,worker)
 *   BENCH_DATABASE_URL, REDIS_URL, BENCH_DURATION (s), BENCH_WARMUP (s), BENCH_CONNECTIONS
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dateInZone } from '../src/common/time/zone-date.js';
import { loadConfig } from '../src/config/app.config.js';
import {
  type Child,
  freePort,
  startChild,
  stopAll,
  stopChildrenOnExit,
  waitReady,
} from './children.js';
import { OVERVIEW_PATH, probeOverview } from './dashboard-probe.js';
import { BENCH_ADMIN, BENCH_DATABASE_URL, generateBenchDatabase } from './generate.js';
import { runImport } from './import-run.js';
import {
  drain,
  type Figures,
  formatFigures,
  measure,
  type NextRequest,
  type Target,
  WARMUP_S,
} from './load.js';
import { formatSummary, summariseProfile } from './profile-summary.js';
import {
  type EndpointResult,
  endpointVerdict,
  printTable,
  ratioLine,
  type Verdict,
} from './report.js';
import { printDashboardSql, summaryRefreshes, waitForSummaries } from './run-dashboard.js';
import {
  compareBodies,
  deleteRedisKeys,
  endpoints,
  importPark,
  login,
  sampleData,
} from './run-setup.js';
import { startWriter, type Writer } from './writer.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IMPORT_ROWS = 100_000;
const IMPORT_TARGET_MS = 60_000;
const only = process.env.BENCH_ONLY?.split(',');
const profiled = new Set(process.env.BENCH_CPU_PROF?.split(',') ?? []);
const dist = fileURLToPath(new URL('..', import.meta.url));
const runTag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const queuePrefix = `{zone-bench-${runTag}}`;
const logDir = mkdtempSync(join(tmpdir(), 'zone-bench-'));
const profileDir = join(logDir, 'profiles');

async function main() {
  stopChildrenOnExit(() => deleteRedisKeys(REDIS_URL, queuePrefix));
  console.log(`logs in ${logDir}, queue prefix ${queuePrefix}\n`);

  console.log('== data ==');
  const { databaseUrl } = await generateBenchDatabase({
    databaseUrl: BENCH_DATABASE_URL,
    reuse: process.env.BENCH_REUSE_DB === '1',
  });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    // the worker's jobs run in the measured process, as in a one-process deployment
    APP_ROLES: process.env.BENCH_API_ROLES ?? 'api,worker',
    DB_MIGRATE_ON_BOOT: 'false',
    // a boot-time evaluation of 100,000 lights would run into the first measurement
    EVALUATE_ON_BOOT: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  };
  const config = loadConfig(env);

  console.log('\n== the dashboard overview SQL ==');
  const probe = await probeOverview(config, BENCH_ADMIN);
  const replayPath = join(logDir, 'overview-statements.json');
  // the reference computes the overview on every request, as the API does on a cache miss
  if (probe.available) writeFileSync(replayPath, JSON.stringify(probe.missStatements));
  const dashboardSql = await printDashboardSql(probe, databaseUrl, config.zoneTimeZone);

  const sample = await sampleData(databaseUrl);
  const serversStarted = new Date();
  const [apiPort, refPort] = [await freePort(), await freePort()];
  if (profiled.size) mkdirSync(profileDir, { recursive: true });
  const api = startChild(
    'api',
    [
      ...(profiled.size ? ['--import', join(dist, 'bench/cpu-profiler.js')] : []),
      join(dist, 'src/main.js'),
    ],
    { ...env, PORT: String(apiPort), BENCH_CPU_PROF_DIR: profileDir },
    logDir,
    profiled.size > 0,
  );
  const ref = startChild(
    'reference',
    [join(dist, 'bench/reference-server.js')],
    {
      DATABASE_URL: databaseUrl,
      PORT: String(refPort),
      ZONE_TIMEZONE: config.zoneTimeZone,
      BENCH_ADMIN_ID: sample.adminId,
      BENCH_REFERENCE_AUDIT: process.env.BENCH_REFERENCE_AUDIT ?? '0',
      ...(probe.available ? { BENCH_DASHBOARD_REPLAY: replayPath } : {}),
    },
    logDir,
  );
  const apiOrigin = `http://127.0.0.1:${apiPort}`;
  const refOrigin = `http://127.0.0.1:${refPort}`;
  await Promise.all([waitReady(api, `${apiOrigin}/health`), waitReady(ref, `${refOrigin}/health`)]);
  const token = await login(apiOrigin);
  console.log(
    `\nAPI pid ${api.pid} on ${apiPort} (roles ${env.APP_ROLES}), reference pid ${ref.pid} on ${refPort}`,
  );
  await waitForSummaries(databaseUrl, serversStarted);
  await compareBodies(apiOrigin, refOrigin, token, sample.projectIds[0]);

  monitor = new pg.Client({ connectionString: databaseUrl, application_name: 'zone-bench' });
  await monitor.connect();
  const apiTarget: Target = {
    origin: apiOrigin,
    pid: api.pid,
    headers: { authorization: `Bearer ${token}` },
  };
  const refTarget: Target = { origin: refOrigin, pid: ref.pid, headers: {} };
  const writer = startWriter(
    apiOrigin,
    token,
    sample.openProjectIds,
    dateInZone(new Date(), config.zoneTimeZone),
  );
  console.log(
    '\n== load: 50 connections, with ~4 progress updates/s through the API meanwhile ==\n' +
      '(the API checks a JWT and loads the caller on every request, and audits each create; ' +
      `the reference does neither${process.env.BENCH_REFERENCE_AUDIT === '1' ? ', but audits its creates too' : ''})`,
  );
  const results: EndpointResult[] = [];
  const verdicts: Verdict[] = [];
  try {
    for (const endpoint of endpoints(sample, runTag)) {
      if (only && !only.includes(endpoint.key)) continue;
      console.log(`\n${endpoint.label}`);
      const result: EndpointResult = { key: endpoint.key, label: endpoint.label };
      if (endpoint.key === 'dashboard' && !probe.available) {
        result.skipped = `GET ${OVERVIEW_PATH} answers ${probe.status}`;
        if (probe.status === 404) result.skipped += ': not built yet';
        console.log(`${'API'.padEnd(10)} skipped: ${result.skipped}`);
      } else {
        result.api = await warmAndMeasure(apiTarget, endpoint.api, endpoint.key, api);
        console.log(formatFigures('API', result.api));
      }
      result.ref = await warmAndMeasure(refTarget, endpoint.ref);
      console.log(formatFigures('reference', result.ref));
      console.log(ratioLine(result));
      results.push(result);
    }
    verdicts.push(...results.map(endpointVerdict).filter((v): v is Verdict => !!v), dashboardSql);
    if (process.env.BENCH_IMPORT !== '0') {
      verdicts.push(await importRegister(databaseUrl, apiOrigin, token));
    }
  } finally {
    await stopWriter(writer);
  }
  printTable(results, verdicts);
}

async function importRegister(
  databaseUrl: string,
  origin: string,
  token: string,
): Promise<Verdict> {
  console.log(
    `\n== import of ${IMPORT_ROWS.toLocaleString('en')} rows (the writer still writing) ==`,
  );
  const target = 'import 100k rows < 60 s';
  const parkId = await importPark(databaseUrl, runTag);
  const outcome = await runImport(origin, token, parkId, IMPORT_ROWS, `BI-${runTag}`);
  if (outcome.skipped !== undefined) {
    console.log(`skipped: ${outcome.skipped}`);
    return { target, measured: outcome.skipped, passed: undefined };
  }
  console.log(
    `${(outcome.bytes / 1e6).toFixed(1)} MB CSV generated in ${outcome.generateMs} ms; ` +
      `posted and done in ${outcome.ms} ms: ${outcome.status}, ${outcome.detail}`,
  );
  return {
    target,
    measured: `${(outcome.ms / 1000).toFixed(1)} s (${outcome.status})`,
    passed: outcome.status === 'succeeded' && outcome.ms < IMPORT_TARGET_MS,
  };
}

async function stopWriter(writer: Writer): Promise<void> {
  const stats = await writer.stop();
  console.log(
    `\nbackground writer: ${stats.ok} progress updates written, ${stats.failed} failed` +
      (stats.lastError ? ` (last: ${stats.lastError})` : ''),
  );
}

let monitor: pg.Client | undefined;

/** A warm-up, then the measured run; each followed by a drain of what the server still runs. */
async function warmAndMeasure(
  target: Target,
  next: NextRequest,
  key?: string,
  child?: Child,
): Promise<Figures> {
  const settle = async () => {
    const waited = monitor ? await drain(monitor) : 0;
    if (waited > 1000) console.log(`(waited ${waited} ms for abandoned requests to finish)`);
  };
  if (WARMUP_S > 0) {
    await measure(target, next, WARMUP_S);
    await settle();
  }
  const profile = child && key && profiled.has(key);
  if (profile) child.process.send('cpu-profile');
  const refreshesBefore = monitor ? await summaryRefreshes(monitor) : undefined;
  const figures = await measure(target, next);
  const refreshesAfter = monitor ? await summaryRefreshes(monitor) : undefined;
  if (refreshesBefore !== undefined && refreshesAfter !== undefined) {
    figures.summaryRefreshes = refreshesAfter - refreshesBefore;
  }
  if (profile) {
    child.process.send('cpu-profile');
    const path = await profileFile();
    console.log(`CPU profile of the API during ${key}: ${path}`);
    console.log(formatSummary(summariseProfile(path)));
  }
  await settle();
  return figures;
}

let profilesWritten = 0;
async function profileFile(): Promise<string> {
  const path = join(profileDir, `${++profilesWritten}.cpuprofile`);
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
  return path;
}

const started = Date.now();
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await monitor?.end();
    await stopAll();
    await deleteRedisKeys(REDIS_URL, queuePrefix);
    console.log(`\n(${Math.round((Date.now() - started) / 1000)} s in all)`);
    // nothing of ours is left to wait for (a stray handle of a library must not hold the exit)
    process.exit();
  });
