import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';

export const MAX_LIMIT = 100;

/** `?page=&limit=`, the paging of every list. */
export class PageParamsDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = 20;
}

/** `?page=&limit=&format=` shared by every list; a list DTO extends it with its filters and `sort`. */
export class PageQueryDto extends PageParamsDto {
  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv (or Accept: text/csv) streams every matching row, ignoring page and limit',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** A list that also exports as an .xlsx workbook (the projects: the register layout). */
export class SpreadsheetPageQueryDto extends PageParamsDto {
  @ApiPropertyOptional({
    enum: ['json', 'csv', 'xlsx'],
    description:
      'csv (or Accept: text/csv) streams every matching row, ignoring page and limit; xlsx does too, as a workbook',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

/** The caller asked for CSV: `?format=csv`, or `Accept: text/csv` without `?format=json`. */
export function wantsCsv(query: { format?: string }, accept: string | undefined): boolean {
  if (query.format) return query.format === 'csv';
  return /\btext\/csv\b/i.test(accept ?? '');
}

/** `sort=field` ascending or `sort=-field` descending, over the fields given. */
export function SortBy(fields: readonly string[]) {
  const allowed = fields.flatMap((f) => [f, `-${f}`]);
  return applyDecorators(
    ApiPropertyOptional({
      enum: allowed,
      description: 'A field to sort by; prefix with - for descending',
    }),
    IsOptional(),
    IsIn(allowed, { message: `sort must be one of: ${allowed.join(', ')}` }),
  );
}

export interface SortSpec {
  field: string;
  descending: boolean;
}

export function parseSort(sort: string | undefined, fallback: string): SortSpec {
  const value = sort ?? fallback;
  return value.startsWith('-')
    ? { field: value.slice(1), descending: true }
    : { field: value, descending: false };
}

/** Injects true when the caller asked for CSV (`?format=csv` or `Accept: text/csv`). */
export const WantsCsv = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return wantsCsv(request.query as { format?: string }, request.headers.accept);
});
