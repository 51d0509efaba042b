import type { Cell } from './cell-values.js';
import { decodeCsv, parseCsv, sniffDelimiter } from './csv-text.js';
import { ImportException } from './import.exception.js';
import { openXlsx, XlsxError } from './xlsx-reader.js';

export type RegisterFormat = 'csv' | 'xlsx';

/** One row of the sheet: its number as the user sees it (header = 1) and its cells. */
export interface SheetRow {
  number: number;
  cells: Cell[];
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The format of an upload from its name (then its media type): .csv or .xlsx. An .xls (the
 * binary format before 2007) or anything else is refused with 415.
 */
export function registerFormat(
  filename: string,
  mimetype: string,
  content: Buffer,
): RegisterFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const format: RegisterFormat | undefined =
    extension === 'csv' || extension === 'xlsx'
      ? extension
      : extension === undefined && mimetype === XLSX_MIME
        ? 'xlsx'
        : extension === undefined && /^text\/(csv|plain)$/.test(mimetype)
          ? 'csv'
          : undefined;
  if (!format) throw ImportException.unsupportedType(filename);
  if (format === 'xlsx' && !content.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw ImportException.unreadable(filename, 'is not an .xlsx workbook');
  }
  return format;
}

/** The rows of the file (the first worksheet of a workbook), blank cells as null. */
export function readRegister(content: Buffer, format: RegisterFormat): Iterable<SheetRow> {
  return format === 'csv' ? readCsv(content) : readXlsx(content);
}

function* readCsv(content: Buffer): Generator<SheetRow> {
  const text = decodeCsv(content);
  for (const record of parseCsv(text, sniffDelimiter(text))) {
    yield { number: record.number, cells: record.cells.map((c) => (c === '' ? null : c)) };
  }
}

function readXlsx(content: Buffer): Iterable<SheetRow> {
  try {
    return openXlsx(content);
  } catch (error) {
    if (error instanceof XlsxError) throw ImportException.unreadable('The file', error.message);
    throw error;
  }
}
