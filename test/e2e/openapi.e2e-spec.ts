import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: object } };

const PUBLIC = new Set(['GET /health', 'GET /health/ready', 'POST /api/v1/auth/login']);
const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  let operations: { key: string; method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        op,
      })),
    );
  });
  afterAll(() => t.close());

  it('is served with the Swagger UI at /docs', async () => {
    const ui = await t.http.get('/docs').expect(200);
    expect(ui.text).toMatch(/swagger/i);
    expect(operations.length).toBeGreaterThan(40);
  });

  it('documents every operation with a summary, a success response and its errors', () => {
    for (const { key, op } of operations) {
      expect({ key, summary: Boolean(op.summary) }).toEqual({ key, summary: true });
      const codes = Object.keys(op.responses);
      expect({ key, success: codes.some((c) => /^2\d\d$/.test(c)) }).toEqual({
        key,
        success: true,
      });
      if (!PUBLIC.has(key)) {
        expect({ key, codes }).toEqual({ key, codes: expect.arrayContaining(['401', '403']) });
        expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }] });
      }
    }
  });

  it('describes money as decimal strings, never numbers', () => {
    const schemas = JSON.stringify(doc.components.schemas);
    for (const field of ['plannedInvestment', 'realizedInvestment', 'amount', 'scaleTarget']) {
      const match = new RegExp(`"${field}":\\{[^}]*"type":"(\\w+)"`).exec(schemas);
      expect({ field, type: match?.[1] }).toEqual({ field, type: 'string' });
    }
  });

  it('answers 401 without a token on every protected operation it lists', async () => {
    for (const { key, method, path } of operations) {
      if (PUBLIC.has(key)) continue;
      const url = path.replace(/\{[^}]+\}/g, ZERO_UUID);
      const res = await (
        t.http as unknown as Record<string, (u: string) => Promise<{ status: number }>>
      )[method](url);
      expect({ key, status: res.status }).toEqual({ key, status: 401 });
    }
  });
});
