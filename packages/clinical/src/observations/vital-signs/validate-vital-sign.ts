// Plausibility checks for typed-in vital signs. Returns problems instead of throwing so a form can show them
// next to the field; the Observation builder throws on the same problems.

import type { BilingualText } from '../observation-context.ts';
import { isAcvpu, type Acvpu } from './acvpu.ts';
import {
  BLOOD_PRESSURE_COMPONENTS,
  VITAL_SIGNS,
  type PlausibleRange,
  type VitalSignKind,
} from './vital-sign-definitions.ts';

export interface BloodPressureValue {
  systolic: number;
  diastolic: number;
}

export interface OxygenSaturationValue {
  percent: number;
  /** true = supplemental oxygen, false = breathing room air; leave out when not recorded. */
  onOxygen?: boolean;
  /** Oxygen flow in litres per minute, when on oxygen. */
  oxygenFlowLitresPerMinute?: number;
}

/** The value type each kind of vital sign takes. */
export interface VitalSignValues {
  heartRate: number;
  pulse: number;
  respirationRate: number;
  oxygenSaturation: OxygenSaturationValue;
  bloodPressure: BloodPressureValue;
  bodyTemperature: number;
  consciousness: Acvpu;
  bodyWeight: number;
  bodyHeight: number;
}

export interface VitalSignProblem {
  field: string;
  message: BilingualText;
}

function checkNumber(
  field: string,
  label: BilingualText,
  value: unknown,
  range: PlausibleRange,
): VitalSignProblem[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return [{ field, message: { nb: `${label.nb} må være et tall`, en: `${label.en} must be a number` } }];
  }
  if (value < range.min || value > range.max) {
    return [
      {
        field,
        message: {
          nb: `${label.nb} ${value} er utenfor mulig område (${range.min}–${range.max}); sjekk verdien`,
          en: `${label.en} ${value} is outside the plausible range (${range.min}–${range.max}); check the value`,
        },
      },
    ];
  }
  return [];
}

/** Checks a value for the given kind; an empty array means the value is plausible. */
export function validateVitalSign<K extends VitalSignKind>(
  kind: K,
  value: VitalSignValues[K],
): VitalSignProblem[] {
  const definition = VITAL_SIGNS[kind];
  const input: unknown = value;
  switch (kind) {
    case 'consciousness':
      return isAcvpu(input)
        ? []
        : [
            {
              field: kind,
              message: {
                nb: 'Bevissthetsnivå må være A, C, V, P eller U',
                en: 'Consciousness must be A, C, V, P or U',
              },
            },
          ];
    case 'bloodPressure': {
      const bp = input as Partial<BloodPressureValue> | null;
      const { systolic, diastolic } = BLOOD_PRESSURE_COMPONENTS;
      const problems = [
        ...checkNumber('systolic', systolic.label, bp?.systolic, systolic.plausible),
        ...checkNumber('diastolic', diastolic.label, bp?.diastolic, diastolic.plausible),
      ];
      if (problems.length === 0 && (bp?.systolic ?? 0) <= (bp?.diastolic ?? 0)) {
        problems.push({
          field: 'diastolic',
          message: {
            nb: 'Diastolisk blodtrykk må være lavere enn systolisk',
            en: 'Diastolic pressure must be lower than systolic',
          },
        });
      }
      return problems;
    }
    case 'oxygenSaturation': {
      const spo2 = input as Partial<OxygenSaturationValue> | null;
      const problems = checkNumber(
        kind,
        definition.label,
        spo2?.percent,
        definition.plausible ?? { min: 0, max: 100 },
      );
      const flow = spo2?.oxygenFlowLitresPerMinute;
      if (flow !== undefined) {
        problems.push(
          ...checkNumber('oxygenFlow', { nb: 'Oksygenflow (l/min)', en: 'Oxygen flow (L/min)' }, flow, {
            min: 0,
            max: 70,
          }),
        );
        if (flow > 0 && spo2?.onOxygen === false) {
          problems.push({
            field: 'onOxygen',
            message: {
              nb: 'Oksygenflow er oppgitt, men pasienten puster romluft',
              en: 'Oxygen flow given but patient is on air',
            },
          });
        }
      }
      return problems;
    }
    default:
      return checkNumber(
        kind,
        definition.label,
        input,
        definition.plausible ?? { min: -Infinity, max: Infinity },
      );
  }
}
