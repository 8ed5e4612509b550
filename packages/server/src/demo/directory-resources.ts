import { IDENTIFIER_SYSTEMS, syntheticNationalId } from '@akson/fhir';
import { AKSON_ROLE_SYSTEM, AKSON_UNIT_SYSTEM, VOLVEN_9060 } from '../directory/identifier-systems.ts';
import { serviceCoding } from '../directory/service-types.ts';
import {
  DEMO_CITIZENS,
  DEMO_MUNICIPALITY,
  DEMO_STAFF,
  DEMO_UNITS,
  type DemoCitizen,
  type DemoStaff,
} from './demo-municipality.ts';

/** FHIR resources for the demo municipality's register: organisation, units, staff and their roles, citizens. */
export type DirectoryResource = Record<string, unknown> & { resourceType: string; id: string };

export function staffPid(staff: DemoStaff): string {
  return syntheticNationalId({ birthDate: staff.birthDate, gender: staff.gender, sequence: 1 });
}

export function citizenPid(citizen: DemoCitizen): string {
  return syntheticNationalId({ birthDate: citizen.birthDate, gender: citizen.gender });
}

export function roleId(staffId: string, unitId: string): string {
  return `${staffId}--${unitId}`;
}

const PROTECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/address-protection';

export function directoryResources(): DirectoryResource[] {
  const m = DEMO_MUNICIPALITY;
  const out: DirectoryResource[] = [
    {
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
    },
  ];
  for (const unit of DEMO_UNITS) {
    out.push({
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
    });
    out.push({
      resourceType: 'HealthcareService',
      id: `${unit.id}--service`,
      active: true,
      providedBy: { reference: `Organization/${unit.id}`, display: unit.name },
      type: [{ coding: serviceCoding(unit.service) }],
      name: unit.name,
    });
  }
  for (const staff of DEMO_STAFF) {
    out.push({
      resourceType: 'Practitioner',
      id: staff.id,
      active: true,
      identifier: [
        { system: IDENTIFIER_SYSTEMS.fnr, value: staffPid(staff) },
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
    });
    for (const role of staff.roles) {
      const unit = DEMO_UNITS.find((u) => u.id === role.unit);
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
  }
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
