import { countWithheldByReference, type Queryable } from '@akson/store';
import type { AccessContext } from '../../access/access-context.ts';
import { CONTACT_CONTENT_TYPES } from './timeline-sources.ts';

/**
 * For each contact (Encounter/x) the caller may see, how many resources belonging to it (its notes, documents,
 * measurements, diagnoses: their `encounter`) are withheld from the caller: private to another service,
 * skjermet for another unit, or blocked. A count, never what. Only clinicians are told (the access module
 * gives them an unwithheld scope to count against); citizens and systems get an empty map.
 *
 * This reads the database beside `request.fhir` because no search can count per reference; it returns nothing
 * but counts, computed with the caller's own scope, so there is nothing to audit and nothing to present.
 */
export async function withheldContent(
  db: Queryable,
  access: AccessContext,
  patientId: string,
  encounterRefs: readonly string[],
): Promise<Map<string, number>> {
  const wider = access.unwithheldScope;
  const out = new Map<string, number>();
  if (!wider || encounterRefs.length === 0) return out;
  const counts = await Promise.all(
    CONTACT_CONTENT_TYPES.map((type) =>
      countWithheldByReference(
        db,
        { type, param: 'encounter', references: encounterRefs, patientId },
        access.scope,
        wider,
      ),
    ),
  );
  for (const map of counts) for (const [ref, n] of map) out.set(ref, (out.get(ref) ?? 0) + n);
  return out;
}
