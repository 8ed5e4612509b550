// Reads the parts of a Dosage that bound it in time or amount: the step's duration or dated period
// (timing.repeat.bounds[x]) and the as-needed maximum (maxDosePerPeriod), plus time units of durations.

import type { Dosage, Quantity, TimingRepeat } from '@medplum/fhirtypes';
import { readAmount } from './dose-amount-reading.ts';
import { dosageError, type DosageIssue } from './dosage-issues.ts';
import type { MaxPerPeriod, StepBounds } from './dosage-model.ts';
import type { SupportedPeriodUnit } from './timing-vocabulary.ts';

const TIME_UNIT_SPELLINGS: Record<string, SupportedPeriodUnit> = {
  h: 'h',
  hour: 'h',
  hours: 'h',
  time: 'h',
  timer: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  dag: 'd',
  dager: 'd',
  døgn: 'd',
  wk: 'wk',
  week: 'wk',
  weeks: 'wk',
  uke: 'wk',
  uker: 'wk',
  mo: 'mo',
  month: 'mo',
  months: 'mo',
  måned: 'mo',
  måneder: 'mo',
};

/** A time unit from a Duration or Quantity: the UCUM code wins, then the unit text. */
export function readTimeUnit(quantity: Quantity | undefined): SupportedPeriodUnit | undefined {
  if (!quantity) return undefined;
  for (const spelling of [quantity.code, quantity.unit]) {
    const unit = spelling === undefined ? undefined : TIME_UNIT_SPELLINGS[spelling.trim().toLowerCase()];
    if (unit) return unit;
  }
  return undefined;
}

export function readBounds(
  repeat: TimingRepeat | undefined,
  path: string,
  issues: DosageIssue[],
): StepBounds {
  if (!repeat) return { kind: 'none' };
  if (repeat.boundsDuration && repeat.boundsPeriod) {
    issues.push(
      dosageError(
        'bounds-both',
        `${path}.timing.repeat`,
        'Både varighet og periode er angitt for samme dosering.',
        'Both a duration and a period are given for the same dosage.',
      ),
    );
    return { kind: 'none' };
  }
  if (repeat.boundsDuration) {
    const unit = readTimeUnit(repeat.boundsDuration);
    const value = repeat.boundsDuration.value;
    if (!unit || value === undefined || !(value > 0) || repeat.boundsDuration.comparator) {
      issues.push(
        dosageError(
          'bounds-duration-invalid',
          `${path}.timing.repeat.boundsDuration`,
          'Varigheten må ha en positiv verdi og enheten time, døgn, uke eller måned.',
          'The duration needs a positive value and the unit hour, day, week or month.',
        ),
      );
      return { kind: 'none' };
    }
    return { kind: 'duration', value, unit };
  }
  if (repeat.boundsPeriod) {
    const { start, end } = repeat.boundsPeriod;
    const startTime = start === undefined ? undefined : Date.parse(start);
    const endTime = end === undefined ? undefined : Date.parse(end);
    if (
      (start === undefined && end === undefined) ||
      (startTime !== undefined && Number.isNaN(startTime)) ||
      (endTime !== undefined && Number.isNaN(endTime)) ||
      (startTime !== undefined && endTime !== undefined && endTime < startTime)
    ) {
      issues.push(
        dosageError(
          'bounds-period-invalid',
          `${path}.timing.repeat.boundsPeriod`,
          'Perioden er ugyldig (mangler datoer, eller slutt før start).',
          'The period is invalid (no dates, or the end is before the start).',
        ),
      );
      return { kind: 'none' };
    }
    return {
      kind: 'period',
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
    };
  }
  return { kind: 'none' };
}

export function readMax(
  dosage: Dosage,
  path: string,
  asNeeded: boolean,
  issues: DosageIssue[],
): MaxPerPeriod | undefined {
  const ratio = dosage.maxDosePerPeriod;
  if (!ratio) return undefined;
  const maxPath = `${path}.maxDosePerPeriod`;
  const perUnit = readTimeUnit(ratio.denominator);
  const perValue = ratio.denominator?.value;
  const amount = ratio.numerator ? readAmount(ratio.numerator, `${maxPath}.numerator`, issues) : undefined;
  if (!amount || !perUnit || perValue === undefined || !(perValue > 0)) {
    issues.push(
      dosageError(
        'max-dose-invalid',
        maxPath,
        'Maksdosen må ha mengde med enhet og en tidsperiode (f.eks. 6 tabletter per døgn).',
        'The maximum needs an amount with a unit and a time period (e.g. 6 tablets per day).',
      ),
    );
    return undefined;
  }
  if (!asNeeded) {
    issues.push(
      dosageError(
        'max-dose-on-fixed-dosage',
        maxPath,
        'Maksdose per periode brukes bare for ved behov-dosering; en fast dose har ingen maks å velge innenfor.',
        'A maximum per period applies only to as-needed dosing; a regular dose has no maximum to choose within.',
      ),
    );
  }
  return { amount, per: { value: perValue, unit: perUnit } };
}
