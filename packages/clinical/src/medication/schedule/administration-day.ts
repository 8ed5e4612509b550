// Which doses of a regimen are due on one calendar day, in local wall-clock time: the core of a nursing home's
// or home care's administration schedule (utdelingsliste). Pure and browser-safe; converting "08:00 on
// 2026-03-29 in Europe/Oslo" to an instant is the caller's job, so a dose at 08:00 stays at 08:00 local time on
// the days the clocks change.
//
// Nothing is guessed: a schedule that needs a start date (every third day, a weekly dose without weekday, a
// course of 7 days, a taper) but has none, or an hourly interval that does not fit the day, is returned as
// `unscheduled` with the reason, for a clinician to sort out.

import type { Dosage } from '@medplum/fhirtypes';
import { bilingual, type BilingualText } from '../../text/bilingual-text.ts';
import { hasErrors } from '../dosage/dosage-issues.ts';
import type { DoseAmount, DosageModel, Schedule, StepBounds } from '../dosage/dosage-model.ts';
import { readRegimen, type RegimenStep } from '../dosage/dosage-regimen.ts';
import {
  findEventTiming,
  minuteOfTime,
  WEEKDAYS,
  type SupportedPeriodUnit,
} from '../dosage/timing-vocabulary.ts';

/** One regular dose due on the day. */
export interface PlannedDose {
  /** Local wall-clock time "HH:MM". */
  readonly time: string;
  readonly dose: DoseAmount;
  /** The EventTiming code (MORN, EVE …) the time stands for, when the dosage named one. */
  readonly slot?: string;
  /**
   * True when the dosage gave no time at all ("3 ganger daglig", "hver 8. time") and the time is the routine
   * time Akson assigns (ROUTINE_TIMES); the schedule says so, so that nobody mistakes it for a prescribed time.
   */
  readonly timeAssumed: boolean;
  /**
   * For hourly intervals ("hver 8. time"): the interval in minutes and the day it counts from (the line's or
   * step's start). The interval is elapsed time, 8 real hours also across a daylight-saving night, so whoever
   * knows the time zone computes the instants with `intervalInstants`; `time` is then the wall-clock time on an
   * ordinary day.
   */
  readonly interval?: DoseInterval;
}

export interface DoseInterval {
  readonly minutes: number;
  /** YYYY-MM-DD the series counts from, at ROUTINE_START_MINUTE local time; absent: INTERVAL_REFERENCE_DAY. */
  readonly from?: string;
}

/**
 * Without a start date an hourly series counts from 08:00 local time on this day (winter time in Norway): every
 * day of a year the same series, since whole days are whole multiples of any interval that divides the day.
 */
export const INTERVAL_REFERENCE_DAY = '2000-01-01';

/**
 * The instants (epoch ms) of an hourly interval in [dayStart, dayEnd), given `anchor`: the instant of 08:00 local
 * time on the interval's `from` day (the caller converts it with its time zone).
 */
export function intervalInstants(
  interval: DoseInterval,
  anchor: number,
  dayStart: number,
  dayEnd: number,
): number[] {
  const step = interval.minutes * 60_000;
  const instants: number[] = [];
  // Nothing before the start: a series with a start date begins at its anchor.
  const first = Math.max(interval.from ? 0 : -Infinity, Math.ceil((dayStart - anchor) / step));
  for (let k = first; anchor + k * step < dayEnd; k++) instants.push(anchor + k * step);
  return instants;
}

/** An as-needed dose available on the day, with its daily limit where the dosage has one. */
export interface AsNeededDose {
  readonly dose: DoseAmount;
  /** The most per day: maxDosePerPeriod per day, else the schedule's count per day times the dose. */
  readonly maxPerDay?: DoseAmount;
  /** How many times per day at most, when the dosage says so ("3 ganger daglig ved behov"). */
  readonly timesPerDay?: number;
  readonly indication?: string;
}

export type AdministrationDay =
  | {
      readonly kind: 'scheduled';
      readonly doses: readonly PlannedDose[];
      readonly asNeeded: readonly AsNeededDose[];
    }
  | { readonly kind: 'unscheduled'; readonly reason: BilingualText };

/**
 * Routine clock times for doses without a time: 1 a day at 08:00, 2 at 08 and 20, 3 at 08, 14 and 20, 4 at 08,
 * 12, 16 and 20; more spread evenly from 08:00 to 22:00. Hourly intervals start at 08:00.
 */
export const ROUTINE_START_MINUTE = 8 * 60;
const ROUTINE_TIMES: Record<number, number[]> = {
  1: [480],
  2: [480, 1200],
  3: [480, 840, 1200],
  4: [480, 720, 960, 1200],
};

