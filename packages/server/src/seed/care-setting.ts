import { roleId } from '../demo/directory-resources.ts';
import type { ServiceCode } from '../directory/service-types.ts';
import type { MunicipalityRegister, SeedStaff, SeedUnit } from './register/register-types.ts';

export interface Ref {
  readonly reference: string;
  readonly display?: string;
}

/**
 * A municipality's services as the content generators need them: units by service, who works where, and
 * references to units and to the roles people act in.
 */
export class CareSetting {
  readonly register: MunicipalityRegister;
  readonly #byService = new Map<string, SeedUnit[]>();
  readonly #staffAt = new Map<string, SeedStaff[]>();

  constructor(register: MunicipalityRegister) {
    this.register = register;
    for (const unit of register.units) {
      const list = this.#byService.get(unit.service) ?? [];
      list.push(unit);
      this.#byService.set(unit.service, list);
    }
    for (const staff of register.staff) {
      for (const role of staff.roles) {
        const list = this.#staffAt.get(role.unit) ?? [];
        list.push(staff);
        this.#staffAt.set(role.unit, list);
      }
    }
  }

  units(service: ServiceCode): readonly SeedUnit[] {
    return this.#byService.get(service) ?? [];
  }

  /** The (first) unit of a service; every municipality has one of each. */
  unit(service: ServiceCode): SeedUnit {
    const unit = this.units(service)[0];
    if (!unit) throw new Error(`${this.register.municipality.name} has no ${service} unit`);
    return unit;
  }

  unitById(id: string): SeedUnit {
    const unit = this.register.units.find((u) => u.id === id);
    if (!unit) throw new Error(`No unit ${id}`);
    return unit;
  }

  /** Clinical staff at a unit, optionally of one personnel category (LE, SP, HF...). */
  staffAt(unitId: string, category?: string): readonly SeedStaff[] {
    const all = this.#staffAt.get(unitId) ?? [];
    if (!category) return all.filter((s) => s.roles.some((r) => r.unit === unitId && r.role === 'clinician'));
    return all.filter((s) => s.roles.some((r) => r.unit === unitId && r.category === category));
  }

  /** The unit's HealthcareService (where FHIR takes a service rather than an organisation: appointments). */
  service(unit: SeedUnit): Ref {
    return { reference: `HealthcareService/${unit.id}--service`, display: unit.name };
  }

  org(unit: SeedUnit): Ref {
    return { reference: `Organization/${unit.id}`, display: unit.name };
  }

  role(staff: SeedStaff, unit: SeedUnit): Ref {
    return {
      reference: `PractitionerRole/${roleId(staff.id, unit.id)}`,
      display: `${staff.given} ${staff.family}`,
    };
  }
}
