import type { Parameters, Reference } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { parameter, parameterGroups } from '../../../api/parameters.ts';

/** Kinds of care relation (server: store/access/care-relations.ts). */
export type RelationKind =
  'gp-list' | 'episode' | 'encounter' | 'appointment' | 'referral' | 'task' | 'self-declared' | 'emergency';

export interface Relation {
  readonly kind: RelationKind;
  readonly active: boolean;
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly source: string | undefined;
  readonly unit: string | undefined;
  readonly reason: string | undefined;
}

export interface AccessBasis {
  readonly hasAccess: boolean;
  readonly relations: readonly Relation[];
  /** The active emergency access, if that is (part of) why the record is open. */
  readonly emergency: Relation | undefined;
}

export const RELATION_TEXT: Record<RelationKind, string> = {
  'gp-list': 'Pasienten står på fastlegelisten ved enheten',
  episode: 'Pasienten har et tjenesteforløp eller vedtak ved enheten',
  encounter: 'Pasienten har en kontakt (konsultasjon, besøk) ved enheten',
  appointment: 'Pasienten har en avtale med enheten',
  referral: 'Enheten har mottatt en henvisning for pasienten',
  task: 'Enheten har en oppgave for pasienten',
  'self-declared': 'Du har selv erklært behandlingsrelasjon',
  emergency: 'Du har tatt akuttilgang',
};

/** `Patient/{id}/$access-basis`: "why can I see this patient?" */
export async function loadAccessBasis(
  client: FhirClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<AccessBasis> {
  const params = await client.operation<Parameters>(`Patient/${patientId}/$access-basis`, {
    ...(signal ? { signal } : {}),
  });
  const relations = parameterGroups(params, 'relation').map((r): Relation => ({
    kind: r['kind'] as RelationKind,
    active: r['active'] === true,
    start: r['start'] as string | undefined,
    end: r['end'] as string | undefined,
    source: (r['source'] as Reference | undefined)?.reference,
    unit: (r['unit'] as Reference | undefined)?.reference,
    reason: r['reason'] as string | undefined,
  }));
  return {
    hasAccess: parameter(params, 'hasAccess') === true,
    relations,
    emergency: relations.find((r) => r.kind === 'emergency' && r.active),
  };
}

/** `$emergency-access` / `$declare-relation`: returns when the access ends. */
export async function grantAccess(
  client: FhirClient,
  patientId: string,
  kind: 'emergency-access' | 'declare-relation',
  reason: string,
): Promise<{ end: string | undefined }> {
  const params = await client.operation<Parameters>(`Patient/${patientId}/$${kind}`, {
    method: 'POST',
    body: { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: reason }] },
  });
  return { end: parameter(params, 'end') as string | undefined };
}
