import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { Coding } from './codes.ts';

const SNOMED = 'http://snomed.info/sct';

/**
 * Allergies the population has. Medicines are coded with ATC (the medication check matches allergens by ATC
 * group, so a penicillin allergy warns against amoxicillin); other allergens with SNOMED CT.
 */
export const ALLERGENS = {
  penicillin: { category: 'medication', atc: 'J01C', text: 'Penicillin' },
  nsaid: { category: 'medication', atc: 'M01A', text: 'NSAID (betennelsesdempende)' },
  grassPollen: {
    category: 'environment',
    snomed: { code: '418689008', display: 'Allergy to grass pollen' },
    text: 'Gresspollen',
  },
  peanut: { category: 'food', snomed: { code: '91935009', display: 'Allergy to peanut' }, text: 'Peanøtter' },
  latex: { category: 'environment', snomed: { code: '300916003', display: 'Latex allergy' }, text: 'Lateks' },
} as const satisfies Record<string, Allergen>;

export interface Allergen {
  readonly category: 'medication' | 'food' | 'environment';
  readonly atc?: string;
  readonly snomed?: { readonly code: string; readonly display: string };
  readonly text: string;
}

export type AllergenKey = keyof typeof ALLERGENS;

/**
 * Reaction manifestations (SNOMED CT). HL7 Norway's no-basis-AllergyIntolerance requires them coded in Volven
 * 7497, a list not published anywhere we could find (shared/data/codes/SOURCES.md); so the seeded allergies do
 * not claim that profile, and follow it otherwise (ATC for medicines, as its code slices do).
 */
export const REACTIONS = {
  anaphylaxis: { code: '39579001', display: 'Anaphylaxis', text: 'Anafylaksi' },
  urticaria: { code: '126485001', display: 'Urticaria', text: 'Elveblest' },
  rhinitis: { code: '61582004', display: 'Allergic rhinitis', text: 'Allergisk rhinitt' },
} as const;

export interface AllergyInput {
  readonly allergen: Allergen;
  readonly reaction: (typeof REACTIONS)[keyof typeof REACTIONS];
  readonly severity: 'mild' | 'moderate' | 'severe';
  /** `high` makes it critical information (Kjernejournal). */
  readonly criticality: 'low' | 'high';
  readonly recorded: string;
  readonly recorder: Ref;
  readonly onset?: string;
  readonly note?: string;
}

export function allergy(ctx: CitizenContext, input: AllergyInput): FhirResource {
  const a = input.allergen;
  const coding: Coding[] = a.atc ? [ctx.codes.atc(a.atc)] : a.snomed ? [{ system: SNOMED, ...a.snomed }] : [];
  const resource = {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          code: 'confirmed',
        },
      ],
    },
    type: 'allergy',
    category: [a.category],
    criticality: input.criticality,
    code: { coding, text: a.text },
    patient: ctx.patient,
    ...(input.onset ? { onsetDateTime: input.onset } : {}),
    recordedDate: input.recorded,
    recorder: input.recorder,
    reaction: [
      {
        manifestation: [
          {
            coding: [{ system: SNOMED, code: input.reaction.code, display: input.reaction.display }],
            text: input.reaction.text,
          },
        ],
        severity: input.severity,
        ...(input.note ? { description: input.note } : {}),
      },
    ],
  };
  return ctx.out.add(resource, input.recorded);
}
