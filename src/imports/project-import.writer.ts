import type { Actor } from '../common/auth/actor.js';
import type { Queryable } from '../common/database/db.service.js';
import type { EntitySql } from '../common/database/entity-sql.js';
import type { ImportField } from './column-map.js';
import type { ImportRow, RowErrors } from './register-parser.js';

/** The staged columns: the import_rows column of each field, its SQL type and its project column. */
const STAGED: { field: ImportField; col: string; type: string; project: string }[] = [
  { field: 'name', col: 'name', type: 'text', project: 'name' },
  { field: 'enterprise', col: 'enterprise', type: 'text', project: 'enterprise_id' },
  { field: 'cluster', col: 'cluster', type: 'text', project: 'cluster_id' },
  { field: 'levels', col: 'levels', type: 'text', project: 'levels' },
  {
    field: 'plannedInvestment',
    col: 'planned_investment',
    type: 'numeric',
    project: 'planned_investment',
  },
  {
    field: 'annualPlannedInvestment',
    col: 'annual_planned_investment',
    type: 'numeric',
    project: 'annual_planned_investment',
  },
  {
    field: 'expectedAnnualOutput',
    col: 'expected_annual_output',
    type: 'numeric',
    project: 'expected_annual_output',
  },
  { field: 'currency', col: 'currency', type: 'text', project: 'currency' },
  { field: 'startDate', col: 'start_date', type: 'date', project: 'start_date' },
  {
    field: 'plannedCompletionDate',
    col: 'planned_completion_date',
    type: 'date',
    project: 'planned_completion_date',
  },
  { field: 'leaderName', col: 'leader_name', type: 'text', project: 'leader_name' },
  { field: 'department', col: 'department', type: 'text', project: 'department' },
  { field: 'location', col: 'location', type: 'text', project: 'location' },
  { field: 'description', col: 'description', type: 'text', project: 'description' },
];

// the fields the warning rules measure a project against (as ProjectsService.update)
const RELIGHT = new Set<ImportField>(['startDate', 'plannedCompletionDate', 'plannedInvestment']);
const OPTIONAL_TEXT = new Set<ImportField>(['leaderName', 'department', 'location', 'description']);
const WHITESPACE = `E' \\t\\r\\n'`;
const STAGE_CHUNK = 5_000;

export interface ImportCounts {
  /** Data rows of the file. */
  rows: number;
  created: number;
  updated: number;
  /** Rows that match a project already equal to them: not written (its version stays). */
  unchanged: number;
  enterprisesCreated: number;
}

/** The file's column of a field: errors name it and sort by it. */
export type ColumnOf = (field: ImportField) => { header: string; index: number };

/**
 * The SQL of one import, on the import's transaction: rows staged into a temporary table
 * (unnest of one array per column, 5,000 rows a statement), checked against the database, then
 * written set-based: enterprises in one INSERT, projects by ranges of rows, each statement
 * writing its audit rows itself (INSERT … SELECT from the RETURNING).
 */
export class ProjectImportWriter {
  private readonly present: typeof STAGED;
  private staged = 0;
  private created = false;
  private readonly rowNumbers: number[] = [];

  constructor(
    private readonly tx: Queryable,
    private readonly projectSql: EntitySql,
    private readonly enterpriseSql: EntitySql,
    private readonly parkId: string,
    private readonly fields: Set<ImportField>,
  ) {
    this.present = STAGED.filter((s) => fields.has(s.field));
  }

