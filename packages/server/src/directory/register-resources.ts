import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import { AKSON_ROLE_SYSTEM, AKSON_UNIT_SYSTEM, VOLVEN_9060, type AksonRole } from './identifier-systems.ts';
import { serviceCoding, type ServiceCode } from './service-types.ts';

/**
 * A municipality's register as FHIR resources, one shape for every municipality (the demo's fixed register
 * and the seeder's generated ones): the municipality, each unit as an Organization with its HealthcareService,
 * each person as a Practitioner with one PractitionerRole per unit (Volven 9060 category and Akson role).
 */
export type RegisterResource = Record<string, unknown> & { resourceType: string; id: string };

export interface RegisterMunicipality {
  readonly id: string;
  readonly name: string;
  readonly kommunenummer: string;
  readonly orgnr: string;
  readonly address: string;
  readonly postalCode: string;
  readonly city: string;
}

export interface RegisterUnit {
  readonly id: string;
  readonly name: string;
  readonly service: ServiceCode;
  /** Organisation number of the sub-unit (underenhet). */
  readonly orgnr?: string;
  readonly address: string;
  readonly postalCode: string;
}

export interface RegisterRole {
  readonly unit: string;
  /** Volven 9060 personnel category. */
  readonly category: string;
  readonly role: AksonRole;
  readonly title: string;
}

export interface RegisterStaff {
  readonly id: string;
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  /** National id (synthetic in the demo and the seed). */
  readonly fnr: string;
  readonly hpr?: string;
  readonly home?: { readonly address: string; readonly postalCode: string };
  readonly roles: readonly RegisterRole[];
}

/** The id of a person's role at a unit: one PractitionerRole per person and unit. */
export function roleId(staffId: string, unitId: string): string {
  return `${staffId}--${unitId}`;
}

export function municipalityResource(m: RegisterMunicipality): RegisterResource {
  return {
    resourceType: 'Organization',
    id: m.id,
    active: true,
    identifier: [
      { system: IDENTIFIER_SYSTEMS.orgnr, value: m.orgnr },
      { system: IDENTIFIER_SYSTEMS.kommunenummer, value: m.kommunenummer },
    ],
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'govt',
            display: 'Kommune',
          },
        ],
      },
    ],
    name: m.name,
    address: [{ line: [m.address], postalCode: m.postalCode, city: m.city, country: 'NO' }],
  };
}

export function unitResources(m: RegisterMunicipality, unit: RegisterUnit): RegisterResource[] {
  return [
    {
      resourceType: 'Organization',
      id: unit.id,
      active: true,
      identifier: [
        { system: AKSON_UNIT_SYSTEM, value: unit.id },
        ...(unit.orgnr ? [{ system: IDENTIFIER_SYSTEMS.orgnr, value: unit.orgnr }] : []),
      ],
      type: [{ coding: serviceCoding(unit.service) }],
      name: unit.name,
      partOf: { reference: `Organization/${m.id}`, display: m.name },
      address: [{ line: [unit.address], postalCode: unit.postalCode, city: m.city, country: 'NO' }],
    },
    {
      resourceType: 'HealthcareService',
      id: `${unit.id}--service`,
      active: true,
      providedBy: { reference: `Organization/${unit.id}`, display: unit.name },
      type: [{ coding: serviceCoding(unit.service) }],
      name: unit.name,
    },
  ];
}

export function staffResources(
  m: RegisterMunicipality,
  units: readonly RegisterUnit[],
  staff: RegisterStaff,
): RegisterResource[] {
  const out: RegisterResource[] = [
    {
      resourceType: 'Practitioner',
      id: staff.id,
      active: true,
      identifier: [
        { system: IDENTIFIER_SYSTEMS.fnr, value: staff.fnr },
        ...(staff.hpr ? [{ system: IDENTIFIER_SYSTEMS.hpr, value: staff.hpr }] : []),
      ],
      name: [{ family: staff.family, given: [staff.given], text: `${staff.given} ${staff.family}` }],
      gender: staff.gender,
      ...(staff.home
        ? {
            address: [
              {
                use: 'home',
                line: [staff.home.address],
                postalCode: staff.home.postalCode,
                city: m.city,
                country: 'NO',
              },
            ],
          }
        : {}),
    },
  ];
  for (const role of staff.roles) {
    const unit = units.find((u) => u.id === role.unit);
    out.push({
      resourceType: 'PractitionerRole',
      id: roleId(staff.id, role.unit),
      active: true,
      practitioner: { reference: `Practitioner/${staff.id}`, display: `${staff.given} ${staff.family}` },
      organization: { reference: `Organization/${role.unit}`, display: unit?.name },
      code: [
        { coding: [{ system: VOLVEN_9060, code: role.category }], text: role.title },
        { coding: [{ system: AKSON_ROLE_SYSTEM, code: role.role }] },
      ],
      ...(unit ? { specialty: [{ coding: serviceCoding(unit.service) }] } : {}),
    });
  }
  return out;
}
