import type { Municipality, NameFrequencies, PostalCode } from '@akson/clinical';
import { readMunicipalities, readNameFrequencies, readPostalCodesByMunicipality } from '@akson/clinical/node';
import { SeedCodes } from './clinical/codes.ts';
import { MedicationSafety } from './clinical/medication-safety.ts';

/** The code lists and population data the seeder draws from (packages/clinical), loaded once per process. */
export interface ReferenceData {
  readonly municipalities: readonly Municipality[];
  readonly postalCodes: ReadonlyMap<string, PostalCode[]>;
  readonly names: NameFrequencies;
  readonly codes: SeedCodes;
  readonly safety: MedicationSafety;
}

let loading: Promise<ReferenceData> | undefined;

export function referenceData(): Promise<ReferenceData> {
  loading ??= (async () => {
    const [municipalities, postalCodes, names, codes, safety] = await Promise.all([
      readMunicipalities(),
      readPostalCodesByMunicipality(),
      readNameFrequencies(),
      SeedCodes.load(),
      MedicationSafety.load(),
    ]);
    return { municipalities, postalCodes, names, codes, safety };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
