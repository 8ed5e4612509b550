import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import { DEMO_STAFF, DEMO_UNITS } from '../../demo/demo-municipality.ts';
import { roleId } from '../../demo/directory-resources.ts';
import { AKSON_ROLE_SYSTEM, AKSON_UNIT_SYSTEM, VOLVEN_9060 } from '../../directory/identifier-systems.ts';
import { serviceCoding } from '../../directory/service-types.ts';
import type { FhirResource } from '../record-builder.ts';
import type { MunicipalityRegister, SeedStaff, SeedUnit } from './register-types.ts';

/**
 * The register as FHIR resources, in exactly the shapes of the demo register (demo/directory-resources.ts):
 * the municipality, each unit as an Organization with its HealthcareService, each person as a Practitioner with
 * one PractitionerRole per unit (Volven 9060 category and Akson role). A test checks that these builders give
 * the demo register itself when fed the demo municipality.
 */
export function registerResources(register: MunicipalityRegister): FhirResource[] {
  const out: FhirResource[] = [];
  const demoUnits = new Set(DEMO_UNITS.map((u) => u.id));
  const demoStaff = new Set(DEMO_STAFF.map((s) => s.id));
  if (!register.demo) out.push(municipalityResource(register));
  for (const unit of register.units) {
    if (register.demo && demoUnits.has(unit.id)) continue;
    out.push(...unitResources(register, unit));
  }
  for (const staff of register.staff) {
    if (register.demo && demoStaff.has(staff.id)) continue;
    out.push(...staffResources(register, staff));
  }
  return out;
}

export function municipalityResource(register: MunicipalityRegister): FhirResource {
  const m = register.municipality;
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

export function unitResources(register: MunicipalityRegister, unit: SeedUnit): FhirResource[] {
  const m = register.municipality;
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

export function staffResources(register: MunicipalityRegister, staff: SeedStaff): FhirResource[] {
  const m = register.municipality;
  const out: FhirResource[] = [
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
    const unit = register.units.find((u) => u.id === role.unit);
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
