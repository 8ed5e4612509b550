import type { Queryable } from '../db/db.ts';
import { paramStorageByCode } from '../schema/columns.ts';
import { col, ident, sql } from '../sql/sql.ts';
import { scopeFilter, type ReadScope } from './read-scope.ts';

export interface WithheldByReferenceQuery {
  /** The resources that may be withheld (Composition, say). */
  readonly type: string;
  /** Their reference parameter pointing at the targets (`encounter`). */
  readonly param: string;
  /** The targets, as "Type/id" (the encounters on a timeline page). */
  readonly references: readonly string[];
  /** The patient whose record it is: keeps the query on the patient_id index. */
  readonly patientId: string;
}

/**
 * For each target, how many resources of `type` pointing at it the reader's `scope` withholds while the wider
 * scope (the same reader without withholding rules, see read-scope.ts `unwithheld`) would show them: a count
 * per target, never which. This is what lets a timeline say "this contact has content you may not see" on a
 * contact that is shared metadata, whose note is private to another service. Targets with nothing withheld
 * are absent from the map.
 */
export async function countWithheldByReference(
  q: Queryable,
  query: WithheldByReferenceQuery,
  scope: ReadScope,
  widerScope: ReadScope,
): Promise<Map<string, number>> {
  const storage = paramStorageByCode(query.type, query.param);
  const out = new Map<string, number>();
  if (!storage || storage.def.type !== 'reference' || query.references.length === 0) return out;
  const refs = col('a', storage.column);
  // The scope is a boolean expression that is never NULL, but IS NOT TRUE keeps that from mattering.
  const rows = await q.query<{ ref: string; n: string | number }>(sql`
    SELECT ref, count(DISTINCT a.id) AS n
    FROM ${ident(query.type)} a, unnest(${refs}) AS ref
    WHERE a.deleted = false AND a.patient_id = ${query.patientId}
      AND ${refs} && ${[...query.references]}::text[] AND ref = ANY(${[...query.references]}::text[])
      AND ${scopeFilter(widerScope, 'a', query.type)}
      AND (${scopeFilter(scope, 'a', query.type)}) IS NOT TRUE
    GROUP BY ref`);
  for (const row of rows) out.set(row.ref, Number(row.n));
  return out;
}
