import type { StreamableFile } from '@nestjs/common';
import type { Queryable, Reader } from '../database/db.service.js';
import { csvFile } from '../export/csv.js';
import type { Page } from './page.dto.js';

export interface ListRequest {
  /** Select list, already aliased to API names. */
  select: string;
  /** FROM clause, with joins if any. */
  from: string;
  /** AND-ed predicates; params are referenced as $1…$n. */
  where: string[];
  params: unknown[];
  /** ORDER BY expression (without a tie-breaker; `idColumn` is appended). */
  orderBy: string;
  idColumn: string;
  page: number;
  limit: number;
  /** Set to stream every matching row as CSV instead of answering one page. */
  csv?: { columns: string[]; filename: string };
}

/**
 * One query returns the page and the total (a window count); only a page past the end costs a
 * second query to learn the total.
 */
export async function listPage<T extends object>(q: Queryable, r: ListRequest): Promise<Page<T>> {
  const where = r.where.length ? `WHERE ${r.where.join(' AND ')}` : '';
  const n = r.params.length;
  const rows = await q.query<T & { __total: number }>(
    `SELECT ${r.select}, count(*) OVER()::int AS "__total"
       FROM ${r.from} ${where}
      ORDER BY ${r.orderBy}, ${r.idColumn}
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...r.params, r.limit, (r.page - 1) * r.limit],
  );
  let total = rows[0]?.__total ?? 0;
  if (rows.length === 0 && r.page > 1) {
    const count = await q.one<{ total: number }>(
      `SELECT count(*)::int AS total FROM ${r.from} ${where}`,
      r.params,
    );
    total = count?.total ?? 0;
  }
  const items = rows.map(({ __total, ...item }) => item as unknown as T);
  return { items, total, page: r.page, limit: r.limit };
}

/** A page of JSON, or with `r.csv` every matching row as a CSV file. */
export async function listResponse<T extends object>(
  db: Reader,
  r: ListRequest,
): Promise<Page<T> | StreamableFile> {
  return r.csv ? listCsv(db, r, r.csv.columns, r.csv.filename) : listPage<T>(db, r);
}

/**
 * The same rows as listPage, every page of them, streamed as CSV through a cursor. `columns` are
 * API field names of the select list, in the order the file shows them.
 */
export function listCsv(
  db: Reader,
  r: ListRequest,
  columns: string[],
  filename: string,
): StreamableFile {
  const where = r.where.length ? `WHERE ${r.where.join(' AND ')}` : '';
  const rows = db.stream<Record<string, unknown>>(
    `SELECT ${r.select} FROM ${r.from} ${where} ORDER BY ${r.orderBy}, ${r.idColumn}`,
    r.params,
  );
  return csvFile(rows, columns, filename);
}

/** Escapes % and _ for a LIKE pattern. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
