import { parseFhirJson } from '@akson/fhir';
import { readCurrent, type Queryable } from '@akson/store';

interface PatientLinks {
  link?: { other?: { reference?: string }; type?: string }[];
}

/**
 * The records merged into a patient by Patient/$merge (an H-number record identified as this person): those
 * the patient names with link `replaces` and that name the patient back with `replaced-by`. The merge writes
 * both in one transaction; a link written by hand on one side only does not make another record this person's.
 * Read unscoped: the retired record is outside the citizen's own scope, and what it is used for is decided by
 * the caller (the access log), never returned as such.
 */
export async function recordsMergedInto(q: Queryable, patientId: string): Promise<string[]> {
  const patient = await readCurrent(q, 'Patient', patientId);
  if (!patient?.content || patient.deleted) return [];
  const candidates = linked(patient.content, 'replaces');
  const merged: string[] = [];
  for (const id of candidates) {
    const retired = await readCurrent(q, 'Patient', id);
    if (retired?.content && !retired.deleted && linked(retired.content, 'replaced-by').includes(patientId)) {
      merged.push(id);
    }
  }
  return merged;
}

function linked(content: string, type: string): string[] {
  const links = (parseFhirJson(content) as PatientLinks).link ?? [];
  return links.flatMap((link) => {
    const id = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(link.other?.reference ?? '')?.[1];
    return link.type === type && id ? [id] : [];
  });
}
