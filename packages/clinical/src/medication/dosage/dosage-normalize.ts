// The canonical form of a regimen, and structural equality built on it.
//
// Canonical means: every element has explicit frequency/period/periodUnit; weekdays, `when` and `timeOfDay` are
// sorted and unique; units are spelled the Akson way (see dose-units.ts); elements of a step that could be one
// element are merged ("1 tablett morgen" + "1 tablett kveld" → "1 tablett morgen og kveld"), then ordered
// through the day; `sequence` is present only when there is more than one step; the regimen text stays on the
// first element. Two regimens that mean the same thing have the same canonical form, which is what the PLL
// mapping and `dosageEquals` rely on.

import type { Dosage, Quantity, TimingRepeat } from '@medplum/fhirtypes';
import { UCUM_SYSTEM } from '../code-systems.ts';
import { canonicalDoseQuantity } from './dose-units.ts';
import { hasErrors } from './dosage-issues.ts';
import type { DosageModel, Schedule, ScheduleSlots, StepBounds } from './dosage-model.ts';
import { readRegimen, slotMinutes, type RegimenStep } from './dosage-regimen.ts';
import { minuteOfTime, WEEKDAYS, findEventTiming, type SupportedPeriodUnit } from './timing-vocabulary.ts';

function timeQuantity(value: number, unit: SupportedPeriodUnit): Quantity {
  return { value, unit, system: UCUM_SYSTEM, code: unit };
}

/** "8:00" and "08:00" become "08:00:00", the FHIR `time` form. */
function canonicalTime(time: string): string {
  const [hours = '0', minutes = '0', seconds = '00'] = time.split(':');
  return `${hours.padStart(2, '0')}:${minutes.padStart(2, '0')}:${seconds.padStart(2, '0')}`;
}

function sortedSlots(slots: ScheduleSlots): ScheduleSlots {
  if (slots.kind === 'when') {
    const codes = [...slots.codes].sort(
      (a, b) => (findEventTiming(a)?.minute ?? 0) - (findEventTiming(b)?.minute ?? 0),
    );
    return { kind: 'when', codes };
  }
  if (slots.kind === 'timeOfDay') {
    const times = slots.times
      .map(canonicalTime)
      .sort((a, b) => (minuteOfTime(a) ?? 0) - (minuteOfTime(b) ?? 0));
    return { kind: 'timeOfDay', times };
  }
  return slots;
}

function writeRepeat(schedule: Schedule | undefined, bounds: StepBounds): TimingRepeat | undefined {
  const repeat: TimingRepeat = {};
  if (bounds.kind === 'duration') repeat.boundsDuration = timeQuantity(bounds.value, bounds.unit);
  if (bounds.kind === 'period') {
    repeat.boundsPeriod = {
      ...(bounds.start !== undefined ? { start: bounds.start } : {}),
      ...(bounds.end !== undefined ? { end: bounds.end } : {}),
    };
  }
  if (schedule) {
    repeat.frequency = schedule.frequency;
    repeat.period = schedule.period;
    repeat.periodUnit = schedule.periodUnit;
    if (schedule.days.length > 0) repeat.dayOfWeek = [...schedule.days];
    const slots = sortedSlots(schedule.slots);
    if (slots.kind === 'when') repeat.when = [...slots.codes] as TimingRepeat['when'];
    if (slots.kind === 'timeOfDay') repeat.timeOfDay = [...slots.times];
  }
  return Object.keys(repeat).length > 0 ? repeat : undefined;
}

/** Writes one canonical Dosage element from the model. */
export function writeDosageElement(model: DosageModel, sequence?: number, text?: string): Dosage {
  const dosage: Dosage = {};
  if (sequence !== undefined) dosage.sequence = sequence;
  if (text !== undefined) dosage.text = text;
  const repeat = writeRepeat(model.schedule, model.bounds);
  if (repeat) dosage.timing = { repeat };
  if (model.asNeededConcept) dosage.asNeededCodeableConcept = structuredClone(model.asNeededConcept);
  else if (model.asNeeded) dosage.asNeededBoolean = true;
  if (model.dose)
    dosage.doseAndRate = [{ doseQuantity: canonicalDoseQuantity(model.dose.value, model.dose.unit) }];
  if (model.maxPerPeriod) {
    dosage.maxDosePerPeriod = {
      numerator: canonicalDoseQuantity(model.maxPerPeriod.amount.value, model.maxPerPeriod.amount.unit),
      denominator: timeQuantity(model.maxPerPeriod.per.value, model.maxPerPeriod.per.unit),
    };
  }
  return dosage;
}

function slotCount(slots: ScheduleSlots): number {
  return slots.kind === 'when' ? slots.codes.length : slots.kind === 'timeOfDay' ? slots.times.length : 0;
}

function sameSlotList(a: ScheduleSlots, b: ScheduleSlots): boolean {
  return JSON.stringify(sortedSlots(a)) === JSON.stringify(sortedSlots(b));
}

