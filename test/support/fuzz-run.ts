import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import type pg from 'pg';
import { makeParkWorld, type ParkWorld } from '../factories/park-world.js';
import { makeUser } from '../factories/factories.js';
import { buildReport, W22 } from '../factories/report-factories.js';
import {
  deref,
  type DocumentedOperation,
  type OpenApiDocument,
  operationsOf,
  ResponseValidator,
} from './fuzz-contract.js';
import { type FuzzContext, type FuzzRequest, requestFor } from './fuzz-requests.js';
import type { TestApp } from './test-app.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261122);
/** 126 operations × 80 ≈ 10,000 requests over the shards. */
export const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 80);

export interface FuzzReport {
  operations: number;
  requests: number;
  /** operations none of whose requests succeeded: the generators never got past the rules */
  neverSucceeded: string[];
  /** the operations that took longest, with their seconds */
  slowest: string[];
  statuses: Record<string, number>;
  failures: string[];
  ms: number;
  /** of ms: the worlds, the report, the triggers */
  setupMs: number;
}

/** The record ids of a world by the path segment that names their kind (`/projects/{id}`). */
function idsByKind(w: ParkWorld): Record<string, string[]> {
  return {
    users: [w.manager.id, w.officer.id, w.viewer.id],
    jobs: [w.job.id],
    notifications: [w.notification.id],
    parks: [w.park.id],
    clusters: [w.cluster.id],
    enterprises: [w.enterprise.id, w.member.id],
    segments: [w.segment.id],
    chain: [w.link.id],
    targets: [w.target.id],
    imports: [w.projectImport.id],
    projects: [w.project.id],
    milestones: [w.milestone.id],
    progress: [w.progress.id],
    investments: [w.tranche.id],
    inspections: [w.inspection.id],
    visits: [w.visit.id],
    'follow-ups': [w.followUp.id],
    events: [w.event.id],
    contracts: [w.contract.id],
    'service-requests': [w.serviceRequest.id],
    'supervision-items': [w.supervisionItem.id],
    assessments: [w.assessment.id],
    scores: [w.score.id],
    reports: [w.report.id],
  };
}

/**
 * Every committed row write in the database bumps one counter (a row trigger on each table):
 * a rejected request that leaves it unchanged wrote nothing, whatever it tried and rolled back.
 * Reading it is one indexed query, so it is read after every request.
 */
