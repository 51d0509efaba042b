import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  formatReport,
  fuzzOperations,
  FUZZ_SEED,
  RUNS_PER_OPERATION,
} from '../support/fuzz-run.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// The operations are split over fuzz-*.e2e-spec.ts so that the two jest workers share them.
const SHARD = 1;
const SHARDS = 2;

describe(`property-based fuzzing of the API, shard ${SHARD + 1}/${SHARDS} (FUZZ_SEED=${FUZZ_SEED})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('never answers 5xx, answers only as documented, and writes nothing when it refuses', async () => {
    const report = await fuzzOperations(t, SHARD, SHARDS);
    process.stdout.write(formatReport(SHARD, SHARDS, report));
    expect(report.requests).toBe(report.operations * RUNS_PER_OPERATION);
    expect(report.failures.slice(0, 15)).toEqual([]);
  }, 600_000);
});
