import type { PatientBlock } from '@akson/store';
import { SERVICE_SYSTEM } from '../directory/service-types.ts';
import { CATEGORY_SYSTEM } from './data-categories.ts';

interface Coding {
  system?: string;
  code?: string;
}
interface ConsentLike {
  status?: string;
  category?: { coding?: Coding[] }[];
  provision?: {
    type?: string;
    actor?: { reference?: { reference?: string; identifier?: { system?: string; value?: string } } }[];
    data?: { reference?: { reference?: string } }[];
    code?: { coding?: Coding[] }[];
  };
}

/** A block (sperring) is an active Consent with category NORS (Volven 9603 "Sperret") and a deny provision. */
export const BLOCK_CATEGORY = {
  system: 'urn:oid:2.16.578.1.12.4.1.1.9603',
  code: 'NORS',
  display: 'Sperret',
} as const;

export function isBlockConsent(consent: ConsentLike): boolean {
  return (consent.category ?? []).some((c) =>
    (c.coding ?? []).some((x) => x.system === BLOCK_CATEGORY.system && x.code === BLOCK_CATEGORY.code),
  );
}

/**
 * The blocks a Consent states: whom (a practitioner, a unit, or a whole service by its code), and what (all of
 * the record, categories of data, or single resources). A withdrawn consent blocks nothing.
 */
export async function blocksFromConsent(
  consent: ConsentLike,
  patientId: string,
  practitionerOf: (reference: string) => Promise<string | undefined>,
): Promise<PatientBlock[]> {
  if (
    !patientId ||
    consent.status !== 'active' ||
    !isBlockConsent(consent) ||
    consent.provision?.type !== 'deny'
  )
    return [];
  const actors: { kind: PatientBlock['actorKind']; value: string }[] = [];
  for (const a of consent.provision.actor ?? []) {
    const ref = a.reference?.reference;
    if (ref?.startsWith('Organization/')) actors.push({ kind: 'unit', value: ref });
    else if (ref?.startsWith('Practitioner/')) actors.push({ kind: 'practitioner', value: ref });
    else if (ref?.startsWith('PractitionerRole/')) {
      const practitioner = await practitionerOf(ref);
      if (practitioner) actors.push({ kind: 'practitioner', value: practitioner });
    } else if (a.reference?.identifier?.system === SERVICE_SYSTEM && a.reference.identifier.value) {
      actors.push({ kind: 'service', value: a.reference.identifier.value });
    }
  }
  const scopes: { kind: PatientBlock['scopeKind']; value: string }[] = [];
  for (const d of consent.provision.data ?? []) {
    if (d.reference?.reference) scopes.push({ kind: 'resource', value: d.reference.reference });
  }
  for (const c of consent.provision.code ?? []) {
    for (const x of c.coding ?? [])
      if (x.system === CATEGORY_SYSTEM && x.code) scopes.push({ kind: 'category', value: x.code });
  }
  if (scopes.length === 0) scopes.push({ kind: 'all', value: '' });
  return actors.flatMap((a) =>
    scopes.map((s) => ({
      patientId,
      actorKind: a.kind,
      actorValue: a.value,
      scopeKind: s.kind,
      scopeValue: s.value,
    })),
  );
}