/**
 * The doses of a regimen due on `date` (YYYY-MM-DD). `start` is the line's start date (effectivePeriod.start):
 * intervals, courses and tapers count from it.
 */
export function administrationDay(
  dosage: readonly Dosage[],
  date: string,
  start: string | undefined,
): AdministrationDay {
  const { regimen, issues } = readRegimen(dosage);
  if (hasErrors(issues) || regimen.steps.length === 0) {
    return unscheduled(
      'Uklar dosering – kan ikke settes opp i utdelingslisten.',
      'Unclear dosage: cannot be scheduled.',
    );
  }
  const startDay = start?.slice(0, 10);
  if (startDay && date < startDay) return { kind: 'scheduled', doses: [], asNeeded: [] };
  const step = stepOn(regimen.steps, date, startDay);
  if ('reason' in step) return { kind: 'unscheduled', reason: step.reason };
  if (!step.step) return { kind: 'scheduled', doses: [], asNeeded: [] };
  const doses: PlannedDose[] = [];
  const asNeeded: AsNeededDose[] = [];
  for (const element of step.step.elements) {
    if (!element.dose) continue;
    if (element.asNeeded) {
      asNeeded.push(asNeededOf(element, element.dose));
      continue;
    }
    const schedule = element.schedule;
    if (!schedule) continue;
    const due = dueTimes(schedule, date, step.anchor);
    if ('reason' in due) return { kind: 'unscheduled', reason: due.reason };
    for (const time of due.times) doses.push({ ...time, dose: element.dose });
  }
  doses.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { kind: 'scheduled', doses, asNeeded };
}

/** The step in force on the date, and the date it started (what its intervals count from). */
function stepOn(
  steps: readonly RegimenStep[],
  date: string,
  start: string | undefined,
): { step: RegimenStep | undefined; anchor: string | undefined } | { reason: BilingualText } {
  let stepStart = start;
  for (const [index, step] of steps.entries()) {
    const bounds = step.bounds;
    if (bounds.kind === 'period') {
      const from = bounds.start?.slice(0, 10) ?? stepStart;
      const to = bounds.end?.slice(0, 10);
      if (from && date < from) return { step: undefined, anchor: from };
      if (!to || date <= to) return { step, anchor: from };
      stepStart = addDays(to, 1);
      continue;
    }
    if (bounds.kind === 'duration') {
      if (!stepStart) {
        return {
          reason: bilingual(
            'Kur eller nedtrapping uten startdato: det er ukjent hvilken dag den gjelder. Legg inn startdato.',
            'A course or taper without a start date: which day it applies to is unknown. Add a start date.',
          ),
        };
      }
      const end = addDuration(stepStart, bounds);
      if (date < end) return { step, anchor: stepStart };
      stepStart = end;
      continue;
    }
    // No bounds: the last step (validation refuses an unbounded step before another), open-ended.
    void index;
    return { step, anchor: stepStart };
  }
  return { step: undefined, anchor: stepStart };
}

function dueTimes(
  schedule: Schedule,
  date: string,
  anchor: string | undefined,
): { times: Omit<PlannedDose, 'dose'>[] } | { reason: BilingualText } {
  const { frequency, period, periodUnit, days, slots } = schedule;
  const needStart = () =>
    unscheduledReason(
      'Intervallet trenger en startdato for å vite hvilke dager dosen skal gis. Legg inn startdato.',
      'The interval needs a start date to know on which days the dose is due. Add a start date.',
    );
  switch (periodUnit) {
    case 'h': {
      const step = (period * 60) / frequency;
      if (!Number.isInteger(step) || (24 * 60) % step !== 0) {
        return unscheduledReason(
          'Intervallet går ikke opp i døgnet; legg inn faste klokkeslett.',
          'The interval does not divide the day; give fixed clock times.',
        );
      }
      const times: number[] = [];
      for (let minute = 0; minute < 24 * 60; minute += step)
        times.push((ROUTINE_START_MINUTE + minute) % (24 * 60));
      const interval: DoseInterval = { minutes: step, ...(anchor ? { from: anchor } : {}) };
      return {
        times: times
          .sort((a, b) => a - b)
          .map((minute) => ({ time: clock(minute), timeAssumed: true, interval })),
      };
    }
    case 'd': {
      if (period !== 1) {
        if (!anchor) return needStart();
        const elapsed = daysBetween(anchor, date);
        if (elapsed < 0 || elapsed % period !== 0) return { times: [] };
      }
      return { times: slotTimes(slots, frequency) };
    }
    case 'wk': {
      const weekday = weekdayOf(date);
      if (days.length === 0) {
        if (!anchor) return needStart();
        if (frequency !== 1) {
          return unscheduledReason(
            'Ukedager mangler: det er ukjent hvilke dager i uken dosene skal gis.',
            'Weekdays are missing: the days of the week the doses are due are unknown.',
          );
        }
        if (weekdayOf(anchor) !== weekday) return { times: [] };
      } else if (!days.includes(weekday)) {
        return { times: [] };
      }
      if (period !== 1) {
        if (!anchor) return needStart();
        const weeks = Math.floor(daysBetween(mondayOf(anchor), mondayOf(date)) / 7);
        if (weeks < 0 || weeks % period !== 0) return { times: [] };
      }
      const perDay = days.length > 0 ? frequency / days.length : frequency;
      return { times: slotTimes(slots, perDay) };
    }
    case 'mo': {
      if (!anchor) return needStart();
      if (frequency !== 1) {
        return unscheduledReason(
          'Flere doser i måneden uten datoer kan ikke settes opp; legg inn datoer eller ukedager.',
          'Several doses a month without dates cannot be scheduled; give dates or weekdays.',
        );
      }
      const months = monthsBetween(anchor, date);
      if (months < 0 || months % period !== 0) return { times: [] };
      const day = Math.min(Number(anchor.slice(8, 10)), daysInMonth(date));
      if (Number(date.slice(8, 10)) !== day) return { times: [] };
      return { times: slotTimes(slots, 1) };
    }
  }
}

