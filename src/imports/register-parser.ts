import type { ProjectLevel } from '../projects/project.entity.js';
import {
  type AmountUnit,
  type ImportColumn,
  type ImportField,
  matchHeader,
  SHEET_UNIT_NOTE,
  TOTAL_ROW_LABELS,
} from './column-map.js';
import {
  type Cell,
  cellText,
  type Parsed,
  parseAmount,
  parseCode,
  parseCurrency,
  parseDate,
  parseLevels,
} from './cell-values.js';
import type { ImportRowError } from './project-import.entity.js';
import type { SheetRow } from './register-reader.js';

/** Errors kept for the answer; every error is counted, only this many are listed. */
export const MAX_LISTED_ERRORS = 10_000;
/** Rows one file may hold. */
export const MAX_ROWS = 200_000;
/** The header is looked for in this many leading rows (a title row often sits above it). */
const HEADER_SEARCH_ROWS = 10;

/** A header cell bound to a field, with the unit of its amounts. */
export interface BoundColumn {
  index: number;
  /** The header as written in the file, for error messages. */
  header: string;
  column: ImportColumn;
  unit: AmountUnit;
}

export interface RegisterLayout {
  headerRow: number;
  columns: BoundColumn[];
  /** Headers left aside: unknown, read-only, or a second column for a field already bound. */
  ignored: string[];
}

/** The values of one row, by field: only the fields whose column the file has. */
export interface RowValues {
  code?: string;
  name?: string;
  enterprise?: string | null;
  cluster?: string | null;
  levels?: ProjectLevel[];
  plannedInvestment?: string;
  annualPlannedInvestment?: string | null;
  expectedAnnualOutput?: string | null;
  currency?: string;
  startDate?: string | null;
  plannedCompletionDate?: string | null;
  leaderName?: string | null;
  department?: string | null;
  location?: string | null;
  description?: string | null;
}

export interface ImportRow {
  row: number;
  values: RowValues;
}

/** Row errors in the order of the file; counts all, lists the first MAX_LISTED_ERRORS. */
export class RowErrors {
  private readonly listed: (ImportRowError & { order: number })[] = [];
  count = 0;

  add(row: number, column: string, message: string, order = 0) {
    this.count++;
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push({ row, column, message, order });
  }

  get items(): ImportRowError[] {
    return this.listed
      .sort((a, b) => a.row - b.row || a.order - b.order)
      .map(({ row, column, message }) => ({ row, column, message }));
  }
}

const isBlank = (cells: Cell[]) => cells.every((c) => cellText(c) === null);

/**
 * Reads a register row by row: finds the header (within the first rows), binds its columns to
 * fields, and turns every data row into project values, collecting every error with its row and
 * column as the user sees them. Pure: no database.
 */
