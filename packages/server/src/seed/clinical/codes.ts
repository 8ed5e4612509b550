import { ATC_SYSTEM, ICD10_SYSTEM, ICPC2_SYSTEM, VOLVEN, type CodeRegistry } from '@akson/clinical';
import { createFileCodeRegistry } from '@akson/clinical/node';

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** ICPC-2 as no-basis MedicationStatement.reasonCode fixes it (Volven 7170); Conditions use the HL7 URI. */
export const ICPC2_OID_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7170';

/**
 * Clinical codes with their Norwegian display names, taken from the code lists in packages/clinical. A code the
 * lists do not know is a mistake in the seeder's catalogue, so it throws rather than writing a code without
 * its text.
 */
export class SeedCodes {
  readonly #registry: CodeRegistry;

  private constructor(registry: CodeRegistry) {
    this.#registry = registry;
  }

  static async load(registry: CodeRegistry = createFileCodeRegistry()): Promise<SeedCodes> {
    await Promise.all([
      registry.loadCodeSystem(ICPC2_SYSTEM, { terms: false }),
      registry.loadCodeSystem(ICD10_SYSTEM),
      registry.loadCodeSystem(ATC_SYSTEM),
      registry.loadCodeSystem(VOLVEN.vaccine),
      registry.loadCodeSystem(VOLVEN.documentType),
    ]);
    return new SeedCodes(registry);
  }

  icpc2(code: string, system: string = ICPC2_SYSTEM): Coding {
    return { system, code, display: this.#display(ICPC2_SYSTEM, code) };
  }

  icd10(code: string): Coding {
    return { system: ICD10_SYSTEM, code, display: this.#display(ICD10_SYSTEM, code) };
  }

  atc(code: string): Coding {
    return { system: ATC_SYSTEM, code, display: this.#display(ATC_SYSTEM, code) };
  }

  /** SYSVAK vaccine code (Volven 9501), when the curated list has it. */
  sysvak(code: string): Coding | undefined {
    const display = this.#registry.lookupCode(VOLVEN.vaccine, code);
    return display ? { system: VOLVEN.vaccine, code, display } : undefined;
  }

  /** Volven 9602 document type. */
  documentType(code: string): Coding {
    return { system: VOLVEN.documentType, code, display: this.#display(VOLVEN.documentType, code) };
  }

  #display(system: string, code: string): string {
    const display = this.#registry.lookupCode(system, code);
    if (display === undefined)
      throw new Error(`The seeder uses ${system}|${code}, which the code lists do not know`);
    return display;
  }
}
