// Unambiguous Norwegian text for a structured dosage.
//
// Rules (docs/medication.md has the full list with examples):
// - The interval is always said: "daglig", "annenhver dag", "hver tredje dag", "hver mandag", "1 gang i uken",
//   "hver 8. time". A weekly schedule can never come out as a daily sentence, and "daglig" is only written when
//   the period really is one day.
// - Times of day follow the dose: "1 tablett morgen og kveld"; clock times as "kl. 08.00 og 20.00".
// - As-needed says so and gives the maximum: "1 tablett 3 ganger daglig ved behov, maks 6 per døgn".
// - Tapering is a list of steps: "Dag 1–3: 2 tabletter morgen; deretter 1 tablett morgen i 4 dager".
// - The structure wins over free text: `text` is shown only when there is no structure at all.
// - A regimen with errors is never guessed at: it renders as "Uklar dosering …".

import type { Dosage } from '@medplum/fhirtypes';
import { findDoseUnit, formatDoseAmount, formatNumberNb } from './dose-units.ts';
import { hasErrors } from './dosage-issues.ts';
import { normalizeDosages } from './dosage-normalize.ts';
import { readRegimen, type RegimenStep } from './dosage-regimen.ts';
import type { DosageModel, MaxPerPeriod, Schedule, ScheduleSlots, StepBounds } from './dosage-model.ts';
import {
  clockNb,
  durationNb,
  everyNthNb,
  findEventTiming,
  joinNb,
  weekdayNb,
  type SupportedPeriodUnit,
} from './timing-vocabulary.ts';

export interface RenderDosageOptions {
  /** What to do when the regimen has errors: mark it (default) or throw. */
  readonly onInvalid?: 'mark' | 'throw';
}

export const UNCLEAR_DOSAGE_NB = 'Uklar dosering – kontroller ordinasjonen';
const MISSING_DOSAGE_NB = 'Dosering mangler';

function times(count: number): string {
  return count === 1 ? '1 gang' : `${count} ganger`;
}

function slotsNb(slots: ScheduleSlots): string {
  if (slots.kind === 'when') return joinNb(slots.codes.map((code) => findEventTiming(code)?.nb ?? code));
  if (slots.kind === 'timeOfDay') return `kl. ${joinNb(slots.times.map(clockNb))}`;
  return '';
}

function daysNb(schedule: Schedule): string {
  return joinNb(schedule.days.map(weekdayNb));
}

/** The "how often" part of a schedule, never empty and always naming the interval. */
export function scheduleNb(schedule: Schedule): string {
  const { frequency, period, periodUnit, days, slots } = schedule;
  const slotText = slotsNb(slots);
  switch (periodUnit) {
    case 'h':
      return frequency === 1 ? everyNthNb(period, 'h') : `${times(frequency)} ${everyNthNb(period, 'h')}`;
    case 'd': {
      if (period === 1) {
        if (slotText) return slotText;
        return frequency === 1 ? 'daglig' : `${times(frequency)} daglig`;
      }
      const every = everyNthNb(period, 'd');
      if (slotText) return `${slotText} ${every}`;
      return frequency === 1 ? every : `${times(frequency)} ${every}`;
    }
    case 'wk': {
      if (days.length === 0) {
        return period === 1
          ? `${times(frequency)} i uken`
          : `${times(frequency)} ${everyNthNb(period, 'wk')}`;
      }
      const perDay = frequency / days.length;
      const dayText = daysNb(schedule);
      if (period === 1) {
        if (slotText) return `hver ${dayText} ${slotText}`;
        return perDay === 1 ? `hver ${dayText}` : `${times(perDay)} hver ${dayText}`;
      }
      // The week itself repeats less often: "mandag morgen annenhver uke".
      const every = everyNthNb(period, 'wk');
      if (slotText) return `${dayText} ${slotText} ${every}`;
      return perDay === 1 ? `${dayText} ${every}` : `${times(perDay)} ${dayText} ${every}`;
    }
    case 'mo':
      return period === 1
        ? `${times(frequency)} i måneden`
        : `${times(frequency)} ${everyNthNb(period, 'mo')}`;
  }
}

function perPeriodNb(value: number, unit: SupportedPeriodUnit): string {
  if (value === 1)
    return unit === 'd' ? 'per døgn' : unit === 'h' ? 'per time' : unit === 'wk' ? 'per uke' : 'per måned';
  return `per ${durationNb(value, unit)}`;
}

function maxNb(max: MaxPerPeriod, doseUnit: string | undefined): string {
  // "maks 6 per døgn" when counting tablets like the dose; measured units are always written ("maks 4 g").
  const sameCount = max.amount.unit === doseUnit && findDoseUnit(doseUnit)?.kind === 'count';
  const amount = sameCount
    ? formatNumberNb(max.amount.value, true)
    : formatDoseAmount(max.amount.value, max.amount.unit);
  return `maks ${amount} ${perPeriodNb(max.per.value, max.per.unit)}`;
}