/** Merges two regular elements of one step when a single element says the same; undefined when it cannot. */
function mergeElements(a: DosageModel, b: DosageModel): DosageModel | undefined {
  const sa = a.schedule;
  const sb = b.schedule;
  if (!sa || !sb || a.asNeeded || b.asNeeded || !a.dose || !b.dose) return undefined;
  if (a.dose.value !== b.dose.value || a.dose.unit !== b.dose.unit) return undefined;
  if (sa.periodUnit !== sb.periodUnit || sa.period !== sb.period) return undefined;
  const sameDays = sa.days.join() === sb.days.join();
  const merged = (schedule: Schedule): DosageModel => ({ ...a, schedule });

  if (sameDays && sa.slots.kind !== 'none' && sa.slots.kind === sb.slots.kind) {
    // Different times of the same days: one element listing all the times.
    const slots: ScheduleSlots =
      sa.slots.kind === 'when' && sb.slots.kind === 'when'
        ? { kind: 'when', codes: [...sa.slots.codes, ...sb.slots.codes] }
        : {
            kind: 'timeOfDay',
            times: [
              ...(sa.slots.kind === 'timeOfDay' ? sa.slots.times : []),
              ...(sb.slots.kind === 'timeOfDay' ? sb.slots.times : []),
            ],
          };
    const frequency = slotCount(slots) * Math.max(1, sa.days.length);
    return merged({ ...sa, slots: sortedSlots(slots), frequency });
  }
  if (sameDays && sa.slots.kind === 'none' && sb.slots.kind === 'none') {
    return merged({ ...sa, frequency: sa.frequency + sb.frequency });
  }
  if (
    !sameDays &&
    sa.days.length > 0 &&
    sb.days.length > 0 &&
    !sa.days.some((day) => sb.days.includes(day))
  ) {
    // Same times on other weekdays: one element listing all the days.
    const perDayA = sa.frequency / sa.days.length;
    const perDayB = sb.frequency / sb.days.length;
    if (!sameSlotList(sa.slots, sb.slots) || perDayA !== perDayB) return undefined;
    const days = WEEKDAYS.filter((day) => sa.days.includes(day) || sb.days.includes(day));
    return merged({ ...sa, days, frequency: perDayA * days.length });
  }
  return undefined;
}

/** A total order on elements of a step: regular before as-needed, then through the day and week. */
function elementOrder(model: DosageModel): (number | string)[] {
  const schedule = model.schedule;
  const firstMinute = schedule ? (slotMinutes(schedule.slots)[0] ?? 10_000) : 10_000;
  const firstDay = schedule?.days[0] ? WEEKDAYS.indexOf(schedule.days[0]) : -1;
  return [model.asNeeded ? 1 : 0, firstMinute, firstDay, model.dose?.value ?? 0, JSON.stringify(model)];
}

function compareOrder(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function canonicalStep(step: RegimenStep): DosageModel[] {
  const elements = step.elements.map((element) =>
    element.schedule
      ? { ...element, schedule: { ...element.schedule, slots: sortedSlots(element.schedule.slots) } }
      : element,
  );
  elements.sort((a, b) => compareOrder(elementOrder(a), elementOrder(b)));
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < elements.length; i++) {
      for (let j = i + 1; j < elements.length; j++) {
        const a = elements[i];
        const b = elements[j];
        const merged = a && b ? mergeElements(a, b) : undefined;
        if (merged) {
          elements.splice(j, 1);
          elements[i] = merged;
          changed = true;
          break outer;
        }
      }
    }
  }
  return elements.sort((a, b) => compareOrder(elementOrder(a), elementOrder(b)));
}

/**
 * Returns the canonical form of a valid regimen. A regimen with errors is returned as an unchanged deep copy:
 * normalising something we do not fully understand could lose exactly the part we did not understand.
 */
export function normalizeDosages(dosages: readonly Dosage[]): Dosage[] {
  const { regimen, issues } = readRegimen(dosages);
  if (hasErrors(issues)) return structuredClone([...dosages]);
  const multiStep = regimen.steps.length > 1;
  const textOnFirstOnly = dosages.every((dosage, index) => index === 0 || dosage.text === undefined);
  const result: Dosage[] = [];
  regimen.steps.forEach((step, stepIndex) => {
    for (const model of canonicalStep(step)) {
      // Regimen text belongs to the first element; texts scattered over elements stay where they were.
      const text = textOnFirstOnly ? (result.length === 0 ? regimen.text : undefined) : model.text;
      result.push(writeDosageElement(model, multiStep ? stepIndex + 1 : undefined, text));
    }
  });
  return result;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Structural equality: true when two dosages (single elements or whole regimens) mean the same schedule.
 * Compares canonical forms and ignores `text`, which is a rendering of the structure and not the structure.
 */
export function dosageEquals(a: Dosage | readonly Dosage[], b: Dosage | readonly Dosage[]): boolean {
  const strip = (dosages: Dosage[]): Dosage[] => dosages.map(({ text: _text, ...rest }) => rest);
  const left = strip(normalizeDosages(Array.isArray(a) ? a : [a as Dosage]));
  const right = strip(normalizeDosages(Array.isArray(b) ? b : [b as Dosage]));
  return stableStringify(left) === stableStringify(right);
}
