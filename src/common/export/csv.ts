import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

const BOM = '\uFEFF';
// a cell starting like a formula would run in Excel (CSV injection): it is kept as text
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: arrays joined with ';', objects as JSON, dates as ISO, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) {
    text = value.every((v) => typeof v !== 'object' || v === null)
      ? value.join(';')
      : JSON.stringify(value);
  } else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** UTF-8 with a BOM (Excel then reads Chinese text right), header first, rows as they come. */
export function csvFile(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: string[],
  filename: string,
): StreamableFile {
  async function* lines() {
    yield BOM + csvLine(columns);
    for await (const row of rows) yield csvLine(columns.map((c) => row[c]));
  }
  return new StreamableFile(Readable.from(lines()), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${filename}.csv"`,
  });
}
