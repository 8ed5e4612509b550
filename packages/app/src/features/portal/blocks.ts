import type { Consent } from '@medplum/fhirtypes';

/** A block (sperring) is a Consent with category Volven 9603 NORS and a deny provision (docs/access.md). */
const BLOCK_CATEGORY = { system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORS', display: 'Sperret' };
export const SERVICE_SYSTEM = 'https://akson.no/fhir/CodeSystem/service-type';

export function isBlock(consent: Consent): boolean {
  return (
    (consent.category?.some((c) =>
      c.coding?.some((x) => x.system === BLOCK_CATEGORY.system && x.code === BLOCK_CATEGORY.code),
    ) ??
      false) &&
    consent.provision?.type === 'deny'
  );
}

export function isActiveBlock(consent: Consent): boolean {
  return isBlock(consent) && consent.status === 'active';
}

/** Whom a block names: a unit or person (reference) or a whole service (identifier). */
export function blockedActors(consent: Consent): { reference?: string; service?: string }[] {
  return (consent.provision?.actor ?? []).map((a) =>
    a.reference?.reference
      ? { reference: a.reference.reference }
      : a.reference?.identifier?.system === SERVICE_SYSTEM && a.reference.identifier.value
        ? { service: a.reference.identifier.value }
        : {},
  );
}

/** A block of the whole record for one unit or person. */
export function blockConsent(patientId: string, blocked: string): Consent {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [BLOCK_CATEGORY] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: new Date().toISOString(),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      actor: [
        {
          role: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' }],
          },
          reference: { reference: blocked },
        },
      ],
    },
  };
}
