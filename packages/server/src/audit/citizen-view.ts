import { IDENTIFIER_SYSTEMS } from '@akson/fhir';

const PERSON_ID_SYSTEMS = new Set<string>([IDENTIFIER_SYSTEMS.fnr, IDENTIFIER_SYSTEMS.dnr, IDENTIFIER_SYSTEMS.fhn]);

/**
 * The citizen's view of an access-log entry: who (name, HPR, organisation and unit), when, why, what — but
 * never the employee's national id (trust framework ATT-8; pasientjournalloven § 18).
 */
export function citizenViewOfAuditEvent(event: Record<string, unknown>): Record<string, unknown> {
  const contained = (event['contained'] as Record<string, unknown>[] | undefined)?.map((r) => {
    if (r['resourceType'] !== 'Practitioner') return r;
    const identifier = (r['identifier'] as { system?: string }[] | undefined)?.filter((i) => !PERSON_ID_SYSTEMS.has(i.system ?? ''));
    return { ...r, identifier };
  });
  return contained ? { ...event, contained } : event;
}
