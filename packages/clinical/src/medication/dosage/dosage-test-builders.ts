// Test support (not exported): short builders for FHIR Dosage elements, so tests read like prescriptions.

import type { Dosage, TimingRepeat } from '@medplum/fhirtypes';

export function dose(value: number, unit: string): Pick<Dosage, 'doseAndRate'> {
  return { doseAndRate: [{ doseQuantity: { value, unit } }] };
}

export function regular(
  value: number,
  unit: string,
  repeat: TimingRepeat,
  extra: Partial<Dosage> = {},
): Dosage {
  return { ...extra, timing: { repeat }, ...dose(value, unit) };
}

export function daily(
  value: number,
  unit: string,
  when: NonNullable<TimingRepeat['when']>,
  extra: Partial<Dosage> = {},
): Dosage {
  return regular(value, unit, { frequency: when.length, period: 1, periodUnit: 'd', when }, extra);
}

export function asNeeded(
  value: number,
  unit: string,
  options: { repeat?: TimingRepeat; maxPerDay?: number; reason?: string } = {},
): Dosage {
  return {
    ...(options.repeat ? { timing: { repeat: options.repeat } } : {}),
    ...(options.reason ? { asNeededCodeableConcept: { text: options.reason } } : { asNeededBoolean: true }),
    ...dose(value, unit),
    ...(options.maxPerDay !== undefined
      ? {
          maxDosePerPeriod: {
            numerator: { value: options.maxPerDay, unit },
            denominator: { value: 1, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
          },
        }
      : {}),
  };
}

export function days(value: number): NonNullable<TimingRepeat['boundsDuration']> {
  return { value, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' };
}
