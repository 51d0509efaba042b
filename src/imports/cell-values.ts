/**
 * Cell values of a register turned into project values, exactly: amounts in decimal arithmetic
 * (BigInt fen, never a float), dates in the forms registers use. Each parser answers a value or
 * the message a user can act on.
 */
import { isDateOnly } from '../common/validation/decorators.js';
import { PROJECT_LEVELS, type ProjectLevel } from '../projects/project.entity.js';
import {
  type AmountUnit,
  CURRENCY_NAMES,
  LEVEL_LABEL,
  LEVEL_VALUES,
  UNIT_EXPONENT,
} from './column-map.js';

/** A cell as read: text from CSV; text, number, date or boolean from XLSX; null when empty. */
export type Cell = string | number | boolean | Date | null;

export type Parsed<T> = { value: T } | { error: string };

const MAX_INTEGER_DIGITS = 18; // numeric(20,2)
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

const quote = (cell: Cell) =>
  `"${cell instanceof Date ? cell.toISOString() : String(cell).slice(0, 40)}"`;

/** Text of a cell, trimmed; null when empty. Dates read as YYYY-MM-DD. */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : utcDate(cell);
  const text = String(cell).trim();
  return text === '' ? null : text;
}

/**
 * An amount in `unit` as yuan with two decimals: "1.2345" 亿元 → "123450000.00". Refuses
 * negative amounts, amounts that are not a whole number of fen once in yuan, and amounts over
 * 18 digits of yuan. Thousands separators (1,234.5) are accepted.
 */
export function parseAmount(cell: Cell, unit: AmountUnit): Parsed<string | null> {
  if (typeof cell === 'boolean' || cell instanceof Date)
    return { error: `${quote(cell)} is not an amount` };
  if (typeof cell === 'number' && !Number.isFinite(cell)) return { error: 'is not a number' };
  let text = cellText(cell);
  if (text === null) return { value: null };
  text = text.normalize('NFKC').replace(/\s/g, '');
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return { error: `${quote(cell)} is not an amount` };
  }
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-' && digits !== 0n) return { error: `${quote(cell)} must not be negative` };
  // value = digits × 10^(exponent − |fraction|) units; fen = value × 10^(unit + 2)
  const shift = Number(exponent) - fraction.length + UNIT_EXPONENT[unit] + 2;
  let fen: bigint;
  if (shift >= 0) {
    fen = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) {
      return { error: `${quote(cell)} ${unitLabel(unit)} is not a whole number of fen (分)` };
    }
    fen = digits / divisor;
  }
  const yuan = fen / 100n;
  if (yuan.toString().length > MAX_INTEGER_DIGITS) {
    return { error: `${quote(cell)} ${unitLabel(unit)} is too large` };
  }
  return { value: `${yuan}.${(fen % 100n).toString().padStart(2, '0')}` };
}

const unitLabel = (unit: AmountUnit) => (unit === 'yuan' ? '元' : unit);

/** A yuan amount ("123450000.00") written in `unit`, exactly, without trailing zeros: "1.2345". */
export function formatAmount(yuan: string, unit: AmountUnit): string {
  const [whole, fraction = ''] = yuan.split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  const scale = UNIT_EXPONENT[unit] + 2;
  const text = fen.toString().padStart(scale + 1, '0');
  const integer = text.slice(0, text.length - scale);
  const decimals = text.slice(text.length - scale).replace(/0+$/, '');
  if (unit === 'yuan') return `${integer}.${text.slice(-2)}`;
  return decimals ? `${integer}.${decimals}` : integer;
}

const utcDate = (d: Date) => d.toISOString().slice(0, 10);
const ymd = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const DATE_FORMS: RegExp[] = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  // year and month: the first day of the month
  /^(\d{4})[-/.](\d{1,2})()$/,
  /^(\d{4})年(\d{1,2})月份?()$/,
];
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const LAST_SERIAL = 73_415; // 2100-12-31

/**
 * A calendar date from YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, YYYY-MM, YYYY.MM,
 * YYYY年M月 (the last three: the first of the month), an Excel date cell, or an Excel serial.
 */
