import {
  MEDICATION_LINE_SYSTEM,
  MULTIDOSE_EXTENSION_URL,
  normalizeDosages,
  PLL_STOP_REASON_SYSTEM,
  renderDosage,
} from '@akson/clinical';
import type { Dosage, Extension, TimingRepeat } from '@medplum/fhirtypes';
import { CHANGED_BY_URL } from '../../medication/medication-urls.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import { ICPC2_OID_SYSTEM } from './codes.ts';

type When = NonNullable<TimingRepeat['when']>[number];
type Weekday = NonNullable<TimingRepeat['dayOfWeek']>[number];

/** How a medicine is taken, in the terms of docs/medication.md's dosage model. */
export type DosageSpec =
  | { readonly kind: 'daily'; readonly dose: number; readonly unit: string; readonly when: readonly When[] }
  | {
      readonly kind: 'weekly';
      readonly dose: number;
      readonly unit: string;
      readonly day: Weekday;
      readonly when: When;
    }
  | {
      readonly kind: 'times';
      readonly dose: number;
      readonly unit: string;
      readonly times: readonly string[];
    }
  | {
      readonly kind: 'course';
      readonly dose: number;
      readonly unit: string;
      readonly perDay: number;
      readonly days: number;
    }
  | {
      readonly kind: 'as-needed';
      readonly dose: number;
      readonly unit: string;
      readonly maxPerDay: number;
      readonly reason: string;
    };

export interface Medicine {
  readonly atc: string;
  /** Name, form and strength as on the PLL line (NavnFormStyrke). */
  readonly product: string;
  readonly dosage: DosageSpec;
  /** What it is for, in the patient's words (Bruksomrade). */
  readonly use: string;
}

/**
 * Medicines the seeded population uses: common Norwegian prescriptions for the chronic conditions and acute
 * problems the generator writes, with typical dosages. Keys are used by the condition catalogue.
 */
