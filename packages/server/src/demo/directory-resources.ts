import { IDENTIFIER_SYSTEMS, syntheticNationalId } from '@akson/fhir';
import {
  municipalityResource,
  roleId,
  staffResources,
  unitResources,
  type RegisterResource,
} from '../directory/register-resources.ts';
import {
  DEMO_CITIZENS,
  DEMO_MUNICIPALITY,
  DEMO_STAFF,
  DEMO_UNITS,
  type DemoCitizen,
  type DemoStaff,
} from './demo-municipality.ts';

/**
 * FHIR resources for the demo municipality's register: organisation, units, staff and their roles (in the shapes
 * every municipality's register has, directory/register-resources.ts), and the demo citizens.
 */
export type DirectoryResource = RegisterResource;

export { roleId };

export function staffPid(staff: DemoStaff): string {
  return syntheticNationalId({ birthDate: staff.birthDate, gender: staff.gender, sequence: 1 });
}

export function citizenPid(citizen: DemoCitizen): string {
  return syntheticNationalId({ birthDate: citizen.birthDate, gender: citizen.gender });
}

const PROTECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/address-protection';

export function directoryResources(): DirectoryResource[] {
  const m = DEMO_MUNICIPALITY;
  const out: DirectoryResource[] = [
    municipalityResource(m),
    ...DEMO_UNITS.flatMap((unit) => unitResources(m, unit)),
    ...DEMO_STAFF.flatMap((staff) => staffResources(m, DEMO_UNITS, { ...staff, fnr: staffPid(staff) })),
  ];
  for (const citizen of DEMO_CITIZENS) {
    const gp = citizen.gp ? DEMO_STAFF.find((s) => s.id === citizen.gp) : undefined;
    out.push({
      resourceType: 'Patient',
      id: citizen.id,
      meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-Patient'] },
      identifier: [{ use: 'official', system: IDENTIFIER_SYSTEMS.fnr, value: citizenPid(citizen) }],
      name: [{ use: 'official', family: citizen.family, given: [citizen.given] }],
      gender: citizen.gender,
      birthDate: citizen.birthDate,
      address: [
        {
          use: 'home',
          line: [citizen.address],
          postalCode: citizen.postalCode,
          city: m.city,
          country: 'NO',
          ...(citizen.protection
            ? {
                extension: [
                  {
                    url: 'https://akson.no/fhir/StructureDefinition/address-protection',
                    valueCoding: { system: PROTECTION_SYSTEM, code: citizen.protection },
                  },
                ],
              }
            : {}),
        },
      ],
      ...(gp
        ? {
            generalPractitioner: [
              {
                reference: `PractitionerRole/${roleId(gp.id, 'lillesand-legekontor')}`,
                display: `${gp.given} ${gp.family}`,
              },
              { reference: 'Organization/lillesand-legekontor', display: 'Lillesand legekontor' },
            ],
          }
        : {}),
    });
    for (const rep of citizen.representedBy ?? []) {
      const who = DEMO_CITIZENS.find((c) => c.id === rep.citizen);
      if (!who) continue;
      out.push({
        resourceType: 'RelatedPerson',
        id: `${citizen.id}--${who.id}`,
        active: true,
        patient: { reference: `Patient/${citizen.id}` },
        identifier: [{ system: IDENTIFIER_SYSTEMS.fnr, value: citizenPid(who) }],
        relationship: [
          rep.relationship === 'parent'
            ? {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
                    code: 'PRN',
                    display: 'parent',
                  },
                ],
              }
            : {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
                    code: 'POWATT',
                    display: 'power of attorney',
                  },
                ],
              },
        ],
        name: [{ family: who.family, given: [who.given] }],
      });
    }
  }
  return out;
}