  /** Loads rows (those with a valid code) into import_rows; the first call creates the table. */
  async stage(rows: ImportRow[]): Promise<void> {
    if (!this.created) {
      this.created = true;
      await this.tx.query(
        `CREATE TEMP TABLE import_rows (
           "row" int PRIMARY KEY, code text NOT NULL,
           name text, enterprise text, cluster text, levels varchar(16)[],
           planned_investment numeric(20,2), annual_planned_investment numeric(20,2),
           expected_annual_output numeric(20,2), currency text, start_date date,
           planned_completion_date date, leader_name text, department text, location text,
           description text,
           project_id uuid, park_id uuid, enterprise_id uuid, cluster_id uuid,
           changed boolean NOT NULL DEFAULT false, relight boolean NOT NULL DEFAULT false
         ) ON COMMIT DROP`,
      );
    }
    const keyed = rows.filter((r) => r.values.code !== undefined);
    for (let i = 0; i < keyed.length; i += STAGE_CHUNK) {
      const chunk = keyed.slice(i, i + STAGE_CHUNK);
      const arrays: unknown[][] = [chunk.map((r) => r.row), chunk.map((r) => r.values.code)];
      for (const s of STAGED) {
        arrays.push(
          this.fields.has(s.field)
            ? chunk.map((r) => {
                const value = r.values[s.field as keyof typeof r.values];
                return s.field === 'levels' && Array.isArray(value)
                  ? `{${value.join(',')}}`
                  : value;
              })
            : [],
        );
      }
      const types = ['int', 'text', ...STAGED.map((s) => s.type)];
      await this.tx.query(
        `INSERT INTO import_rows ("row", code, ${STAGED.map((s) => s.col).join(', ')})
         SELECT u."row", u.code, ${STAGED.map((s) => (s.field === 'levels' ? 'u.levels::varchar(16)[]' : `u.${s.col}`)).join(', ')}
           FROM unnest(${types.map((t, n) => `$${n + 1}::${t}[]`).join(', ')})
                AS u("row", code, ${STAGED.map((s) => s.col).join(', ')})`,
        arrays,
      );
      this.rowNumbers.push(...chunk.map((r) => r.row));
    }
    this.staged += keyed.length;
  }

  /**
   * Matches rows to projects and references, and adds every error the database can tell:
   * a code in several sub-parks, an unknown cluster, dates in the wrong order against the
   * project's other date, a currency change once investment is recorded.
   */
  async check(errors: RowErrors, columnOf: ColumnOf): Promise<void> {
    const add = (row: number, field: ImportField, message: string) => {
      const column = columnOf(field);
      errors.add(row, column.header, message, column.index);
    };
    await this.tx.query(`ANALYZE import_rows`);
    // park + code; a code found only in one sub-park of the import's park is that project
    const ambiguous = await this.tx.query<{ row: number; parks: string }>(
      `WITH m AS (
         SELECT r."row", count(*)::int AS n, bool_or(p.park_id = $1) AS exact,
                (array_agg(p.id ORDER BY p.park_id = $1 DESC))[1] AS id,
                (array_agg(p.park_id ORDER BY p.park_id = $1 DESC))[1] AS park_id,
                string_agg(k.name, ', ' ORDER BY k.name) AS parks
           FROM import_rows r
           JOIN projects p ON p.code = r.code AND p.deleted_at IS NULL
           JOIN parks k ON k.id = p.park_id
          WHERE p.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $1)
          GROUP BY r."row"),
       matched AS (
         UPDATE import_rows r SET project_id = m.id, park_id = m.park_id
           FROM m WHERE m."row" = r."row" AND (m.exact OR m.n = 1))
       SELECT "row", parks FROM m WHERE NOT m.exact AND m.n > 1`,
      [this.parkId],
    );
    for (const a of ambiguous) {
      add(
        a.row,
        'code',
        `is a project of several sub-parks (${a.parks}): import it into its sub-park`,
      );
    }
    await this.tx.query(`UPDATE import_rows SET park_id = $1 WHERE park_id IS NULL`, [this.parkId]);

    if (this.fields.has('cluster')) {
      await this.tx.query(
        `UPDATE import_rows r SET cluster_id = c.id FROM industry_clusters c
          WHERE r.cluster IS NOT NULL AND c.park_id = r.park_id AND lower(c.name) = lower(r.cluster)`,
      );
      const unknown = await this.tx.query<{ row: number; cluster: string; park: string }>(
        `SELECT r."row", r.cluster, k.name AS park FROM import_rows r JOIN parks k ON k.id = r.park_id
          WHERE r.cluster IS NOT NULL AND r.cluster_id IS NULL`,
      );
      for (const u of unknown) {
        add(u.row, 'cluster', `"${u.cluster}" is not a cluster of ${u.park}`);
      }
    }
    if (this.fields.has('enterprise')) await this.resolveEnterprises();
    await this.checkDates(add);
    if (this.fields.has('currency')) {
      const locked = await this.tx.query<{ row: number; currency: string }>(
        `SELECT r."row", p.currency FROM import_rows r JOIN projects p ON p.id = r.project_id
          WHERE r.currency IS DISTINCT FROM p.currency
            AND EXISTS (SELECT 1 FROM investment_tranches t WHERE t.project_id = p.id)`,
      );
      for (const l of locked) {
        add(l.row, 'currency', `cannot change from ${l.currency} once investment is recorded`);
      }
    }
  }