function asNeededNb(model: DosageModel): string {
  const reason = model.asNeededConcept?.text ?? model.asNeededConcept?.coding?.[0]?.display;
  return reason ? `ved behov (${reason})` : 'ved behov';
}

function elementNb(model: DosageModel): string {
  const parts: string[] = [
    model.dose ? formatDoseAmount(model.dose.value, model.dose.unit) : 'dose ikke angitt',
  ];
  if (model.schedule) parts.push(scheduleNb(model.schedule));
  if (model.asNeeded) {
    parts.push(asNeededNb(model));
    const sentence = parts.join(' ');
    return model.maxPerPeriod ? `${sentence}, ${maxNb(model.maxPerPeriod, model.dose?.unit)}` : sentence;
  }
  return parts.join(' ');
}

function dateNb(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}))?/.exec(value);
  if (!match) return value;
  const date = `${match[3]}.${match[2]}.${match[1]}`;
  return match[4] ? `${date} kl. ${match[5]}.${match[6]}` : date;
}

function periodNb(bounds: Extract<StepBounds, { kind: 'period' }>): string {
  if (bounds.start && bounds.end) return `fra ${dateNb(bounds.start)} til ${dateNb(bounds.end)}`;
  if (bounds.start) return `fra ${dateNb(bounds.start)}`;
  return `til ${dateNb(bounds.end ?? '')}`;
}

function stepBodyNb(step: RegimenStep): string {
  return step.elements.map(elementNb).join(', ');
}

/**
 * Adds a step's bounds. A body of several parts ("1 tablett morgen, 1 tablett ved behov, maks 6 per døgn")
 * gets the bounds in front, so that "i 4 dager" cannot be read as belonging to the last part only.
 */
function boundedNb(step: RegimenStep): { text: string; leading: boolean } {
  const body = stepBodyNb(step);
  const bounds = step.bounds;
  const several =
    step.elements.length > 1 || step.elements.some((element) => element.maxPerPeriod !== undefined);
  if (bounds.kind === 'duration') {
    const duration = `i ${durationNb(bounds.value, bounds.unit)}`;
    return several
      ? { text: `${duration}: ${body}`, leading: true }
      : { text: `${body} ${duration}`, leading: false };
  }
  if (bounds.kind === 'period') {
    const period = periodNb(bounds);
    return several
      ? { text: `${period}: ${body}`, leading: true }
      : { text: `${body} ${period}`, leading: false };
  }
  return { text: body, leading: false };
}

function singleStepNb(step: RegimenStep): string {
  const { text, leading } = boundedNb(step);
  return leading ? capitalise(text) : text;
}

/** First step of a taper: "Dag 1–3: …" for days and weeks, otherwise "Først …". */
function firstStepNb(step: RegimenStep): string {
  const body = stepBodyNb(step);
  const bounds = step.bounds;
  if (
    bounds.kind === 'duration' &&
    (bounds.unit === 'd' || bounds.unit === 'wk') &&
    Number.isInteger(bounds.value)
  ) {
    const label = bounds.unit === 'd' ? 'Dag' : 'Uke';
    const range = bounds.value === 1 ? '1' : `1–${bounds.value}`;
    return `${label} ${range}: ${body}`;
  }
  if (bounds.kind === 'period') return `${capitalise(periodNb(bounds))}: ${body}`;
  return `Først ${boundedNb(step).text}`;
}

function laterStepNb(step: RegimenStep): string {
  if (step.bounds.kind === 'period') return `deretter ${periodNb(step.bounds)}: ${stepBodyNb(step)}`;
  return `deretter ${boundedNb(step).text}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Renders a regimen (the Dosage array of one line) as Norwegian bokmål. Deterministic, never empty.
 */
export function renderDosage(dosages: readonly Dosage[], options: RenderDosageOptions = {}): string {
  // Render the canonical form, so that "1 tablett morgen" + "1 tablett kveld" reads "1 tablett morgen og kveld".
  const { regimen, issues } = readRegimen(normalizeDosages(dosages));
  if (hasErrors(issues)) {
    const onlyEmpty = issues.every((issue) => issue.severity !== 'error' || issue.code === 'dosage-empty');
    if (onlyEmpty && dosages.length === 0) return MISSING_DOSAGE_NB;
    if (options.onInvalid === 'throw') {
      const first = issues.find((issue) => issue.severity === 'error');
      throw new Error(`${first?.message.en ?? 'Invalid dosage'} (${first?.path ?? 'dosage'})`);
    }
    const text = regimen.text?.trim();
    return text ? `${UNCLEAR_DOSAGE_NB}: «${text}»` : UNCLEAR_DOSAGE_NB;
  }
  const structured = regimen.steps.some((step) =>
    step.elements.some((element) => element.dose || element.schedule),
  );
  if (!structured) return regimen.text?.trim() || MISSING_DOSAGE_NB;
  const [first, ...rest] = regimen.steps;
  if (!first) return MISSING_DOSAGE_NB;
  if (rest.length === 0) return singleStepNb(first);
  return [firstStepNb(first), ...rest.map(laterStepNb)].join('; ');
}
