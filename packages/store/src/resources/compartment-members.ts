import { loadDefinitions } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { ident, join, sql } from '../sql/sql.ts';

/**
 * Every current (not deleted) resource in a patient's compartment, across all types: what moves when two
 * records of the same person are merged. One statement over the `patient_id` index of each table; unscoped, so
 * only for platform-level operations that must see everything (the caller's access is checked by them).
 */
export async function compartmentMembers(
  q: Queryable,
  patientId: string,
): Promise<{ type: string; id: string }[]> {
  const selects = loadDefinitions()
    .resourceTypes.filter((type) => type !== 'Patient' && type !== 'AuditEvent')
    .map(
      (type) =>
        sql`SELECT ${type}::text AS type, id FROM ${ident(type)} WHERE patient_id = ${patientId} AND NOT deleted`,
    );
  return q.query<{ type: string; id: string }>(join(selects, ' UNION ALL '));
}
