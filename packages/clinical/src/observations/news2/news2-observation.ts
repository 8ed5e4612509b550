// NEWS2 as a FHIR Observation: the total as its own Observation (category survey), each parameter score as a
// component, derivedFrom pointing at the vital-sign Observations, and an interpretation carrying the clinical
// risk and the escalation flag.
//
// Codes: SNOMED CT 1104051000000101 "Royal College of Physicians NEWS2 total score" and the RCP sub-score
// concepts 11043x100000010x. These are UK-extension concepts (namespace 1000000); HL7 Norway's VKP NEWS2 draft
// profile uses the same total-score code pending a Norwegian one. No LOINC code for NEWS2 was found (88330-6,
// sometimes quoted for it, is a CMS mobility item), so none is sent.

import type { CodeableConcept, Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import {
  AKSON_CODE_SYSTEM_BASE,
  OBSERVATION_CATEGORY_SYSTEM,
  OBSERVATION_INTERPRETATION_SYSTEM,
  SNOMED_SYSTEM,
  UCUM_SYSTEM,
} from '../../codes/code-system-urls.ts';
import { baseObservationFields, type ObservationContext } from '../observation-context.ts';
import {
  NEWS2_PARAMETER_LABELS,
  NEWS2_PARAMETERS,
  type News2Parameter,
  type News2Result,
} from './calculate-news2.ts';
import { NEWS2_RISK_LABELS, type News2Risk } from './news2-response.ts';

export const NEWS2_TOTAL_SNOMED = {
  code: '1104051000000101',
  display: 'Royal College of Physicians NEWS2 (National Early Warning Score 2) total score',
} as const;

/** SNOMED CT codes of the NEWS2 parameter scores (RCP sub-score observables). */
export const NEWS2_COMPONENT_SNOMED: Readonly<
  Record<Exclude<News2Parameter, 'oxygenSaturation'>, { code: string; display: string }>
> & {
  oxygenSaturationScale1: { code: string; display: string };
  oxygenSaturationScale2: { code: string; display: string };
} = {
  respirationRate: {
    code: '1104301000000104',
    display: 'Royal College of Physicians NEWS2 - respiration rate score',
  },
  oxygenSaturationScale1: {
    code: '1104311000000102',
    display: 'Royal College of Physicians NEWS2 - oxygen saturation scale 1 score',
  },
  oxygenSaturationScale2: {
    code: '1104321000000108',
    display: 'Royal College of Physicians NEWS2 - oxygen saturation scale 2 score',
  },
  airOrOxygen: {
    code: '1104331000000105',
    display: 'Royal College of Physicians NEWS2 - air or oxygen score',
  },
  systolicBloodPressure: {
    code: '1104341000000101',
    display: 'Royal College of Physicians NEWS2 - systolic blood pressure score',
  },
  pulse: { code: '1104351000000103', display: 'Royal College of Physicians NEWS2 - pulse score' },
  consciousness: {
    code: '1104361000000100',
    display: 'Royal College of Physicians NEWS2 - consciousness score',
  },
  temperature: { code: '1104371000000107', display: 'Royal College of Physicians NEWS2 - temperature score' },
};

/** Akson-defined code system for the RCP clinical risk bands (no national code list exists). */
export const NEWS2_RISK_SYSTEM = `${AKSON_CODE_SYSTEM_BASE}news2-clinical-risk`;

/**
 * v3 ObservationInterpretation used alongside the risk: N for 0, A (abnormal) for 1–4 without escalation,
 * H for an urgent response (low–medium and medium), HH for an emergency response (high).
 */
function interpretationCode(result: News2Result): { code: string; display: string } {
  if (result.risk === 'high') return { code: 'HH', display: 'Critical high' };
  if (result.escalation) return { code: 'H', display: 'High' };
  return result.total === 0 ? { code: 'N', display: 'Normal' } : { code: 'A', display: 'Abnormal' };
}

/** Thrown for an incomplete NEWS2: a total cannot be recorded until all seven parameters are measured. */
export class News2IncompleteError extends Error {
  override name = 'News2IncompleteError';
  readonly missing: News2Parameter[];

  constructor(missing: News2Parameter[]) {
    super(`NEWS2 is incomplete; missing: ${missing.join(', ')}`);
    this.missing = missing;
  }
}

export interface News2ObservationContext extends ObservationContext {
  /** The vital-sign Observations the score was computed from (see vitalSignsFromObservations). */
  derivedFrom?: Observation['derivedFrom'];
}

function score(value: number): Quantity {
  return { value, unit: '{score}', system: UCUM_SYSTEM, code: '{score}' };
}

function componentCoding(parameter: News2Parameter, result: News2Result): { code: string; display: string } {
  if (parameter === 'oxygenSaturation') {
    return result.spo2Scale === 2
      ? NEWS2_COMPONENT_SNOMED.oxygenSaturationScale2
      : NEWS2_COMPONENT_SNOMED.oxygenSaturationScale1;
  }
  return NEWS2_COMPONENT_SNOMED[parameter];
}

export function news2ToObservation(result: News2Result, context: News2ObservationContext): Observation {
  if (!result.complete || result.total === null || result.risk === null)
    throw new News2IncompleteError(result.missing);
  const risk: News2Risk = result.risk;
  const interpretation = interpretationCode(result);
  const components: ObservationComponent[] = NEWS2_PARAMETERS.map((parameter) => {
    const coding = componentCoding(parameter, result);
    const label = NEWS2_PARAMETER_LABELS[parameter].nb;
    const text = parameter === 'oxygenSaturation' ? `${label} (skala ${result.spo2Scale})` : label;
    return {
      code: { coding: [{ system: SNOMED_SYSTEM, code: coding.code, display: coding.display }], text },
      valueQuantity: score(result.components[parameter].score ?? 0),
    };
  });
  const riskConcept: CodeableConcept = {
    coding: [
      {
        system: OBSERVATION_INTERPRETATION_SYSTEM,
        code: interpretation.code,
        display: interpretation.display,
      },
      { system: NEWS2_RISK_SYSTEM, code: risk, display: NEWS2_RISK_LABELS[risk].en },
    ],
    text: result.escalation
      ? `${NEWS2_RISK_LABELS[risk].nb} – krever eskalering`
      : NEWS2_RISK_LABELS[risk].nb,
  };
  return {
    resourceType: 'Observation',
    ...baseObservationFields(context),
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] }],
    code: { coding: [{ system: SNOMED_SYSTEM, ...NEWS2_TOTAL_SNOMED }], text: 'NEWS2' },
    valueQuantity: score(result.total),
    interpretation: [riskConcept],
    component: components,
    ...(context.derivedFrom && context.derivedFrom.length > 0 ? { derivedFrom: context.derivedFrom } : {}),
  };
}

export interface News2Summary {
  total: number;
  risk: News2Risk | undefined;
  escalation: boolean;
  effectiveDateTime: string | undefined;
}

/** Reads the total, risk and escalation back from a NEWS2 Observation (e.g. for a ward list). */
export function readNews2Observation(observation: Observation): News2Summary | undefined {
  const isNews2 = (observation.code?.coding ?? []).some(
    (coding) => coding.system === SNOMED_SYSTEM && coding.code === NEWS2_TOTAL_SNOMED.code,
  );
  const total = observation.valueQuantity?.value ?? observation.valueInteger;
  if (!isNews2 || total === undefined) return undefined;
  const riskCode = (observation.interpretation ?? [])
    .flatMap((concept) => concept.coding ?? [])
    .find((coding) => coding.system === NEWS2_RISK_SYSTEM)?.code;
  const risk = riskCode && riskCode in NEWS2_RISK_LABELS ? (riskCode as News2Risk) : undefined;
  const anyThree = (observation.component ?? []).some((component) => component.valueQuantity?.value === 3);
  return {
    total,
    risk,
    escalation: total >= 5 || anyThree,
    effectiveDateTime: observation.effectiveDateTime,
  };
}
