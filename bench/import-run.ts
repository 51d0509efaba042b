/**
 * The import of a 100,000-row register through the API: the file comes from bench/import-data.ts
 * (generateRegister), is posted to POST /api/v1/imports/projects and followed on
 * GET /api/v1/imports/:id until it is done. Skipped, saying why, while either side is missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_PREFIX } from '../src/http-app.js';

type GenerateRegister = (
  rows: number,
  format: 'csv' | 'xlsx',
  options?: { codePrefix?: string; seed?: number },
) => Promise<Buffer | Uint8Array | string>;

export type ImportOutcome =
  | { skipped: string }
  | {
      skipped?: undefined;
      ms: number;
      generateMs: number;
      bytes: number;
      status: string;
      detail: string;
    };

/** The 202 answer ({ importId, status: queued }), a 201 report, or GET /imports/:id. */
interface ImportState {
  id?: string;
  importId?: string;
  /** a report's verdict (201: imported within the request) */
  valid?: boolean;
  rows?: number;
  status?: string;
  total?: number;
  processed?: number;
  created?: number;
  updated?: number;
  errors?: unknown[];
}

const DONE = new Set(['succeeded', 'failed']);
const TIMEOUT_MS = 10 * 60_000;

export async function runImport(
  origin: string,
  token: string,
  parkId: string,
  rows: number,
  codePrefix: string,
): Promise<ImportOutcome> {
  const moduleUrl = new URL('./import-data.js', import.meta.url);
  if (!existsSync(fileURLToPath(moduleUrl))) {
    return { skipped: 'bench/import-data.ts (generateRegister) is not there yet' };
  }
  const { generateRegister } = (await import(moduleUrl.href)) as {
    generateRegister?: GenerateRegister;
  };
  if (typeof generateRegister !== 'function') {
    return { skipped: 'bench/import-data.ts does not export generateRegister yet' };
  }
  const generated = performance.now();
  const file = await generateRegister(rows, 'csv', { codePrefix });
  const generateMs = Math.round(performance.now() - generated);
  const body = new FormData();
  const bytes = typeof file === 'string' ? Buffer.from(file) : file;
  body.append('file', new Blob([bytes], { type: 'text/csv' }), `register-${rows}.csv`);
  const headers = { authorization: `Bearer ${token}` };

  const started = performance.now();
  const response = await fetch(`${origin}/${API_PREFIX}/imports/projects?parkId=${parkId}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  if (response.status === 404) {
    return { skipped: `POST /${API_PREFIX}/imports/projects answers 404: not built yet` };
  }
  if (!response.ok) {
    return { skipped: `the import was refused: ${response.status} ${text.slice(0, 300)}` };
  }
  let state = JSON.parse(text) as ImportState;
  const id = state.importId ?? state.id;
  if (response.status === 201) state.status = state.valid ? 'succeeded' : 'failed';
  if (!id && !DONE.has(state.status ?? '')) {
    return { skipped: `no import id in the answer: ${text.slice(0, 300)}` };
  }
  // a large file runs as a job: 202, then the import's state until it is done
  while (!DONE.has(state.status ?? '')) {
    if (performance.now() - started > TIMEOUT_MS) {
      return {
        skipped: `no end after ${TIMEOUT_MS / 60_000} min: ${JSON.stringify(state).slice(0, 300)}`,
      };
    }
    await new Promise((r) => setTimeout(r, 250));
    const poll = await fetch(`${origin}/${API_PREFIX}/imports/${id}`, { headers });
    if (!poll.ok) {
      return { skipped: `GET /imports/${id}: ${poll.status} ${(await poll.text()).slice(0, 300)}` };
    }
    state = (await poll.json()) as ImportState;
  }
  const ms = Math.round(performance.now() - started);
  return {
    ms,
    generateMs,
    bytes: bytes.length,
    status: state.status ?? `HTTP ${response.status}`,
    detail:
      `processed ${state.processed ?? state.rows ?? '?'} of ${state.total ?? state.rows ?? '?'}, ` +
      `created ${state.created ?? '?'}, updated ${state.updated ?? '?'}, ` +
      `errors ${state.errors?.length ?? 0}` +
      (state.errors?.length ? ` (first: ${JSON.stringify(state.errors[0]).slice(0, 200)})` : ''),
  };
}
