import { checkMedicationList, type MedicationLine } from '@akson/clinical';
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { medicationKnowledge, type MedicationKnowledge } from '../../medication/medication-knowledge.ts';
import { ALLERGENS, type AllergenKey } from './allergies.ts';
import { dosageOf, MEDICINES, type MedicineKey } from './medicines.ts';

/**
 * Keeps the seeded medication lists clear of what the medication rule refuses without a clinician's
 * acknowledgement (a severe FEST interaction, a medicine the patient is allergic to): the same check the
 * server runs (clinical's checkMedicationList with the server's FEST catalogue), asked once per pair of
 * medicines and per allergy and medicine, and remembered.
 */
export class MedicationSafety {
  readonly #knowledge: MedicationKnowledge;
  readonly #pairs = new Map<string, boolean>();

  private constructor(knowledge: MedicationKnowledge) {
    this.#knowledge = knowledge;
  }

  static async load(): Promise<MedicationSafety> {
    return new MedicationSafety(await medicationKnowledge());
  }

  get knowledge(): MedicationKnowledge {
    return this.#knowledge;
  }

  /** Whether adding `candidate` to a list with `current` and these allergies needs an acknowledgement. */
  conflicts(
    current: readonly MedicineKey[],
    allergies: readonly AllergenKey[],
    candidate: MedicineKey,
  ): boolean {
    return (
      current.some((m) => m === candidate || this.#serious(`med:${m}`, candidate)) ||
      allergies.some((a) => this.#serious(`allergy:${a}`, candidate))
    );
  }

  #serious(other: string, candidate: MedicineKey): boolean {
    const key = `${other}|${candidate}`;
    let serious = this.#pairs.get(key);
    if (serious === undefined) {
      const [kind, name] = other.split(':') as ['med' | 'allergy', string];
      const result = checkMedicationList({
        activeLines: kind === 'med' ? [line(name as MedicineKey, 'other')] : [],
        change: { kind: 'add', line: line(candidate, 'candidate') },
        allergies: kind === 'allergy' ? [allergyOf(name as AllergenKey)] : [],
        catalogue: this.#knowledge.catalogue,
        maxDoses: this.#knowledge.maxDoses,
        scope: 'change',
      });
      serious = result.findings.some((f) => f.requiresAcknowledgement);
      this.#pairs.set(key, serious);
    }
    return serious;
  }
}

function line(key: MedicineKey, id: string): MedicationLine {
  const m = MEDICINES[key];
  return { id, name: m.product, atc: m.atc, dosage: dosageOf(m.dosage) };
}

function allergyOf(key: AllergenKey): AllergyIntolerance {
  const a = ALLERGENS[key];
  return {
    resourceType: 'AllergyIntolerance',
    id: key,
    patient: { reference: 'Patient/x' },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    category: [a.category],
    code: 'atc' in a ? { coding: [{ system: 'http://www.whocc.no/atc', code: a.atc }] } : { text: a.text },
  };
}
