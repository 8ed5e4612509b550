import type { Queryable } from '../db/db.ts';
import { historyTable } from '../schema/tables.ts';
import { ident, sql } from '../sql/sql.ts';
import { toResourceRow, type DbRow, type ResourceRow } from './resource-row.ts';

/** The current version (possibly a deletion), or undefined if the id was never used. */
export async function readCurrent(q: Queryable, type: string, id: string): Promise<ResourceRow | undefined> {
  const [row] = await q.query<DbRow>(
    sql`SELECT id, version_id, last_updated, deleted, patient_id, access_tags, content FROM ${ident(type)} WHERE id = ${id}`,
  );
  return row ? toResourceRow(type, row) : undefined;
}

/** Several current versions at once, in no particular order (missing ids are left out). */
export async function readCurrentMany(q: Queryable, type: string, ids: readonly string[]): Promise<ResourceRow[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<DbRow>(
    sql`SELECT id, version_id, last_updated, deleted, patient_id, access_tags, content FROM ${ident(type)} WHERE id = ANY(${[...ids]}::text[])`,
  );
  return rows.map((r) => toResourceRow(type, r));
}

export async function readVersion(
  q: Queryable,
  type: string,
  id: string,
  versionId: number,
): Promise<ResourceRow | undefined> {
  const [row] = await q.query<DbRow>(
    sql`SELECT id, version_id, last_updated, deleted, patient_id, access_tags, content FROM ${ident(historyTable(type))}
        WHERE id = ${id} AND version_id = ${versionId}::integer`,
  );
  return row ? toResourceRow(type, row) : undefined;
}
