import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OpenApiDocument, ResponseValidator } from '../support/fuzz-contract.js';
import {
  formatReport,
  fuzzOperations,
  FUZZ_SEED,
  RUNS_PER_OPERATION,
} from '../support/fuzz-run.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// The operations are split over fuzz-*.e2e-spec.ts so that the two jest workers share them.
const SHARD = 0;
const SHARDS = 2;

describe(`property-based fuzzing of the API, shard ${SHARD + 1}/${SHARDS} (FUZZ_SEED=${FUZZ_SEED})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('checks answers for real: a body off its schema is caught, a good one passes', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    const validator = new ResponseValidator(doc);
    const error = (await t.http.get('/api/v1/projects').expect(401)).body;
    const schema = { $ref: '#/components/schemas/ErrorResponse' };
    expect(validator.check(schema, error)).toBeUndefined();
    expect(validator.check(schema, { ...error, status: 200 })).toMatch(/status/);
    expect(validator.check(schema, { ...error, extra: undefined, code: 42 })).toMatch(/code/);
    const page = { $ref: '#/components/schemas/ProjectPage' };
    expect(validator.check(page, { items: [{ id: 'x' }], total: 1, page: 1, limit: 20 })).toMatch(
      /items\/0/,
    );
  });

  it('never answers 5xx, answers only as documented, and writes nothing when it refuses', async () => {
    const report = await fuzzOperations(t, SHARD, SHARDS);
    process.stdout.write(formatReport(SHARD, SHARDS, report));
    expect(report.requests).toBe(report.operations * RUNS_PER_OPERATION);
    expect(report.failures.slice(0, 15)).toEqual([]);
  }, 600_000);
});
