import { DEMO_STAFF, DEMO_UNITS } from '../../demo/demo-municipality.ts';
import { municipalityResource, staffResources, unitResources } from '../../directory/register-resources.ts';
import type { FhirResource } from '../record-builder.ts';
import type { MunicipalityRegister } from './register-types.ts';

/**
 * The register as FHIR resources, built by the same builders as the demo register (directory/
 * register-resources.ts); the demo municipality's own units and staff are written by seedDirectory, so only
 * what the seeder adds to it is returned for Lillesand. A test checks that the seeder's demo register, fed to
 * the builders, gives the demo register itself.
 */
export function registerResources(register: MunicipalityRegister): FhirResource[] {
  const out: FhirResource[] = [];
  const demoUnits = new Set(DEMO_UNITS.map((u) => u.id));
  const demoStaff = new Set(DEMO_STAFF.map((s) => s.id));
  if (!register.demo) out.push(municipalityResource(register.municipality));
  for (const unit of register.units) {
    if (register.demo && demoUnits.has(unit.id)) continue;
    out.push(...unitResources(register.municipality, unit));
  }
  for (const staff of register.staff) {
    if (register.demo && demoStaff.has(staff.id)) continue;
    out.push(...staffResources(register.municipality, register.units, staff));
  }
  return out;
}
