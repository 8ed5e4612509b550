import type { DemoRole, DemoUnit } from '../../demo/demo-municipality.ts';

/** A municipality's register as the seeder builds it: the demo municipality's own, or a generated one. */
export interface SeedMunicipality {
  readonly id: string;
  readonly name: string;
  readonly kommunenummer: string;
  readonly orgnr: string;
  readonly address: string;
  readonly postalCode: string;
  readonly city: string;
}

/** A unit; wards of a nursing home also say whether they are for long-term or short-term stays (incl. KAD). */
export interface SeedUnit extends DemoUnit {
  readonly ward?: 'langtid' | 'korttid';
}

export interface SeedStaff {
  readonly id: string;
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
  readonly fnr: string;
  readonly hpr?: string;
  readonly home?: { readonly address: string; readonly postalCode: string };
  readonly roles: readonly DemoRole[];
}

export interface MunicipalityRegister {
  readonly municipality: SeedMunicipality;
  readonly units: readonly SeedUnit[];
  readonly staff: readonly SeedStaff[];
  /** True for the demo municipality, whose register `seedDirectory` writes (the seeder only adds to it). */
  readonly demo: boolean;
}
