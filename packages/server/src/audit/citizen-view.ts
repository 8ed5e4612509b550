import { IDENTIFIER_SYSTEMS } from '@akson/fhir';

const PERSON_ID_SYSTEMS = new Set<string>([
  IDENTIFIER_SYSTEMS.fnr,
  IDENTIFIER_SYSTEMS.dnr,
  IDENTIFIER_SYSTEMS.fhn,
]);

/**
 * The citizen's view of an access-log entry: who (name, HPR, organisation and unit), when, why, and what kind
 * of data — but never the employee's national id (trust framework ATT-8; pasientjournalloven § 18), nor the
 * search as typed (it may carry anyone's number), nor the ids of the entries touched (an entry withheld from
 * the patient must not be revealed through the log): those become their resource type only.
 */
export function citizenViewOfAuditEvent(event: Record<string, unknown>): Record<string, unknown> {
  const contained = (event['contained'] as Record<string, unknown>[] | undefined)?.map((r) => {
    if (r['resourceType'] !== 'Practitioner') return r;
    const identifier = (r['identifier'] as { system?: string }[] | undefined)?.filter(
      (i) => !PERSON_ID_SYSTEMS.has(i.system ?? ''),
    );
    return { ...r, identifier };
  });
  const entity = (event['entity'] as Record<string, unknown>[] | undefined)
    ?.filter((e) => e['query'] === undefined)
    .map((e) => {
      const reference = (e['what'] as { reference?: string } | undefined)?.reference;
      if (!reference || reference.startsWith('Patient/')) return e;
      const { what: _what, ...rest } = e;
      return { ...rest, what: { display: reference.split('/')[0] } };
    });
  return { ...event, ...(contained ? { contained } : {}), ...(entity ? { entity } : {}) };
}
