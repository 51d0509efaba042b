/**
 * The rows of an .xlsx workbook's first sheet, read straight from the zip with node:zlib.
 *
 * Why not exceljs here: its streaming reader decodes XML chunk by chunk and splits the UTF-8
 * bytes of Chinese characters that straddle two chunks ("临港区" came back as "临��区" for a few
 * rows in every few thousand), and its in-memory reader needs ~800 MB for 100,000 rows and reads
 * the whole file before the first row. This reader inflates the sheet once, decodes it whole,
 * and walks its rows lazily: the request that only needs to know a file is big stops early.
 */
import { inflateRawSync } from 'node:zlib';
import type { Cell } from './cell-values.js';

/** An entry inflating past this is refused (a zip bomb, or a sheet far over the row limit). */
const MAX_ENTRY_BYTES = 300 * 1024 * 1024;

export class XlsxError extends Error {}

export interface XlsxRow {
  number: number;
  cells: Cell[];
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('is not a zip file');
  let count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  if (p === 0xffffffff && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = Number(zip.readBigUInt64LE(eocd - 12));
    count = Number(zip.readBigUInt64LE(record + 32));
    p = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new XlsxError('has a broken zip directory');
    const method = zip.readUInt16LE(p + 10);
    let compressedSize = zip.readUInt32LE(p + 20);
    let size = zip.readUInt32LE(p + 24);
    let offset = zip.readUInt32LE(p + 42);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraEnd = p + 46 + nameLength + zip.readUInt16LE(p + 30);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\//, '');
    for (let e = p + 46 + nameLength; e + 4 <= extraEnd; e += 4 + zip.readUInt16LE(e + 2)) {
      if (zip.readUInt16LE(e) !== 0x0001) continue; // zip64: the 8-byte values that overflowed
      let q = e + 4;
      if (size === 0xffffffff) {
        size = Number(zip.readBigUInt64LE(q));
        q += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = Number(zip.readBigUInt64LE(q));
        q += 8;
      }
      if (offset === 0xffffffff) offset = Number(zip.readBigUInt64LE(q));
    }
    entries.set(name, { method, compressedSize, offset });
    p = extraEnd + zip.readUInt16LE(p + 32);
  }
  return entries;
}

function entryText(zip: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name);
  if (!entry) return null;
  if (zip.readUInt32LE(entry.offset) !== LOCAL) throw new XlsxError('has a broken zip entry');
  const start =
    entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
    } catch {
      throw new XlsxError(`has an entry (${name}) that cannot be inflated or is too large`);
    }
  } else throw new XlsxError(`uses an unknown compression (${entry.method})`);
  return data[0] === 0xff && data[1] === 0xfe
    ? data.toString('utf16le', 2)
    : data.toString('utf8').replace(/^\uFEFF/, '');
}

// elements may carry a namespace prefix (<x:row>, written by the .NET Open XML SDK)
const tag = (name: string) => `(?:[\\w.-]+:)?${name}`;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
// control characters are escaped as _xHHHH_ in OOXML strings
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function attributes(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) result[m[1]] = unescapeXml(m[2] ?? m[3]);
  return result;
}

function unescapeXml(text: string): string {
  return text.includes('&')
    ? text.replace(ENTITY, (_, dec: string, hex: string, name: string) =>
        dec
          ? String.fromCodePoint(Number(dec))
          : hex
            ? String.fromCodePoint(parseInt(hex, 16))
            : NAMED[name],
      )
    : text;
}

const PHONETIC = new RegExp(`<${tag('rPh')}\\b[\\s\\S]*?</${tag('rPh')}>`, 'g');
const TEXT = new RegExp(`<${tag('t')}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag('t')}>)`, 'g');

/** Text content as written: XML entities and OOXML's _xHHHH_ escapes decoded. */
const decodeText = (xml: string) =>
  unescapeXml(xml).replace(OOXML_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** The text of an <si> or <is>: its <t> runs joined, without phonetic guides. */
function richText(xml: string): string {
  let text = '';
  for (const m of xml.replace(PHONETIC, '').matchAll(TEXT)) text += m[1] ?? '';
  return decodeText(text);
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

/** Whether a number format shows a date (2026-05-31, yyyy"年"m"月"d"日", …). */
function isDateFormat(id: number, code: string | undefined): boolean {
  if (BUILTIN_DATE_FORMATS.has(id)) return true;
  if (!code) return false;
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymd]/i.test(bare) && !/general/i.test(bare);
}

/** Which cell styles (the s attribute) show dates. */
function dateStyles(styles: string | null): Set<number> {
  const result = new Set<number>();
  if (!styles) return result;
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(new RegExp(`<${tag('numFmt')}\\b([^>]*?)/?>`, 'g'))) {
    const a = attributes(m[1]);
    custom.set(Number(a.numFmtId), a.formatCode);
  }
  const xfs = new RegExp(`<${tag('cellXfs')}\\b[^>]*>([\\s\\S]*?)</${tag('cellXfs')}>`).exec(
    styles,
  );
  if (!xfs) return result;
  let index = 0;
  for (const m of xfs[1].matchAll(new RegExp(`<${tag('xf')}\\b([^>]*?)/?>`, 'g'))) {
    const id = Number(attributes(m[1]).numFmtId ?? 0);
    if (isDateFormat(id, custom.get(id))) result.add(index);
    index++;
  }
  return result;
}

