import type { Role } from '../../src/users/user.entity.js';
import type { TestApp } from './test-app.js';

/** Splits a CSV body (this app's dialect: CRLF, quotes doubled; a leading BOM is dropped). */
export function parseCsv(body: string | Buffer): string[][] {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** The rows of a CSV body as records keyed by its header. */
export function csvRecords(body: string | Buffer): Record<string, string>[] {
  const [header, ...data] = parseCsv(body);
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** A list fetched as CSV (`?format=csv`, or an Accept header): raw bytes, text and parsed rows. */
export async function csvOf(
  t: TestApp,
  user: { id: string; role: Role },
  path: string,
  accept?: string,
) {
  const req = t.http.get(`/api/v1${path}`).set('authorization', `Bearer ${t.token(user)}`);
  const res = await (accept ? req.set('accept', accept) : req)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const bytes = res.body as Buffer;
  const text = bytes.toString('utf8');
  return { status: res.status, headers: res.headers, bytes, text, rows: parseCsv(text) };
}