function slotTimes(slots: Schedule['slots'], perDay: number): Omit<PlannedDose, 'dose'>[] {
  if (slots.kind === 'when') {
    // The vocabulary's minutes order the codes (til frokost is 08:01 to sort after morgen); on a schedule they
    // are routine times, so to the five minutes.
    return slots.codes.map((code) => ({
      time: clock(Math.floor((findEventTiming(code)?.minute ?? ROUTINE_START_MINUTE) / 5) * 5),
      slot: code,
      timeAssumed: false,
    }));
  }
  if (slots.kind === 'timeOfDay') {
    return slots.times.map((time) => ({ time: clock(minuteOfTime(time) ?? 0), timeAssumed: false }));
  }
  const count = Math.max(1, Math.round(perDay));
  const minutes =
    ROUTINE_TIMES[count] ??
    Array.from({ length: count }, (_, i) => ROUTINE_START_MINUTE + Math.round((i * 14 * 60) / (count - 1)));
  return minutes.map((minute) => ({ time: clock(minute), timeAssumed: true }));
}

function asNeededOf(element: DosageModel, dose: DoseAmount): AsNeededDose {
  const schedule = element.schedule;
  const timesPerDay =
    schedule && schedule.periodUnit === 'd' && schedule.period === 1 ? schedule.frequency : undefined;
  const max = element.maxPerPeriod;
  const perDay =
    max && ((max.per.unit === 'd' && max.per.value === 1) || (max.per.unit === 'h' && max.per.value === 24));
  const maxPerDay = perDay
    ? max.amount
    : timesPerDay !== undefined
      ? { value: timesPerDay * dose.value, unit: dose.unit }
      : undefined;
  const indication = element.asNeededConcept?.text ?? element.asNeededConcept?.coding?.[0]?.display;
  return {
    dose,
    ...(maxPerDay ? { maxPerDay } : {}),
    ...(timesPerDay !== undefined ? { timesPerDay } : {}),
    ...(indication ? { indication } : {}),
  };
}

function unscheduled(nb: string, en: string): AdministrationDay {
  return { kind: 'unscheduled', reason: bilingual(nb, en) };
}

function unscheduledReason(nb: string, en: string): { reason: BilingualText } {
  return { reason: bilingual(nb, en) };
}

// Calendar arithmetic on YYYY-MM-DD, through UTC dates (no time zone can shift a calendar day here).
const DAY_MS = 86_400_000;
const utc = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return iso(utc(date) + days * DAY_MS);
}

function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

function weekdayOf(date: string) {
  return WEEKDAYS[(new Date(utc(date)).getUTCDay() + 6) % 7] as (typeof WEEKDAYS)[number];
}

function mondayOf(date: string): string {
  return addDays(date, -((new Date(utc(date)).getUTCDay() + 6) % 7));
}

function monthsBetween(from: string, to: string): number {
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7))
  );
}

function daysInMonth(date: string): number {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).getUTCDate();
}

function addDuration(date: string, bounds: Extract<StepBounds, { kind: 'duration' }>): string {
  const unit: SupportedPeriodUnit = bounds.unit;
  if (unit === 'mo') {
    const d = new Date(utc(date));
    d.setUTCMonth(d.getUTCMonth() + bounds.value);
    return iso(d.getTime());
  }
  const days = unit === 'd' ? bounds.value : unit === 'wk' ? bounds.value * 7 : Math.ceil(bounds.value / 24);
  return addDays(date, days);
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