export function parseDate(cell: Cell): Parsed<string | null> {
  if (cell === null) return { value: null };
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? { error: 'is not a date' } : inRange(utcDate(cell));
  }
  if (typeof cell === 'boolean') return { error: `${quote(cell)} is not a date` };
  if (typeof cell === 'number') return dateFromNumber(cell);
  const text = cell
    .normalize('NFKC')
    .replace(/\s+(?=\D)|(?<=\D)\s+/g, '')
    .trim();
  if (text === '') return { value: null };
  for (const form of DATE_FORMS) {
    const match = form.exec(text);
    if (!match) continue;
    const date = ymd(Number(match[1]), Number(match[2]), Number(match[3] || 1));
    return isDateOnly(date) ? inRange(date) : { error: `${quote(cell)} is not a real date` };
  }
  return {
    error: `${quote(cell)} is not a date (write 2026-05-31, 2026/5/31, 2026年5月31日 or 2026.05)`,
  };
}

function dateFromNumber(n: number): Parsed<string | null> {
  if (!Number.isFinite(n) || n <= 0) return { error: `"${n}" is not a date` };
  if (n >= 1900 && n < 2101) {
    if (Number.isInteger(n)) return { error: `"${n}" is a year: give the month too (${n}.05)` };
    // a cell typed 2026.05 that Excel kept as the number 2026.05
    const text = String(n);
    if (/^\d{4}\.1$/.test(text)) {
      return { error: `"${n}" may be January or October: write the date as text (2026.10)` };
    }
    return parseDate(text);
  }
  if (n >= 19_000_101 && n <= 21_001_231 && Number.isInteger(n)) return parseDate(String(n));
  if (n > LAST_SERIAL) return { error: `"${n}" is not a date` };
  // Excel serial day (1900 system); Excel counts a 29 February 1900 that never was
  const days = Math.floor(n) + (n < 61 ? 1 : 0);
  return inRange(utcDate(new Date(EXCEL_EPOCH_MS + days * 86_400_000)));
}

function inRange(date: string): Parsed<string> {
  return date >= '1900-01-01' && date <= '2100-12-31'
    ? { value: date }
    : { error: `"${date}" is out of range (1900–2100)` };
}

/** Levels as a set in the stored order: "省级、市级" → provincial, municipal. */
export function parseLevels(cell: Cell): Parsed<ProjectLevel[]> {
  const text = cellText(cell);
  if (text === null) return { value: [] };
  const found = new Set<ProjectLevel>();
  const unknown: string[] = [];
  for (const token of text.normalize('NFKC').split(/[、,;/|\s]+/)) {
    if (!token) continue;
    const bare = token.toLowerCase().replace(/(重点项目|重点|项目)$/, '');
    const level = LEVEL_VALUES[bare];
    if (level) found.add(level);
    else unknown.push(token);
  }
  if (unknown.length) {
    const known = PROJECT_LEVELS.map((l) => LEVEL_LABEL[l]).join(', ');
    return { error: `${unknown.map((u) => `"${u}"`).join(', ')} is not a level (${known}, 县级)` };
  }
  return { value: PROJECT_LEVELS.filter((l) => found.has(l)) };
}

/** Levels as an export writes them: 国家级、省级. */
export const formatLevels = (levels: readonly string[]) =>
  PROJECT_LEVELS.filter((l) => levels.includes(l))
    .map((l) => LEVEL_LABEL[l])
    .join('、');

/** An ISO 4217 code, or a currency name (人民币, 美元 …); empty is CNY. */
export function parseCurrency(cell: Cell): Parsed<string> {
  const text = cellText(cell)?.normalize('NFKC');
  if (!text) return { value: 'CNY' };
  const named = CURRENCY_NAMES[text] ?? CURRENCY_NAMES[text.toUpperCase()];
  if (named) return { value: named };
  if (/^[a-z]{3}$/i.test(text)) return { value: text.toUpperCase() };
  return { error: `${quote(cell)} is not a currency (an ISO 4217 code such as CNY, or 人民币)` };
}

export const PROJECT_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$/;

/** A project code as the API takes it (full-width letters and digits are made ASCII). */
export function parseCode(cell: Cell): Parsed<string | null> {
  const text = cellText(cell)?.normalize('NFKC');
  if (!text) return { value: null };
  return PROJECT_CODE.test(text)
    ? { value: text }
    : {
        error: `${quote(cell)} must be 1-50 letters, digits, dots, dashes, slashes or underscores`,
      };
}
