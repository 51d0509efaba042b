import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app.config.js';
import { buildOpenApiDocumentOffline } from '../../src/http-app.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ROOT = join(import.meta.dirname, '../..');
const SPECTRAL = join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

interface Finding {
  code: string;
  message: string;
  severity: 0 | 1 | 2 | 3;
  path: string[];
}

/** Runs the Spectral CLI with the repository's .spectral.yaml (the OWASP ruleset) on a file. */
async function spectral(file: string): Promise<Finding[]> {
  const run = promisify(execFile);
  const args = [SPECTRAL, 'lint', file, '--ruleset', join(ROOT, '.spectral.yaml')];
  // exit code 1 means "errors found": the JSON on stdout says which
  const { stdout } = await run(process.execPath, [...args, '--format', 'json', '--quiet'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout) as Finding[];
}

describe('OpenAPI document under the OWASP ruleset', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('is the document the running app serves, built without one', async () => {
    const served = (await t.http.get('/docs-json').expect(200)).body;
    const offline = await buildOpenApiDocumentOffline(loadConfig({ NODE_ENV: 'test' }));
    expect(JSON.parse(JSON.stringify(offline))).toEqual(served);
  });

  it('has no error and no warning (the rules turned off say why in .spectral.yaml)', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify((await t.http.get('/docs-json').expect(200)).body));
    const findings = await spectral(file);
    const counts = Object.fromEntries(
      SEVERITY.map((name, level) => [name, findings.filter((f) => f.severity === level).length]),
    );
    process.stdout.write(`spectral (OWASP ruleset): ${JSON.stringify(counts)}\n`);
    const problems = findings
      .filter((f) => f.severity <= 1)
      .map((f) => `${SEVERITY[f.severity]} ${f.code} at ${f.path.join('.')}: ${f.message}`);
    expect(problems).toEqual([]);
  });

  it('fails the lint on a gap the ruleset guards (a string without maxLength)', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    doc.components.schemas.ErrorResponse.properties.message.maxLength = undefined;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const codes = (await spectral(file)).filter((f) => f.severity === 0).map((f) => f.code);
    expect(codes).toEqual(['owasp:api4:2023-string-limit']);
  });
});