  /** What a write would do, without writing (the dry run). */
  async preview(): Promise<ImportCounts> {
    const row = await this.tx.one<Omit<ImportCounts, 'rows' | 'unchanged'> & { matched: number }>(
      `SELECT count(*) FILTER (WHERE r.project_id IS NULL)::int AS created,
              count(*) FILTER (WHERE r.project_id IS NOT NULL)::int AS matched,
              count(*) FILTER (WHERE r.project_id IS NOT NULL AND (${this.changedSql()}))::int AS updated,
              (SELECT count(*) FROM (SELECT DISTINCT park_id, lower(enterprise) FROM import_rows
                                      WHERE enterprise IS NOT NULL AND enterprise_id IS NULL) e)::int
                AS "enterprisesCreated"
         FROM import_rows r LEFT JOIN projects p ON p.id = r.project_id`,
    );
    const { created, updated, matched, enterprisesCreated } = row!;
    return {
      rows: this.staged,
      created,
      updated,
      unchanged: matched - updated,
      enterprisesCreated,
    };
  }

  /**
   * Writes everything: missing enterprises, changed projects (version + 1), new projects, each
   * with its audit. `progress` hears how many rows are written, range by range.
   */
  async write(
    actor: Actor,
    progress: (rowsDone: number) => Promise<void> = async () => undefined,
    rangeSize = 5_000,
  ): Promise<ImportCounts & { relight: string[] }> {
    const who = [actor.id, actor.correlationId.slice(0, 100)];
    let enterprisesCreated = 0;
    if (this.fields.has('enterprise')) {
      const created = await this.tx.one<{ n: number }>(
        `WITH created AS (
           INSERT INTO enterprises (park_id, name)
           SELECT DISTINCT ON (r.park_id, lower(r.enterprise)) r.park_id, r.enterprise
             FROM import_rows r WHERE r.enterprise IS NOT NULL AND r.enterprise_id IS NULL
            ORDER BY r.park_id, lower(r.enterprise), r."row"
           ON CONFLICT (park_id, lower(name)) DO NOTHING
           RETURNING ${this.enterpriseSql.select()}),
         audit AS (
           INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, after, correlation_id)
           SELECT $1, 'enterprise', c.id, c."parkId", 'create', to_jsonb(c), $2 FROM created c)
         SELECT count(*)::int AS n FROM created`,
        who,
      );
      enterprisesCreated = created?.n ?? 0;
      await this.resolveEnterprises();
    }
    // lock the projects that change (and only those: an unchanged row is not written)
    await this.tx.query(
      `UPDATE import_rows t SET changed = true, relight = x.relight
         FROM (SELECT p.id, (${this.relightSql()}) AS relight
                 FROM projects p JOIN import_rows r ON r.project_id = p.id
                WHERE ${this.changedSql()}
                ORDER BY p.id FOR UPDATE OF p) x
        WHERE t.project_id = x.id`,
    );
    // the planner must know how many rows change: with the estimate of before the flags (none)
    // it joins the audit's before and after images in a nested loop, quadratic in the range
    await this.tx.query(`ANALYZE import_rows`);
    const sets = this.present.map((s) => `${s.project} = r.${this.resolved(s)}`).join(', ');
    const insertColumns = this.present.map((s) => s.project).join(', ');
    const insertValues = this.present.map((s) => `r.${this.resolved(s)}`).join(', ');
    const officer = actor.role === 'officer' ? actor.id : null;
    let created = 0;
    let updated = 0;
    for (let i = 0; i < this.rowNumbers.length; i += rangeSize) {
      const range = [
        this.rowNumbers[i],
        this.rowNumbers[Math.min(i + rangeSize, this.rowNumbers.length) - 1],
      ];
      const changed = await this.tx.one<{ n: number }>(
        `WITH old AS (
           SELECT ${this.projectSql.select('p')} FROM projects p JOIN import_rows r ON r.project_id = p.id
            WHERE r.changed AND r."row" BETWEEN $3 AND $4),
         upd AS (
           UPDATE projects p SET ${sets}, version = p.version + 1, updated_at = now()
             FROM import_rows r
            WHERE r.project_id = p.id AND r.changed AND r."row" BETWEEN $3 AND $4
           RETURNING ${this.projectSql.select('p')}),
         audit AS (
           INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, before, after, correlation_id)
           SELECT $1, 'project', u.id, u."parkId", 'update', to_jsonb(o), to_jsonb(u), $2
             FROM upd u JOIN old o ON o.id = u.id)
         SELECT count(*)::int AS n FROM upd`,
        [...who, ...range],
      );
      // new projects start as leads (the column default), the creating officer as their officer
      const inserted = await this.tx.one<{ n: number }>(
        `WITH ins AS (
           INSERT INTO projects (code, park_id, ${insertColumns}, officer_id, created_by)
           SELECT r.code, r.park_id, ${insertValues}, $5::uuid, $1::uuid
             FROM import_rows r
            WHERE r.project_id IS NULL AND r."row" BETWEEN $3 AND $4
            ORDER BY r."row"
           RETURNING ${this.projectSql.select()}),
         audit AS (
           INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, after, correlation_id)
           SELECT $1, 'project', i.id, i."parkId", 'create', to_jsonb(i), $2 FROM ins i)
         SELECT count(*)::int AS n FROM ins`,
        [...who, ...range, officer],
      );
      updated += changed?.n ?? 0;
      created += inserted?.n ?? 0;
      await progress(Math.min(i + rangeSize, this.rowNumbers.length));
    }
    const relight = await this.tx.one<{ ids: string[] }>(
      `SELECT coalesce(array_agg(project_id), '{}') AS ids FROM import_rows WHERE relight`,
    );
    return {
      rows: this.staged,
      created,
      updated,
      unchanged: this.staged - created - updated,
      enterprisesCreated,
      relight: relight?.ids ?? [],
    };
  }