async function countWrites(db: pg.Pool): Promise<() => Promise<number>> {
  await db.query(`
    CREATE TABLE fuzz_writes (n bigint NOT NULL);
    INSERT INTO fuzz_writes VALUES (0);
    CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE fuzz_writes SET n = n + 1; RETURN NULL; END $$;`);
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> 'fuzz_writes'`,
  );
  for (const { name } of rows) {
    await db.query(`CREATE TRIGGER fuzz_write AFTER INSERT OR UPDATE OR DELETE ON "${name}"
      FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`);
  }
  const read = async () => Number((await db.query('SELECT n FROM fuzz_writes')).rows[0].n);
  // the counter must see a write, or every "wrote nothing" below would hold vacuously
  const before = await read();
  await db.query('UPDATE parks SET name = name WHERE id = (SELECT id FROM parks LIMIT 1)');
  if ((await read()) !== before + 1) throw new Error('the write counter missed a write');
  return read;
}

const seedOf = (key: string) =>
  (FUZZ_SEED ^ createHash('sha1').update(key).digest().readInt32BE(0)) | 0;

/**
 * Runs RUNS_PER_OPERATION generated requests on each operation of this shard (operations taken
 * round-robin, deletes last so the records stay for the others), as users of every role, and
 * checks each answer against the document.
 */
export async function fuzzOperations(
  t: TestApp,
  shard: number,
  shards: number,
): Promise<FuzzReport> {
  const started = Date.now();
  const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
  const a = await makeParkWorld(t.db, 'FUZZ-A');
  const b = await makeParkWorld(t.db, 'FUZZ-B');
  // the worlds' report rows hold no data; the files (xlsx, pdf) need a report the app built
  const weekly = await buildReport(t, W22, a.park.id);
  const actors = {
    admin: await makeUser(t.db, { role: 'admin' }),
    manager: await makeUser(t.db, { role: 'manager', parkIds: [a.park.id] }),
    officer: await makeUser(t.db, { role: 'officer', parkIds: [a.park.id] }),
    viewer: await makeUser(t.db, { role: 'viewer', parkIds: [a.park.id] }),
    otherPark: b.manager,
  };
  const tokens = Object.fromEntries(
    Object.entries(actors).map(([name, user]) => [`actor:${name}`, `Bearer ${t.token(user)}`]),
  );
  const ctx: FuzzContext = {
    doc,
    idsByKind: { ...idsByKind(a), reports: [weekly.id] },
    allIds: [...Object.values(idsByKind(a)).flat(), ...Object.values(idsByKind(b)).flat()],
    actors: Object.keys(actors),
  };
  const validator = new ResponseValidator(doc);
  const writes = await countWrites(t.db);
  const fastify = t.app.getHttpAdapter().getInstance();

  const only = process.env.FUZZ_ONLY;
  const operations = operationsOf(doc)
    .filter((_, i) => i % shards === shard)
    .filter((op) => !only || op.key.includes(only))
    .sort((x, y) => Number(x.method === 'delete') - Number(y.method === 'delete'));
  const timings: [string, number][] = [];
  const report: FuzzReport = {
    operations: operations.length,
    requests: 0,
    slowest: [],
    neverSucceeded: [],
    statuses: {},
    failures: [],
    ms: 0,
    setupMs: 0,
  };
  const setupMs = Date.now() - started;
  let before = await writes();
  for (const op of operations) {
    const requests = fc.sample(requestFor(ctx, op), {
      seed: seedOf(op.key),
      numRuns: RUNS_PER_OPERATION,
    });
    const opStarted = Date.now();
    let succeeded = false;
    for (const [index, request] of requests.entries()) {
      const headers = { ...request.headers };
      if (headers.authorization?.startsWith('actor:')) {
        headers.authorization = tokens[headers.authorization];
      }
      const res = await fastify.inject({
        method: request.method as 'GET',
        url: request.url,
        headers,
        payload: request.payload,
      });
      const after = await writes();
      report.requests += 1;
      report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
      succeeded ||= res.statusCode < 300;
      const problem =
        checkAnswer(doc, validator, op, res) ??
        (res.statusCode >= 400 && after !== before
          ? `rejected (${res.statusCode}) yet wrote ${after - before} row(s)`
          : undefined);
      if (problem) report.failures.push(describeFailure(op, index, request, res, problem));
      before = after;
    }
    timings.push([op.key, Date.now() - opStarted]);
    if (!succeeded) report.neverSucceeded.push(op.key);
  }
  report.slowest = timings
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5)
    .map(([key, ms]) => `${key} ${(ms / 1000).toFixed(1)} s`);
  report.ms = Date.now() - started;
  report.setupMs = setupMs;
  // FUZZ_FAILURES=file keeps every failure, not only the first ones the test prints
  if (process.env.FUZZ_FAILURES) {
    const lines = [...report.failures, ...report.neverSucceeded.map((key) => `no 2xx: ${key}`)];
    appendFileSync(process.env.FUZZ_FAILURES, lines.map((line) => `${line}\n`).join(''));
  }
  return report;
}

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** undefined when the answer is one the document promises for this operation. */
function checkAnswer(
  doc: OpenApiDocument,
  validator: ResponseValidator,
  op: DocumentedOperation,
  res: Answer,
): string | undefined {
  if (res.statusCode >= 500) return `answered ${res.statusCode}`;
  const documented = op.op.responses[String(res.statusCode)] ?? op.op.responses.default;
  if (!documented) return `status ${res.statusCode} is not documented`;
  const type = String(res.headers['content-type'] ?? '').split(';')[0];
  const content = documented.content ?? {};
  if (!res.body) {
    return Object.keys(content).length && res.statusCode !== 204
      ? `empty body, documented ${Object.keys(content).join(', ')}`
      : undefined;
  }
  const media = content[type];
  if (!media) return `content-type ${type || '(none)'} not documented for ${res.statusCode}`;
  if (type !== 'application/json' || !media.schema) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return 'body is not JSON';
  }
  const mismatch = validator.check(media.schema, body);
  const correlationId = (body as { correlationId?: unknown }).correlationId;
  if (!mismatch && res.statusCode >= 400 && correlationId !== res.headers['x-correlation-id']) {
    return `correlationId ${String(correlationId)} is not the x-correlation-id header`;
  }
  if (!mismatch) return undefined;
  const schemaName = media.schema.$ref ?? deref(doc, media.schema).type;
  return `body does not match ${schemaName}: ${mismatch}`;
}

function describeFailure(
  op: DocumentedOperation,
  index: number,
  request: FuzzRequest,
  res: Answer,
  problem: string,
): string {
  const payload =
    request.payload && request.payload.length > 300
      ? `${request.payload.slice(0, 300)}… (${request.payload.length} chars)`
      : request.payload;
  const url = request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url;
  return [
    `${op.key} #${index} (FUZZ_SEED=${FUZZ_SEED}, ${request.mode}: ${request.note}, as ${request.actor})`,
    `  ${request.method} ${url}${payload === undefined ? '' : ` ${payload}`}`,
    `  -> ${res.statusCode} ${res.body.slice(0, 400)}`,
    `  ${problem}`,
  ].join('\n');
}

export function formatReport(shard: number, shards: number, report: FuzzReport): string {
  const histogram = Object.entries(report.statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  return (
    `fuzz shard ${shard + 1}/${shards}: FUZZ_SEED=${FUZZ_SEED}, ${report.operations} operations, ` +
    `${report.requests} requests ` +
    `in ${(report.ms / 1000).toFixed(1)} s (setup ${(report.setupMs / 1000).toFixed(1)} s); statuses {${histogram}}; ${report.failures.length} failures; ` +
    `${report.operations - report.neverSucceeded.length} operations answered 2xx at least once; slowest: ${report.slowest.join(', ')}\n`
  );
}
