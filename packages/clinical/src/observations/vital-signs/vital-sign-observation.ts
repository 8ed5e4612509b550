// Builds FHIR Observations for vital signs that conform to HL7 Norway's no-domain-vitalsigns profiles (and
// through them to the FHIR R4 vital-signs profiles): LOINC + SNOMED CT codings, category vital-signs, UCUM
// quantities, meta.profile. ACVPU has no Norwegian profile; it is a survey Observation with a coded value.

import type {
  CodeableConcept,
  Coding,
  Extension,
  Observation,
  ObservationComponent,
  Quantity,
} from '@medplum/fhirtypes';
import {
  LOINC_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  SNOMED_SYSTEM,
  UCUM_SYSTEM,
} from '../../codes/code-system-urls.ts';
import {
  baseObservationFields,
  type BilingualText,
  type ObservationContext,
} from '../observation-context.ts';
import { ACVPU } from './acvpu.ts';
import { validateVitalSign, type VitalSignProblem, type VitalSignValues } from './validate-vital-sign.ts';
import {
  BLOOD_PRESSURE_COMPONENTS,
  INSPIRED_OXYGEN_EXTENSION,
  ON_AIR_EXTENSION,
  OXYGEN_FLOW_EXTENSION,
  VITAL_SIGNS,
  type VitalSignUnit,
  type VitalSignDefinition,
  type VitalSignKind,
} from './vital-sign-definitions.ts';

/** Thrown by vitalSignObservation for an implausible value; `problems` carries field-level messages. */
export class VitalSignValueError extends Error {
  override name = 'VitalSignValueError';
  readonly problems: VitalSignProblem[];

  constructor(problems: VitalSignProblem[]) {
    super(problems.map((problem) => problem.message.en).join('; '));
    this.problems = problems;
  }
}

const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', survey: 'Survey' } as const;

function category(definition: VitalSignDefinition): CodeableConcept[] {
  return [
    {
      coding: [
        {
          system: OBSERVATION_CATEGORY_SYSTEM,
          code: definition.category,
          display: CATEGORY_DISPLAY[definition.category],
        },
      ],
    },
  ];
}

function code(definition: VitalSignDefinition): CodeableConcept {
  const coding: Coding[] = [
    ...definition.loinc.map((loinc) => ({ system: LOINC_SYSTEM, code: loinc.code, display: loinc.display })),
    { system: SNOMED_SYSTEM, code: definition.snomed.code, display: definition.snomed.display },
  ];
  return { coding, text: definition.label.nb };
}

function quantity(value: number, unit: VitalSignUnit, decimals: number): Quantity {
  const factor = 10 ** decimals;
  return {
    value: Math.round(value * factor) / factor,
    unit: unit.display,
    system: UCUM_SYSTEM,
    code: unit.code,
  };
}

function componentCode(
  loinc: { code: string; display: string },
  snomed: { code: string; display: string },
  label: BilingualText,
): CodeableConcept {
  return {
    coding: [
      { system: LOINC_SYSTEM, code: loinc.code, display: loinc.display },
      { system: SNOMED_SYSTEM, code: snomed.code, display: snomed.display },
    ],
    text: label.nb,
  };
}

/** Inspired-oxygen extension: OnAir true/false and, when given, the oxygen flow. */
function inspiredOxygen(onOxygen: boolean | undefined, flow: number | undefined): Extension[] {
  if (onOxygen === undefined && flow === undefined) return [];
  const parts: Extension[] = [];
  if (onOxygen !== undefined) parts.push({ url: ON_AIR_EXTENSION, valueBoolean: !onOxygen });
  if (flow !== undefined) {
    parts.push({
      url: OXYGEN_FLOW_EXTENSION,
      valueQuantity: { value: flow, unit: 'L/min', system: UCUM_SYSTEM, code: 'L/min' },
    });
  }
  return [{ url: INSPIRED_OXYGEN_EXTENSION, extension: parts }];
}

/**
 * Builds the Observation for one vital sign. Throws VitalSignValueError when the value is implausible
 * (validate first with validateVitalSign to show messages in a form).
 */
export function vitalSignObservation<K extends VitalSignKind>(
  kind: K,
  value: VitalSignValues[K],
  context: ObservationContext,
): Observation {
  const problems = validateVitalSign(kind, value);
  if (problems.length > 0) throw new VitalSignValueError(problems);
  const definition = VITAL_SIGNS[kind];
  const observation: Observation = {
    resourceType: 'Observation',
    ...(definition.profile ? { meta: { profile: [definition.profile] } } : {}),
    ...baseObservationFields(context),
    category: category(definition),
    code: code(definition),
  };
  const input: unknown = value;
  const unit = definition.unit;
  const decimals = definition.decimals ?? 0;
  switch (kind) {
    case 'consciousness': {
      const level = ACVPU[input as keyof typeof ACVPU];
      observation.valueCodeableConcept = {
        coding: [{ system: SNOMED_SYSTEM, code: level.snomed.code, display: level.snomed.display }],
        text: level.label.nb,
      };
      return observation;
    }
    case 'bloodPressure': {
      const bp = input as VitalSignValues['bloodPressure'];
      const mmHg = unit ?? { code: 'mm[Hg]', display: 'mmHg' };
      const components: ObservationComponent[] = (['systolic', 'diastolic'] as const).map((part) => {
        const component = BLOOD_PRESSURE_COMPONENTS[part];
        return {
          code: componentCode(component.loinc, component.snomed, component.label),
          valueQuantity: quantity(bp[part], mmHg, 0),
        };
      });
      observation.component = components;
      return observation;
    }
    case 'oxygenSaturation': {
      const spo2 = input as VitalSignValues['oxygenSaturation'];
      const extension = inspiredOxygen(spo2.onOxygen, spo2.oxygenFlowLitresPerMinute);
      if (extension.length > 0) observation.extension = extension;
      observation.valueQuantity = quantity(spo2.percent, unit ?? { code: '%', display: '%' }, decimals);
      return observation;
    }
    default:
      if (!unit) throw new Error(`No unit defined for ${kind}`);
      observation.valueQuantity = quantity(input as number, unit, decimals);
      return observation;
  }
}
