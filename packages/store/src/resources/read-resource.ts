import type { Queryable } from '../db/db.ts';
import { historyTable } from '../schema/tables.ts';
import { prepared, raw, sql, ident, type Sql } from '../sql/sql.ts';
import { scopeFilter, type ReadScope } from '../search/read-scope.ts';
import { toResourceRow, type DbRow, type ResourceRow } from './resource-row.ts';

const COLUMNS = raw('a.id, a.version_id, a.last_updated, a.deleted, a.patient_id, a.access_tags, a.content');

/** With a scope, the row says whether the reader may see it: one query tells "hidden" from "missing" apart. */
function visibility(scope: ReadScope | undefined, type: string): Sql {
  return scope ? sql`, (${scopeFilter(scope, 'a', type)}) AS visible` : raw('');
}

/** The current version (possibly a deletion), or undefined if the id was never used. */
export async function readCurrent(
  q: Queryable,
  type: string,
  id: string,
  scope?: ReadScope,
): Promise<ResourceRow | undefined> {
  const [row] = await q.query<DbRow>(
    prepared(sql`SELECT ${COLUMNS}${visibility(scope, type)} FROM ${ident(type)} a WHERE a.id = ${id}`),
  );
  return row ? toResourceRow(type, row) : undefined;
}

/** Several current versions at once, in no particular order (missing ids are left out). */
export async function readCurrentMany(
  q: Queryable,
  type: string,
  ids: readonly string[],
  scope?: ReadScope,
): Promise<ResourceRow[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<DbRow>(
    prepared(
      sql`SELECT ${COLUMNS}${visibility(scope, type)} FROM ${ident(type)} a WHERE a.id = ANY(${[...ids]}::text[])`,
    ),
  );
  return rows.map((r) => toResourceRow(type, r));
}

export async function readVersion(
  q: Queryable,
  type: string,
  id: string,
  versionId: number,
  scope?: ReadScope,
): Promise<ResourceRow | undefined> {
  const [row] = await q.query<DbRow>(
    sql`SELECT ${COLUMNS}${visibility(scope, type)} FROM ${ident(historyTable(type))} a
        WHERE a.id = ${id} AND a.version_id = ${versionId}::integer`,
  );
  return row ? toResourceRow(type, row) : undefined;
}