  /** Enterprises by name: the project's own if the name is its name, else the park's. */
  private async resolveEnterprises() {
    await this.tx.query(
      `UPDATE import_rows r SET enterprise_id = e.id
         FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE p.id = r.project_id AND r.enterprise_id IS NULL AND r.enterprise IS NOT NULL
          AND lower(e.name) = lower(r.enterprise)`,
    );
    await this.tx.query(
      `UPDATE import_rows r SET enterprise_id = e.id FROM enterprises e
        WHERE r.enterprise_id IS NULL AND r.enterprise IS NOT NULL
          AND e.park_id = r.park_id AND lower(e.name) = lower(r.enterprise)`,
    );
  }

  /** With one of the two dates in the file, the other is the project's: their order still holds. */
  private async checkDates(add: (row: number, field: ImportField, message: string) => void) {
    const hasStart = this.fields.has('startDate');
    const hasEnd = this.fields.has('plannedCompletionDate');
    if (hasStart === hasEnd) return; // both in the file: checked row by row already
    const start = hasStart ? 'r.start_date' : 'p.start_date';
    const end = hasEnd ? 'r.planned_completion_date' : 'p.planned_completion_date';
    const wrong = await this.tx.query<{ row: number; other: string }>(
      `SELECT r."row", to_char(${hasStart ? end : start}, 'YYYY-MM-DD') AS other
         FROM import_rows r JOIN projects p ON p.id = r.project_id
        WHERE ${end} < ${start}`,
    );
    for (const w of wrong) {
      if (hasStart) add(w.row, 'startDate', `is after the planned completion (${w.other})`);
      else add(w.row, 'plannedCompletionDate', `is before the start (${w.other})`);
    }
  }

  private resolved(s: (typeof STAGED)[number]) {
    return s.field === 'enterprise'
      ? 'enterprise_id'
      : s.field === 'cluster'
        ? 'cluster_id'
        : s.col;
  }

  /** True when the staged row r differs from project p in a column the file has. */
  private changedSql(): string {
    return this.present.map((s) => `(${this.differs(s)})`).join(' OR ') || 'false';
  }

  private relightSql(): string {
    const parts = this.present
      .filter((s) => RELIGHT.has(s.field))
      .map((s) => `(${this.differs(s)})`);
    return parts.length ? parts.join(' OR ') : 'false';
  }

  private differs(s: (typeof STAGED)[number]): string {
    switch (s.field) {
      case 'name':
        return `btrim(p.name, ${WHITESPACE}) IS DISTINCT FROM r.name`;
      case 'enterprise':
        return `(r.enterprise IS NOT NULL AND r.enterprise_id IS NULL) OR p.enterprise_id IS DISTINCT FROM r.enterprise_id`;
      case 'cluster':
        return `p.cluster_id IS DISTINCT FROM r.cluster_id`;
      case 'levels':
        return `NOT (p.levels @> r.levels AND p.levels <@ r.levels)`;
      default:
        // text read from a file is trimmed and empty is none: the stored text is compared alike
        return OPTIONAL_TEXT.has(s.field)
          ? `nullif(btrim(p.${s.project}, ${WHITESPACE}), '') IS DISTINCT FROM r.${s.col}`
          : `p.${s.project} IS DISTINCT FROM r.${s.col}`;
    }
  }
}
