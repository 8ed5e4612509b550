// How much of a medicine a regimen gives per day, for maximum-dose checks.
//
// Two numbers, because they answer different questions:
// - averagePerDay: the long-run average. A weekly 70 mg dose is 10 mg per day on average; every third day
//   counts a third. Used for weekly limits (averagePerDay × 7).
// - peakPerDay: the most given on any single day. The weekly 70 mg dose is 70 mg on its day. Used for daily
//   limits, because toxicity follows the day's dose, not the week's average.
// As-needed doses count at their maximum (maxDosePerPeriod, else the schedule's maximum use), so that the
// check answers "how much could the patient get?". A taper counts its heaviest step.

import type { Dosage } from '@medplum/fhirtypes';
import { hasErrors } from './dosage-issues.ts';
import type { DosageModel, Schedule } from './dosage-model.ts';
import { readRegimen } from './dosage-regimen.ts';
import { DAYS_PER_UNIT } from './timing-vocabulary.ts';

export interface DailyDose {
  readonly unit: string;
  readonly averagePerDay: number;
  readonly peakPerDay: number;
  /** True when an as-needed maximum (rather than a fixed schedule) contributes. */
  readonly includesAsNeeded: boolean;
}

export type DailyDoseResult =
  | { readonly ok: true; readonly doses: readonly DailyDose[] }
  | { readonly ok: false; readonly reason: 'invalid-dosage' | 'as-needed-without-limit' | 'no-dose' };

/** Events on the busiest day of the schedule. */
function peakEventsPerDay(schedule: Schedule): number {
  const { frequency, period, periodUnit, days } = schedule;
  switch (periodUnit) {
    case 'h':
      return frequency * Math.ceil(24 / period);
    case 'd':
      // Every N days: all of that period's doses fall on its one day.
      return frequency;
    case 'wk':
      // With weekdays the doses are spread over the listed days; without, assume one per day at most.
      return days.length > 0 ? frequency / days.length : Math.ceil(frequency / (7 * period));
    case 'mo':
      return Math.ceil(frequency / (DAYS_PER_UNIT.mo * period));
  }
}

function averageEventsPerDay(schedule: Schedule): number {
  return schedule.frequency / (schedule.period * DAYS_PER_UNIT[schedule.periodUnit]);
}

type Contribution = { unit: string; average: number; peak: number; asNeeded: boolean };

function contribution(model: DosageModel): Contribution | 'no-limit' | undefined {
  const dose = model.dose;
  if (!dose) return undefined;
  if (!model.asNeeded) {
    if (!model.schedule) return undefined;
    return {
      unit: dose.unit,
      average: dose.value * averageEventsPerDay(model.schedule),
      peak: dose.value * peakEventsPerDay(model.schedule),
      asNeeded: false,
    };
  }
  const max = model.maxPerPeriod;
  if (max) {
    const days = max.per.value * DAYS_PER_UNIT[max.per.unit];
    // A maximum per 24 hours or less bounds every day (2 per 8 hours is 6 per day); a weekly maximum could all
    // be taken on one day, so it bounds the day only by itself and the average by its share.
    const averageLimit = max.amount.value / days;
    const peakLimit = days <= 1 ? averageLimit : max.amount.value;
    const sameUnit = max.amount.unit === dose.unit && model.schedule !== undefined;
    const peakCap = sameUnit && model.schedule ? dose.value * peakEventsPerDay(model.schedule) : Infinity;
    const averageCap =
      sameUnit && model.schedule ? dose.value * averageEventsPerDay(model.schedule) : Infinity;
    const peak = Math.min(peakLimit, peakCap);
    return { unit: max.amount.unit, average: Math.min(averageLimit, averageCap, peak), peak, asNeeded: true };
  }
  if (model.schedule) {
    return {
      unit: dose.unit,
      average: dose.value * averageEventsPerDay(model.schedule),
      peak: dose.value * peakEventsPerDay(model.schedule),
      asNeeded: true,
    };
  }
  return 'no-limit';
}

/** Daily amounts per unit for a regimen; units are kept apart (conversion needs product strength). */
export function computeDailyDose(dosages: readonly Dosage[]): DailyDoseResult {
  const { regimen, issues } = readRegimen(dosages);
  if (hasErrors(issues)) return { ok: false, reason: 'invalid-dosage' };
  const best = new Map<string, DailyDose>();
  for (const step of regimen.steps) {
    const stepTotals = new Map<string, DailyDose>();
    for (const element of step.elements) {
      const part = contribution(element);
      if (part === 'no-limit') return { ok: false, reason: 'as-needed-without-limit' };
      if (!part) continue;
      const previous = stepTotals.get(part.unit);
      stepTotals.set(part.unit, {
        unit: part.unit,
        averagePerDay: (previous?.averagePerDay ?? 0) + part.average,
        peakPerDay: (previous?.peakPerDay ?? 0) + part.peak,
        includesAsNeeded: (previous?.includesAsNeeded ?? false) || part.asNeeded,
      });
    }
    for (const [unit, total] of stepTotals) {
      const previous = best.get(unit);
      best.set(unit, {
        unit,
        averagePerDay: Math.max(previous?.averagePerDay ?? 0, total.averagePerDay),
        peakPerDay: Math.max(previous?.peakPerDay ?? 0, total.peakPerDay),
        includesAsNeeded: (previous?.includesAsNeeded ?? false) || total.includesAsNeeded,
      });
    }
  }
  if (best.size === 0) return { ok: false, reason: 'no-dose' };
  return { ok: true, doses: [...best.values()] };
}
