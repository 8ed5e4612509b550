import { ADDRESS_PROTECTION_SYSTEM, ADDRESS_PROTECTION_URL, IDENTIFIER_SYSTEMS } from '@akson/fhir';
import type { Ref } from '../care-setting.ts';
import type { Person } from '../population/person.ts';
import type { FhirResource } from '../record-builder.ts';

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/**
 * The Patient in the shape of the demo register (demo/directory-resources.ts): no-basis profile, fødselsnummer,
 * official name, home address (with the protection extension when the population register protects it), GP
 * role and GP office, and a mobile number where the person has one.
 */
export function patientResource(person: Person, gp: readonly Ref[] | undefined): FhirResource {
  return {
    resourceType: 'Patient',
    id: person.id,
    meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-Patient'] },
    identifier: [{ use: 'official', system: IDENTIFIER_SYSTEMS.fnr, value: person.fnr }],
    name: [{ use: 'official', family: person.family, given: [...person.given] }],
    ...(person.phone ? { telecom: [{ system: 'phone', value: person.phone, use: 'mobile' }] } : {}),
    gender: person.gender,
    birthDate: person.birthDate,
    address: [
      {
        use: 'home',
        line: [person.address.line],
        postalCode: person.address.postalCode,
        city: person.address.city,
        country: 'NO',
        ...(person.protection
          ? {
              extension: [
                {
                  url: ADDRESS_PROTECTION_URL,
                  valueCoding: { system: ADDRESS_PROTECTION_SYSTEM, code: person.protection },
                },
              ],
            }
          : {}),
      },
    ],
    ...(gp && gp.length > 0 ? { generalPractitioner: gp.map((r) => ({ ...r })) } : {}),
  };
}

const RELATIONSHIPS = {
  parent: { code: 'PRN', display: 'parent' },
  'power-of-attorney': { code: 'POWATT', display: 'power of attorney' },
  'next-of-kin': { code: 'NOK', display: 'next of kin' },
  child: { code: 'CHILD', display: 'child' },
  spouse: { code: 'SPS', display: 'spouse' },
} as const;

export interface RelativeInput {
  readonly id: string;
  readonly patientId: string;
  readonly relationship: keyof typeof RELATIONSHIPS;
  readonly given: string;
  readonly family: string;
  /** The relative's fødselsnummer, when known (a parent acting for a child in the portal needs it). */
  readonly fnr?: string;
  readonly phone?: string;
}

/** A relative (RelatedPerson) in the shape of the demo register's. */
export function relatedPerson(input: RelativeInput): FhirResource {
  const r = RELATIONSHIPS[input.relationship];
  return {
    resourceType: 'RelatedPerson',
    id: input.id,
    active: true,
    patient: { reference: `Patient/${input.patientId}` },
    ...(input.fnr ? { identifier: [{ system: IDENTIFIER_SYSTEMS.fnr, value: input.fnr }] } : {}),
    relationship: [{ coding: [{ system: ROLE_CODE, code: r.code, display: r.display }] }],
    name: [{ family: input.family, given: [input.given] }],
    ...(input.phone ? { telecom: [{ system: 'phone', value: input.phone, use: 'mobile' }] } : {}),
  };
}
