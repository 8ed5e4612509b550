import type { Queryable } from '../db/db.ts';
import { paramStorage, paramStorageByCode } from '../schema/columns.ts';
import { historyTable } from '../schema/tables.ts';
import { ident, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { PreparedVersion } from './write-version.ts';

/**
 * Inserting many new resources at once (the synthetic population, imports): the rows `insertVersion` writes
 * for each version — the current row with its search columns, access tags and patient compartment, and the
 * history row — but for hundreds of versions per statement. Versions are prepared with `prepareVersion`, as
 * on every other write, so the stored values are the same; only the round trips differ.
 *
 * Each column travels as one array parameter and the rows are rebuilt with `unnest` (a few dozen parameters per
 * statement whatever the number of rows, and the same statement text every time). Array-typed columns (tokens,
 * references, numbers) cannot be nested in a one-dimensional array, so each value travels as its array
 * literal and is cast back per row.
 */

/** Rows per statement: large enough to amortise the round trip, small enough to keep statements in memory. */
const ROWS_PER_STATEMENT = 500;

interface BulkColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly value: (v: PreparedVersion) => unknown;
}

const BASE_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', sqlType: 'text', value: (v) => v.id },
  { name: 'version_id', sqlType: 'integer', value: (v) => v.versionId },
  { name: 'last_updated', sqlType: 'timestamptz', value: (v) => v.lastUpdated },
  { name: 'patient_id', sqlType: 'text', value: (v) => v.indexed.patientId },
  { name: 'access_tags', sqlType: 'text[]', value: (v) => [...v.accessTags] },
  { name: 'content', sqlType: 'text', value: (v) => v.content },
];

const HISTORY_COLUMNS = ['id', 'version_id', 'last_updated', 'patient_id', 'access_tags', 'content'];

interface BulkPlan {
  readonly columns: readonly BulkColumn[];
  readonly statement: (params: readonly unknown[]) => Sql;
}

const plans = new Map<string, BulkPlan>();

function bulkPlan(type: string): BulkPlan {
  const cached = plans.get(type);
  if (cached) return cached;
  const search = paramStorage(type).flatMap((s) => s.columns);
  const columns: BulkColumn[] = [
    ...BASE_COLUMNS,
    ...search.map((c) => ({
      name: c.name,
      sqlType: c.sqlType,
      value: (v: PreparedVersion) => v.indexed.columns.get(c.name) ?? null,
    })),
  ];
  // u.c0, u.c1 ... avoid clashes between column names and SQL keywords in the row source.
  const alias = (i: number): string => `c${i}`;
  const cast = (c: BulkColumn, i: number): Sql =>
    raw(`u.${alias(i)}${c.sqlType === 'text' ? '' : `::${c.sqlType}`}`);
  const paramType = (c: BulkColumn): string =>
    c.sqlType === 'integer' || c.sqlType === 'timestamptz' ? `${c.sqlType}[]` : 'text[]';
  const names = join(
    columns.map((c) => sql`${ident(c.name)}`),
    ', ',
  );
  const historyIndexes = HISTORY_COLUMNS.map((n) => columns.findIndex((c) => c.name === n));
  const plan: BulkPlan = {
    columns,
    statement: (params) => {
      const source = join(
        params.map((p, i) => sql`unnest(${p}::${raw(paramType(columns[i] as BulkColumn))})`),
        ', ',
      );
      const aliases = raw(columns.map((_, i) => alias(i)).join(', '));
      return sql`WITH u AS (SELECT * FROM ROWS FROM (${source}) AS u(${aliases})),
        ins AS (INSERT INTO ${ident(type)} (${names}, deleted)
          SELECT ${join(
            columns.map((c, i) => cast(c, i)),
            ', ',
          )}, false FROM u RETURNING 1)
        INSERT INTO ${ident(historyTable(type))} (${raw(HISTORY_COLUMNS.map((n) => `"${n}"`).join(', '))}, deleted)
          SELECT ${join(
            historyIndexes.map((i) => cast(columns[i] as BulkColumn, i)),
            ', ',
          )}, false FROM u`;
    },
  };
  plans.set(type, plan);
  return plan;
}

/**
 * Inserts version 1 of many new resources, of any types, with their history rows. Ids must be new: a
 * duplicate fails the statement (and the caller's transaction) rather than overwrite anything.
 */
export async function insertVersionsInBulk(
  q: Queryable,
  versions: readonly PreparedVersion[],
): Promise<void> {
  const byType = new Map<string, PreparedVersion[]>();
  for (const v of versions) {
    let list = byType.get(v.type);
    if (!list) byType.set(v.type, (list = []));
    list.push(v);
  }
  for (const [type, list] of byType) {
    const plan = bulkPlan(type);
    for (let start = 0; start < list.length; start += ROWS_PER_STATEMENT) {
      const chunk = list.slice(start, start + ROWS_PER_STATEMENT);
      const params = plan.columns.map((c) =>
        chunk.map((v) => {
          const value = c.value(v);
          return c.sqlType.endsWith('[]') && Array.isArray(value) ? arrayLiteral(value) : value;
        }),
      );
      await q.query(plan.statement(params));
    }
  }
}

/** Which of these ids of a type are already stored (resuming an interrupted bulk load). */
export async function existingIds(q: Queryable, type: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q.query<{ id: string }>(
    sql`SELECT id FROM ${ident(type)} WHERE id = ANY(${[...ids]}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Refreshes the planner's statistics of tables after a bulk load. Autovacuum would do it some time later (and
 * the embedded database never does): until then the planner thinks the tables are empty and picks plans that
 * are slow on real volumes (searches measured two to three times slower before).
 */
export async function analyzeAfterBulkLoad(q: Queryable, types: Iterable<string>): Promise<void> {
  const tables = new Set(['care_relation', 'patient_block', 'AuditEvent']);
  for (const type of types) tables.add(type);
  for (const table of tables) await q.query(sql`ANALYZE ${ident(table)}`);
}

/**
 * The identifier values of one system stored on a type (the fødselsnumre already in the register), so that a
 * bulk load never hands out a number someone else already has.
 */
export async function storedIdentifierValues(q: Queryable, type: string, system: string): Promise<string[]> {
  const column = paramStorageByCode(type, 'identifier')?.column;
  if (!column) return [];
  const prefix = `s:${system}|`;
  const rows = await q.query<{ value: string }>(sql`
    SELECT DISTINCT substr(t, ${prefix.length + 1}::integer) AS value
    FROM ${ident(type)}, unnest(${ident(column)}) AS t
    WHERE NOT deleted AND left(t, ${prefix.length}::integer) = ${prefix}`);
  return rows.map((r) => r.value);
}

/** A PostgreSQL array literal for a one-dimensional array of scalars (text, numbers), every element quoted. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`,
  );
  return `{${items.join(',')}}`;
}
