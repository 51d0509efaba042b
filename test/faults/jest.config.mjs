// `npm run test:faults`: the fault-injection scenarios (processes killed, Redis and a private
// Postgres stopped under load). Same transform and setup as `npm test`, its own files, one at a
// time: each scenario starts real processes and measures timings.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).jest;

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
