import type { Parameters, ParametersParameter, Reference } from '@medplum/fhirtypes';
import type { FhirClient } from '../../api/fhir-client.ts';
import { parameterGroups, parameterValue } from '../../api/parameters.ts';

export type ReviewFlag =
  'emergency' | 'self-declared' | 'same-surname-address' | 'lookup' | 'denied' | 'unusual-volume';

export const FLAG_TEXT: Record<ReviewFlag, string> = {
  emergency: 'Akuttilgang',
  'self-declared': 'Selverklært behandlingsrelasjon',
  'same-surname-address': 'Oppslag på person med samme etternavn og adresse',
  lookup: 'Oppslag på fødselsnummer utenfor egne pasienter',
  denied: 'Avvist tilgangsforsøk',
  'unusual-volume': 'Uvanlig mange pasienter',
};

export interface FlaggedAccess {
  readonly flag: ReviewFlag;
  readonly auditEventId: string | undefined;
  readonly when: string | undefined;
  readonly who: string;
  readonly unit: string | undefined;
  readonly patient: string | undefined;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly review: { by: string; at: string; comment: string } | undefined;
}

/** `AuditEvent/$log-review?since=…`: the flagged accesses of the officer's municipality. */
export async function loadLogReview(
  client: FhirClient,
  since: string,
  signal: AbortSignal,
): Promise<FlaggedAccess[]> {
  const params = await client.operation<Parameters>('AuditEvent/$log-review', { params: { since }, signal });
  return parameterGroups(params, 'flagged').map((f) => {
    const reviewed = f['reviewed'] as ParametersParameter | undefined;
    const reviewPart = (name: string) =>
      parameterValue(reviewed?.part?.find((p) => p.name === name)) as string | undefined;
    const auditRef = (f['auditEvent'] as Reference | undefined)?.reference;
    const patient = f['patient'] as Reference | undefined;
    return {
      flag: f['flag'] as ReviewFlag,
      auditEventId: auditRef?.replace(/^AuditEvent\//, ''),
      when: f['when'] as string | undefined,
      who: (f['who'] as string | undefined) ?? 'Ukjent',
      unit: f['unit'] as string | undefined,
      patient: patient?.display ?? patient?.reference,
      reason: f['reason'] as string | undefined,
      detail: f['detail'] as string | undefined,
      review: reviewed
        ? { by: reviewPart('by') ?? '', at: reviewPart('at') ?? '', comment: reviewPart('comment') ?? '' }
        : undefined,
    };
  });
}

export async function markReviewed(client: FhirClient, auditEventId: string, comment: string): Promise<void> {
  await client.operation(`AuditEvent/${auditEventId}/$mark-reviewed`, {
    method: 'POST',
    body: { resourceType: 'Parameters', parameter: [{ name: 'comment', valueString: comment }] },
  });
}

/** The reason as written, without the server's "emergency: " label in front. */
export function reasonText(reason: string | undefined): string | undefined {
  return reason?.replace(/^(emergency|self-declared|derived|lookup|system):\s*/i, '');
}

/**
 * Accesses that belong together (one emergency access means every read during it is flagged): same flag,
 * person, unit, patient and reason on the same day. They are reviewed together.
 */
export interface FlaggedGroup {
  readonly key: string;
  readonly first: FlaggedAccess;
  readonly items: readonly FlaggedAccess[];
  readonly reviewed: boolean;
}

export function groupFlagged(flagged: readonly FlaggedAccess[]): FlaggedGroup[] {
  const groups = new Map<string, FlaggedAccess[]>();
  for (const f of flagged) {
    const key = [
      f.flag,
      f.who,
      f.unit,
      f.patient,
      reasonText(f.reason),
      f.when?.slice(0, 10),
      Boolean(f.review),
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].map(([key, items]) => ({
    key,
    first: items[0] as FlaggedAccess,
    items,
    reviewed: items.every((i) => i.review),
  }));
}
