import { IDENTIFIER_SYSTEMS, type SearchRequest } from '@akson/fhir';
import type { ResourceRow } from '@akson/store';

const NATIONAL_ID_SYSTEMS = new Set<string>([
  IDENTIFIER_SYSTEMS.fnr,
  IDENTIFIER_SYSTEMS.dnr,
  IDENTIFIER_SYSTEMS.fhn,
]);

/** A search that is exactly Patient?identifier=<national id system>|<number> and nothing else. */
export function isNationalIdLookup(request: SearchRequest): boolean {
  if (
    request.type !== 'Patient' ||
    request.filters.length !== 1 ||
    request.include.length > 0 ||
    request.revinclude.length > 0
  )
    return false;
  const f = request.filters[0];
  if (
    f?.kind !== 'param' ||
    f.param.code !== 'identifier' ||
    f.modifier !== undefined ||
    f.values.length !== 1
  )
    return false;
  const v = f.values[0];
  return (
    v?.kind === 'token' &&
    typeof v.system === 'string' &&
    NATIONAL_ID_SYSTEMS.has(v.system) &&
    /^\d{11}$/.test(v.code ?? '')
  );
}

export const DEMOGRAPHICS_ONLY_TAG = {
  system: 'https://akson.no/fhir/CodeSystem/access',
  code: 'demographics-only',
  display: 'Kun personalia',
};

/**
 * What a clinician sees of a patient found by national id outside their relations: who the person is (name,
 * national id, birth date, gender), enough to start emergency access or declare a relation, and nothing else.
 */
export function demographicsOnly(row: ResourceRow): ResourceRow {
  const p = JSON.parse(row.content ?? '{}') as Record<string, unknown>;
  const identifier = (p['identifier'] as { system?: string }[] | undefined)?.filter((i) =>
    NATIONAL_ID_SYSTEMS.has(i.system ?? ''),
  );
  const reduced = {
    resourceType: 'Patient',
    id: p['id'],
    meta: { ...(p['meta'] as object), tag: [DEMOGRAPHICS_ONLY_TAG] },
    identifier,
    name: p['name'],
    gender: p['gender'],
    birthDate: p['birthDate'],
    ...(p['deceasedBoolean'] !== undefined ? { deceasedBoolean: p['deceasedBoolean'] } : {}),
    ...(p['deceasedDateTime'] !== undefined ? { deceasedDateTime: p['deceasedDateTime'] } : {}),
  };
  return { ...row, content: JSON.stringify(reduced) };
}
