import type { DataSource, EntityTarget } from 'typeorm';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Column names of an entity, read once from TypeORM's metadata, so hand-written SQL returns rows
 * already shaped like the API (`park_id AS "parkId"`) without listing every column twice.
 */
export class EntitySql {
  readonly table: string;
  private readonly byProp = new Map<string, string>();
  private readonly casts = new Map<string, string>();

  constructor(dataSource: DataSource, entity: EntityTarget<unknown>, hidden: string[] = []) {
    const metadata = dataSource.getMetadata(entity);
    this.table = quote(metadata.tableName);
    const relationNames = new Set(metadata.relations.map((r) => r.propertyName));
    for (const column of metadata.columns) {
      if (relationNames.has(column.propertyName) || hidden.includes(column.propertyName)) continue;
      this.byProp.set(column.propertyName, column.databaseName);
      if (typeof column.type === 'string') {
        // char/varchar as text: `'CNY'::char` would keep one character
        const base = /char/.test(column.type) ? 'text' : column.type;
        this.casts.set(column.propertyName, `::${base}${column.isArray ? '[]' : ''}`);
      }
    }
  }

  get properties(): string[] {
    return [...this.byProp.keys()];
  }

  /** The quoted column of a property, optionally qualified: col('parkId', 'p') → p."park_id". */
  col(prop: string, alias?: string): string {
    const name = this.byProp.get(prop);
    if (!name) throw new Error(`${this.table} has no column for property ${prop}`);
    return alias ? `${alias}.${quote(name)}` : quote(name);
  }

  /** `::uuid`, `::numeric`, … for a placeholder whose type Postgres cannot infer (INSERT … SELECT). */
  cast(prop: string): string {
    return this.casts.get(prop) ?? '';
  }

  /** `a."park_id" AS "parkId", …` for every visible property. */
  select(alias?: string): string {
    return this.properties.map((p) => `${this.col(p, alias)} AS ${quote(p)}`).join(', ');
  }

  /** `"name" = $n, …` for the defined properties of a patch, parameters from $offset+1. */
  assignments(patch: Record<string, unknown>, offset = 0): { sql: string; params: unknown[] } {
    const props = Object.keys(patch).filter((k) => patch[k] !== undefined);
    return {
      sql: props.map((p, i) => `${this.col(p)} = $${offset + i + 1}`).join(', '),
      params: props.map((p) => patch[p]),
    };
  }
}