/** The path of the first sheet, by the workbook's own order. */
function firstSheetPath(workbook: string | null, rels: string | null): string | null {
  const sheet = workbook && new RegExp(`<${tag('sheet')}\\b([^>]*?)/?>`).exec(workbook);
  if (!sheet || !rels) return null;
  const a = attributes(sheet[1]);
  const rid = Object.entries(a).find(([k]) => /(^|:)id$/.test(k))?.[1];
  for (const m of rels.matchAll(new RegExp(`<${tag('Relationship')}\\b([^>]*?)/?>`, 'g'))) {
    const r = attributes(m[1]);
    if (r.Id !== rid || !r.Target) continue;
    const target = r.Target.startsWith('/') ? r.Target.slice(1) : `xl/${r.Target}`;
    return target
      .split('/')
      .reduce<string[]>((parts, part) => {
        if (part === '..') parts.pop();
        else if (part !== '.') parts.push(part);
        return parts;
      }, [])
      .join('/');
  }
  return null;
}

const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
};

const DAY_MS = 86_400_000;
const EPOCH_1970_SERIAL = 25569;

/** An Excel serial day as a UTC date (1900 system, with its 29 February 1900; or 1904). */
function serialDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return new Date(Math.round((days - EPOCH_1970_SERIAL) * DAY_MS));
}

/** Opens a workbook: its shared strings, date styles and first sheet, ready to walk. */
export function openXlsx(content: Buffer): Generator<XlsxRow> {
  const entries = zipEntries(content);
  const workbook = entryText(content, entries, 'xl/workbook.xml');
  const path =
    firstSheetPath(workbook, entryText(content, entries, 'xl/_rels/workbook.xml.rels')) ??
    [...entries.keys()].filter((k) => /^xl\/worksheets\/[^/]+\.xml$/.test(k)).sort()[0];
  const sheet = path ? entryText(content, entries, path) : null;
  if (sheet === null) throw new XlsxError('has no worksheet');
  const shared: string[] = [];
  const strings = entryText(content, entries, 'xl/sharedStrings.xml');
  if (strings) {
    const si = new RegExp(`<${tag('si')}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag('si')}>)`, 'g');
    for (const m of strings.matchAll(si)) shared.push(m[1] ? richText(m[1]) : '');
  }
  const dates = dateStyles(entryText(content, entries, 'xl/styles.xml'));
  const pr = workbook && new RegExp(`<${tag('workbookPr')}\\b([^>]*)`).exec(workbook);
  const date1904 = pr ? ['1', 'true'].includes(attributes(pr[1]).date1904 ?? '') : false;
  return rows(sheet, shared, dates, date1904);
}

function* rows(sheet: string, shared: string[], dates: Set<number>, date1904: boolean) {
  const row = new RegExp(`<${tag('row')}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag('row')}>)`, 'g');
  const cell = new RegExp(`<${tag('c')}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag('c')}>)`, 'g');
  const value = new RegExp(`<${tag('v')}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag('v')}>`);
  const inline = new RegExp(`<${tag('is')}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag('is')}>`);
  let number = 0;
  for (const r of sheet.matchAll(row)) {
    const rowAttributes = attributes(r[1]);
    number = rowAttributes.r ? Number(rowAttributes.r) : number + 1;
    const cells: Cell[] = [];
    let column = -1;
    for (const c of (r[2] ?? '').matchAll(cell)) {
      const a = attributes(c[1]);
      column = a.r ? columnIndex(a.r) : column + 1;
      const body = c[2] ?? '';
      const v = value.exec(body)?.[1];
      let result: Cell = null;
      switch (a.t) {
        case 's':
          result = v === undefined ? null : (shared[Number(v)] ?? null);
          break;
        case 'inlineStr':
          result = richText(inline.exec(body)?.[1] ?? '');
          break;
        case 'str':
        case 'e':
          result = v === undefined ? null : decodeText(v);
          break;
        case 'b':
          result = v === undefined ? null : v.trim() === '1' || v.trim() === 'true';
          break;
        case 'd':
          result = v ? new Date(v) : null;
          break;
        default: {
          if (v === undefined || v.trim() === '') break;
          const n = Number(v);
          result = dates.has(Number(a.s ?? 0)) && Number.isFinite(n) ? serialDate(n, date1904) : n;
        }
      }
      cells[column] = result === '' ? null : result;
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    yield { number, cells };
  }
}
