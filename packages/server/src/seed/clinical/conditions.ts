import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

export interface ConditionInput {
  readonly icpc2: string;
  readonly icd10?: string;
  readonly category: 'problem-list-item' | 'encounter-diagnosis';
  readonly clinicalStatus: 'active' | 'resolved' | 'remission';
  /** Onset (date). */
  readonly onset?: string;
  /** Local date-time it was recorded. */
  readonly recorded: string;
  readonly recorder: Ref;
  readonly encounter?: Ref;
  /** When it resolved (date), for resolved problems. */
  readonly abatement?: string;
  readonly note?: string;
}

/** A problem or diagnosis (docs/record.md "Structured content"): ICPC-2, and ICD-10 where a specialist coded it. */
export function condition(ctx: CitizenContext, input: ConditionInput): FhirResource {
  const icpc2 = ctx.codes.icpc2(input.icpc2);
  const resource = {
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: CLINICAL, code: input.clinicalStatus }] },
    verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
    category: [
      {
        coding: [
          {
            system: CATEGORY,
            code: input.category,
            display: input.category === 'problem-list-item' ? 'Problem List Item' : 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: {
      coding: [icpc2, ...(input.icd10 ? [ctx.codes.icd10(input.icd10)] : [])],
      text: icpc2.display,
    },
    subject: ctx.patient,
    ...(input.encounter ? { encounter: input.encounter } : {}),
    ...(input.onset ? { onsetDateTime: input.onset } : {}),
    ...(input.abatement && input.clinicalStatus !== 'active' ? { abatementDateTime: input.abatement } : {}),
    recordedDate: input.recorded,
    recorder: input.recorder,
    ...(input.note ? { note: [{ text: input.note }] } : {}),
  };
  return ctx.out.add(resource, input.recorded);
}