export const MEDICINES = {
  warfarin: {
    atc: 'B01AA03',
    product: 'Marevan tab 2,5 mg',
    use: 'Blodfortynnende',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['EVE'] },
  },
  apixaban: {
    atc: 'B01AF02',
    product: 'Eliquis tab 5 mg',
    use: 'Blodfortynnende',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN', 'EVE'] },
  },
  metoprolol: {
    atc: 'C07AB02',
    product: 'Selo-Zok depottab 50 mg',
    use: 'Mot høy puls og for hjertet',
    dosage: { kind: 'daily', dose: 1, unit: 'depottablett', when: ['MORN'] },
  },
  amlodipin: {
    atc: 'C08CA01',
    product: 'Amlodipin tab 5 mg',
    use: 'Mot høyt blodtrykk',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  losartan: {
    atc: 'C09CA01',
    product: 'Cozaar tab 50 mg',
    use: 'Mot høyt blodtrykk',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  enalapril: {
    atc: 'C09AA02',
    product: 'Enalapril tab 10 mg',
    use: 'Mot høyt blodtrykk',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  simvastatin: {
    atc: 'C10AA01',
    product: 'Simvastatin tab 20 mg',
    use: 'Mot høyt kolesterol',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['EVE'] },
  },
  atorvastatin: {
    atc: 'C10AA05',
    product: 'Atorvastatin tab 20 mg',
    use: 'Mot høyt kolesterol',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['EVE'] },
  },
  metformin: {
    atc: 'A10BA02',
    product: 'Metformin tab 500 mg',
    use: 'Mot diabetes',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN', 'EVE'] },
  },
  furosemid: {
    atc: 'C03CA01',
    product: 'Furix tab 40 mg',
    use: 'Vanndrivende',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  spironolakton: {
    atc: 'C03DA01',
    product: 'Spironolakton tab 25 mg',
    use: 'Vanndrivende, for hjertet',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  acetylsalisylsyre: {
    atc: 'B01AC06',
    product: 'Albyl-E tab 75 mg',
    use: 'Blodfortynnende',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  levotyroksin: {
    atc: 'H03AA01',
    product: 'Levaxin tab 50 mikrog',
    use: 'Mot lavt stoffskifte',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  escitalopram: {
    atc: 'N06AB10',
    product: 'Cipralex tab 10 mg',
    use: 'Mot depresjon',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  sertralin: {
    atc: 'N06AB06',
    product: 'Sertralin tab 50 mg',
    use: 'Mot depresjon og angst',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  mirtazapin: {
    atc: 'N06AX11',
    product: 'Mirtazapin tab 15 mg',
    use: 'Mot depresjon og søvnvansker',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['HS'] },
  },
  salbutamol: {
    atc: 'R03AC02',
    product: 'Ventoline inhalasjonsaerosol 0,1 mg/dose',
    use: 'Mot tungpust',
    dosage: { kind: 'as-needed', dose: 2, unit: 'pust', maxPerDay: 8, reason: 'tungpust' },
  },
  budesonidFormoterol: {
    atc: 'R03AK07',
    product: 'Symbicort Turbuhaler 160/4,5 mikrog/dose',
    use: 'Mot astma',
    dosage: { kind: 'daily', dose: 1, unit: 'inhalasjon', when: ['MORN', 'EVE'] },
  },
  tiotropium: {
    atc: 'R03BB04',
    product: 'Spiriva Respimat 2,5 mikrog/dose',
    use: 'Mot KOLS',
    dosage: { kind: 'daily', dose: 2, unit: 'pust', when: ['MORN'] },
  },
  alendronsyre: {
    atc: 'M05BA04',
    product: 'Alendronat tab 70 mg',
    use: 'Mot benskjørhet',
    dosage: { kind: 'weekly', dose: 1, unit: 'tablett', day: 'mon', when: 'MORN' },
  },
  vitaminD: {
    atc: 'A11CC05',
    product: 'Nycoplus D-vitamin tab 20 mikrog',
    use: 'D-vitamin',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  donepezil: {
    atc: 'N06DA02',
    product: 'Aricept tab 10 mg',
    use: 'Mot demens',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['EVE'] },
  },
  zopiklon: {
    atc: 'N05CF01',
    product: 'Imovane tab 5 mg',
    use: 'Sovemedisin',
    dosage: { kind: 'as-needed', dose: 1, unit: 'tablett', maxPerDay: 1, reason: 'søvnvansker' },
  },
  pantoprazol: {
    atc: 'A02BC02',
    product: 'Somac tab 20 mg',
    use: 'Mot sure oppstøt',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['MORN'] },
  },
  laktulose: {
    atc: 'A06AD11',
    product: 'Laktulose mikstur 670 mg/ml',
    use: 'Mot forstoppelse',
    dosage: { kind: 'daily', dose: 15, unit: 'ml', when: ['MORN'] },
  },
  paracetamolFast: {
    atc: 'N02BE01',
    product: 'Paracet tab 500 mg',
    use: 'Mot smerter',
    dosage: { kind: 'times', dose: 2, unit: 'tablett', times: ['08:00', '14:00', '20:00'] },
  },
  paracetamolBehov: {
    atc: 'N02BE01',
    product: 'Paracet tab 500 mg',
    use: 'Mot smerter',
    dosage: { kind: 'as-needed', dose: 1, unit: 'tablett', maxPerDay: 6, reason: 'smerter' },
  },
  ibuprofen: {
    atc: 'M01AE01',
    product: 'Ibux tab 400 mg',
    use: 'Mot smerter',
    dosage: { kind: 'as-needed', dose: 1, unit: 'tablett', maxPerDay: 3, reason: 'smerter' },
  },
  tramadol: {
    atc: 'N02AX02',
    product: 'Tramadol kaps 50 mg',
    use: 'Mot sterke smerter',
    dosage: { kind: 'as-needed', dose: 1, unit: 'kapsel', maxPerDay: 4, reason: 'sterke smerter' },
  },
  oksazepam: {
    atc: 'N05BA04',
    product: 'Sobril tab 10 mg',
    use: 'Mot uro',
    dosage: { kind: 'as-needed', dose: 1, unit: 'tablett', maxPerDay: 2, reason: 'uro' },
  },
  kvetiapin: {
    atc: 'N05AH04',
    product: 'Quetiapin tab 25 mg',
    use: 'Mot uro og søvnvansker',
    dosage: { kind: 'daily', dose: 1, unit: 'tablett', when: ['HS'] },
  },
  metadon: {
    atc: 'N07BC02',
    product: 'Metadon mikstur 1 mg/ml',
    use: 'Legemiddelassistert rehabilitering',
    dosage: { kind: 'daily', dose: 60, unit: 'ml', when: ['MORN'] },
  },
  cetirizin: {
    atc: 'R06AE07',
    product: 'Cetirizin tab 10 mg',
    use: 'Mot allergi',
    dosage: { kind: 'as-needed', dose: 1, unit: 'tablett', maxPerDay: 1, reason: 'allergiplager' },
  },
  pivmecillinam: {
    atc: 'J01CA08',
    product: 'Selexid tab 200 mg',
    use: 'Mot urinveisinfeksjon',
    dosage: { kind: 'course', dose: 1, unit: 'tablett', perDay: 3, days: 3 },
  },
  fenoksymetylpenicillin: {
    atc: 'J01CE02',
    product: 'Apocillin tab 660 mg',
    use: 'Mot halsbetennelse',
    dosage: { kind: 'course', dose: 1, unit: 'tablett', perDay: 4, days: 7 },
  },
  amoksicillin: {
    atc: 'J01CA04',
    product: 'Amoxicillin kaps 500 mg',
    use: 'Mot lungebetennelse',
    dosage: { kind: 'course', dose: 1, unit: 'kapsel', perDay: 3, days: 7 },
  },
  doksysyklin: {
    atc: 'J01AA02',
    product: 'Doxylin tab 100 mg',
    use: 'Mot infeksjon',
    dosage: { kind: 'course', dose: 1, unit: 'tablett', perDay: 1, days: 7 },
  },
} as const satisfies Record<string, Medicine>;

export type MedicineKey = keyof typeof MEDICINES;

const UCUM = 'http://unitsofmeasure.org';

/** The structured dosage of a medicine, in canonical form, with its Norwegian rendering as text. */
export function dosageOf(spec: DosageSpec): Dosage[] {
  const dose = { doseAndRate: [{ doseQuantity: { value: spec.dose, unit: spec.unit } }] };
  let raw: Dosage;
  switch (spec.kind) {
    case 'daily':
      raw = {
        timing: { repeat: { frequency: spec.when.length, period: 1, periodUnit: 'd', when: [...spec.when] } },
        ...dose,
      };
      break;
    case 'weekly':
      raw = {
        timing: {
          repeat: { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: [spec.day], when: [spec.when] },
        },
        ...dose,
      };
      break;
    case 'times':
      raw = {
        timing: {
          repeat: {
            frequency: spec.times.length,
            period: 1,
            periodUnit: 'd',
            timeOfDay: spec.times.map((t) => `${t}:00`),
          },
        },
        ...dose,
      };
      break;
    case 'course':
      raw = {
        timing: {
          repeat: {
            frequency: spec.perDay,
            period: 1,
            periodUnit: 'd',
            boundsDuration: { value: spec.days, unit: 'd', system: UCUM, code: 'd' },
          },
        },
        ...dose,
      };
      break;
    case 'as-needed':
      raw = {
        asNeededCodeableConcept: { text: spec.reason },
        ...dose,
        maxDosePerPeriod: {
          numerator: { value: spec.maxPerDay, unit: spec.unit },
          denominator: { value: 1, unit: 'd', system: UCUM, code: 'd' },
        },
      };
      break;
  }
  const canonical = normalizeDosages([raw]);
  const [first, ...rest] = canonical;
  return [{ ...(first as Dosage), text: renderDosage(canonical) }, ...rest];
}

export interface MedicationLineInput {
  readonly medicine: Medicine;
  /** Date the line started. */
  readonly start: string;
  /** Local date-time the line was written or last changed. */
  readonly asserted: string;
  readonly status?: 'active' | 'stopped' | 'completed';
  /** When it ended (stopped, or a course completed): a local date-time. */
  readonly end?: string;
  /** Why a line was stopped, in words (PLL reason X, "annen årsak"). */
  readonly stopReason?: string;
  /** ICPC-2 reason code. */
  readonly reason?: string;
  /** The line id, when the caller needs it before the line is built (acknowledgement keys name it). */
  readonly lineId?: string;
  /** The medicine is dispensed in multidose packs (docs/medication.md). */
  readonly multidose?: boolean;
  /** Further extensions the server keeps on a line (acknowledged check findings). */
  readonly extension?: readonly Extension[];
}

/**
 * One line of the shared medication list, in the form the medication rule stores (docs/medication.md): a
 * MedicationStatement (no-basis profile) with its line identifier, ATC coding, start date (and end with the
 * PLL stop reason), a structured dosage in canonical form whose text is its own rendering, and the changed-by
 * extension naming the writer. Nothing PLL (M25) could not carry: the line can be exported as it is.
 */
export function medicationLine(ctx: CitizenContext, input: MedicationLineInput): FhirResource {
  const status = input.status ?? 'active';
  const m = input.medicine;
  const statusReason =
    status === 'completed'
      ? [{ coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'A', display: 'Avsluttet behandling' }] }]
      : status === 'stopped'
        ? [
            {
              coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'X', display: 'Annen årsak' }],
              text: input.stopReason ?? 'Seponert av lege',
            },
          ]
        : undefined;
  const resource = {
    resourceType: 'MedicationStatement',
    meta: { profile: ['http://hl7.no/fhir/ig/StructureDefinition/no-basis-MedicationStatement'] },
    extension: [
      ...(input.multidose ? [{ url: MULTIDOSE_EXTENSION_URL, valueBoolean: true }] : []),
      ...(input.extension ?? []),
      { url: CHANGED_BY_URL, valueReference: ctx.writer },
    ],
    identifier: [{ system: MEDICATION_LINE_SYSTEM, value: input.lineId ?? ctx.out.newId() }],
    status,
    ...(statusReason ? { statusReason } : {}),
    medicationCodeableConcept: { coding: [ctx.codes.atc(m.atc)], text: m.product },
    subject: ctx.patient,
    effectivePeriod: { start: input.start, ...(input.end && status !== 'active' ? { end: input.end } : {}) },
    dateAsserted: input.asserted,
    reasonCode: [
      {
        ...(input.reason ? { coding: [ctx.codes.icpc2(input.reason, ICPC2_OID_SYSTEM)] } : {}),
        text: m.use,
      },
    ],
    dosage: dosageOf(m.dosage),
  };
  return ctx.out.add(resource, input.asserted);
}
