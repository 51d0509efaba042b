import { ApiProperty } from '@nestjs/swagger';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

type Ctor = abstract new (...args: never[]) => unknown;
const cache = new Map<Ctor, Ctor>();

/** The OpenAPI schema of `{items, total, page, limit}` for an item class. */
export function PageOf(item: Ctor): Ctor {
  const existing = cache.get(item);
  if (existing) return existing;
  class PageDto {
    @ApiProperty({ type: [item] })
    items: unknown[];

    @ApiProperty({ example: 42 })
    total: number;

    @ApiProperty({ example: 1 })
    page: number;

    @ApiProperty({ example: 20 })
    limit: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name}Page` });
  cache.set(item, PageDto);
  return PageDto;
}