export class RegisterParser {
  readonly errors = new RowErrors();
  readonly rows: ImportRow[] = [];
  layout?: RegisterLayout;
  /** Data rows seen (blank and total rows aside). */
  dataRows = 0;
  private scanned = 0;
  private noteUnit?: AmountUnit;
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly defaultUnit: AmountUnit,
    private readonly maxRows = MAX_ROWS,
  ) {}

  /** The fields the file has columns for. */
  get fields(): Set<ImportField> {
    return new Set(this.layout?.columns.map((c) => c.column.field));
  }

  add(row: SheetRow): void {
    if (!this.layout) {
      if (this.scanned < HEADER_SEARCH_ROWS && !isBlank(row.cells)) {
        this.scanned++;
        this.tryHeader(row);
      }
      return;
    }
    if (isBlank(row.cells) || this.isTotalRow(row.cells)) return;
    if (++this.dataRows > this.maxRows) {
      if (this.dataRows === this.maxRows + 1) {
        this.errors.add(row.number, '', `the file has more than ${this.maxRows} rows: split it`);
      }
      return;
    }
    this.rows.push(this.convert(row));
  }

  /** Call after the last row: a file without a recognisable header is an error of row 1. */
  finish(): void {
    if (!this.layout) {
      this.errors.add(
        1,
        '项目编号',
        `no header row found in the first ${HEADER_SEARCH_ROWS} rows: it needs 项目编号 and 项目名称 (or code and name)`,
      );
    }
  }

  private tryHeader(row: SheetRow) {
    const matches = row.cells.map((c) => {
      const text = cellText(c);
      return text === null ? undefined : matchHeader(text);
    });
    const fields = matches.filter((m) => m?.kind === 'field');
    const hasKey = fields.some((m) => ['code', 'name'].includes(m.column.field));
    if (fields.length < 2 || !hasKey) {
      for (const cell of row.cells) {
        const note = SHEET_UNIT_NOTE.exec(
          cellText(cell)?.normalize('NFKC').replace(/\s/g, '') ?? '',
        );
        if (note) this.noteUnit = note[1] === '元' ? 'yuan' : (note[1] as AmountUnit);
      }
      return;
    }
    const bound = new Map<ImportField, BoundColumn & { rank: number }>();
    const ignored: string[] = [];
    matches.forEach((match, index) => {
      const header = cellText(row.cells[index])?.replace(/\s+/g, ' ') ?? '';
      if (!match || match.kind === 'exportOnly') {
        if (header) ignored.push(header);
        return;
      }
      const taken = bound.get(match.column.field);
      if (taken && taken.rank <= match.rank) {
        ignored.push(header);
        return;
      }
      if (taken) ignored.push(taken.header);
      bound.set(match.column.field, {
        index,
        header,
        column: match.column,
        unit: match.unit ?? this.noteUnit ?? this.defaultUnit,
        rank: match.rank,
      });
    });
    this.layout = {
      headerRow: row.number,
      columns: [...bound.values()].sort((a, b) => a.index - b.index),
      ignored,
    };
    for (const [field, header] of [
      ['code', '项目编号'],
      ['name', '项目名称'],
    ] as const) {
      if (!bound.has(field)) {
        this.errors.add(
          row.number,
          header,
          `column missing: the header needs ${header} (or ${field})`,
        );
      }
    }
  }

  /** The column bound to a field, if the file has one. */
  column(field: ImportField): BoundColumn | undefined {
    return this.layout?.columns.find((c) => c.column.field === field);
  }

  private isTotalRow(cells: Cell[]): boolean {
    const code = this.column('code');
    if (code && cellText(cells[code.index] ?? null) !== null) return false;
    return cells.some((c) => TOTAL_ROW_LABELS.has(cellText(c)?.replace(/\s+/g, '') ?? ''));
  }

  private convert(row: SheetRow): ImportRow {
    const values: Record<string, unknown> = {};
    for (const bound of this.layout!.columns) {
      const cell = row.cells[bound.index] ?? null;
      const parsed = this.parse(bound, cell);
      if ('error' in parsed) {
        this.errors.add(row.number, bound.header, parsed.error, bound.index);
        continue;
      }
      if (parsed.value === null && bound.column.required) {
        this.errors.add(row.number, bound.header, 'is required', bound.index);
        continue;
      }
      values[bound.column.field] = parsed.value;
    }
    const { startDate, plannedCompletionDate } = values as RowValues;
    if (startDate && plannedCompletionDate && plannedCompletionDate < startDate) {
      const end = this.column('plannedCompletionDate')!;
      this.errors.add(row.number, end.header, `is before the start (${startDate})`, end.index);
    }
    const code = values.code as string | undefined;
    if (code !== undefined) {
      const first = this.codes.get(code);
      if (first === undefined) this.codes.set(code, row.number);
      else {
        this.errors.add(
          row.number,
          this.column('code')!.header,
          `"${code}" is also on row ${first}`,
        );
        delete values.code;
      }
    }
    return { row: row.number, values: values as RowValues };
  }

  private parse(bound: BoundColumn, cell: Cell): Parsed<unknown> {
    switch (bound.column.kind) {
      case 'code':
        return parseCode(cell);
      case 'amount':
        return parseAmount(cell, bound.unit);
      case 'date':
        return parseDate(cell);
      case 'levels':
        return parseLevels(cell);
      case 'currency':
        return parseCurrency(cell);
      case 'text': {
        const text = cellText(cell);
        const max = bound.column.maxLength ?? 10_000;
        return text !== null && text.length > max
          ? { error: `is longer than ${max} characters` }
          : { value: text };
      }
    }
  }
}
