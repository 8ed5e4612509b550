// A regimen is the whole Dosage array of one medication line: steps in order (tapering uses `sequence`), and
// within a step the elements that apply at the same time ("1 tablett morgen, 2 tabletter kveld").

import type { Dosage } from '@medplum/fhirtypes';
import { dosageError, dosageWarning, type DosageIssue } from './dosage-issues.ts';
import type { DosageModel, ScheduleSlots, StepBounds } from './dosage-model.ts';
import { readDosageElement } from './dosage-reading.ts';
import { minuteOfTime, findEventTiming, type Weekday } from './timing-vocabulary.ts';

export interface RegimenStep {
  readonly bounds: StepBounds;
  readonly elements: readonly DosageModel[];
}

export interface Regimen {
  readonly steps: readonly RegimenStep[];
  /** Free text given on the first element: a rendering of the whole regimen, in Akson's model. */
  readonly text?: string;
}

export function boundsEqual(a: StepBounds, b: StepBounds): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'duration' && b.kind === 'duration') return a.value === b.value && a.unit === b.unit;
  if (a.kind === 'period' && b.kind === 'period') return a.start === b.start && a.end === b.end;
  return true;
}

/** The clock minutes a slot list covers; `when` codes use their approximate time. */
export function slotMinutes(slots: ScheduleSlots): number[] {
  if (slots.kind === 'when') return slots.codes.map((code) => findEventTiming(code)?.minute ?? 0);
  if (slots.kind === 'timeOfDay') return slots.times.map((time) => minuteOfTime(time) ?? 0);
  return [];
}

function slotKeys(slots: ScheduleSlots): string[] {
  if (slots.kind === 'when') return slots.codes.map((code) => `when:${code}`);
  if (slots.kind === 'timeOfDay') return slots.times.map((time) => `time:${minuteOfTime(time) ?? time}`);
  return [];
}

function daysOverlap(a: readonly Weekday[], b: readonly Weekday[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === 0 && b.length === 0;
  return a.some((day) => b.includes(day));
}

/** Two regular elements of one step that give a dose at the same slot on the same day would be read as one. */
function findSlotCollisions(step: readonly DosageModel[], stepIndex: number, issues: DosageIssue[]): void {
  for (let i = 0; i < step.length; i++) {
    for (let j = i + 1; j < step.length; j++) {
      const a = step[i]?.schedule;
      const b = step[j]?.schedule;
      if (!a || !b || a.periodUnit !== b.periodUnit || a.period !== b.period) continue;
      if (!daysOverlap(a.days, b.days)) continue;
      const shared = slotKeys(a.slots).filter((key) => slotKeys(b.slots).includes(key));
      if (shared.length > 0) {
        issues.push(
          dosageError(
            'slot-duplicated',
            `step[${stepIndex}]`,
            'To doseringer i samme periode gir dose på samme tidspunkt; slå dem sammen til én dose.',
            'Two dosages in the same period give a dose at the same time; combine them into one dose.',
          ),
        );
      }
    }
  }
}

/** Groups elements into steps and checks the rules that span elements. */
export function readRegimen(dosages: readonly Dosage[]): { regimen: Regimen; issues: DosageIssue[] } {
  const issues: DosageIssue[] = [];
  if (dosages.length === 0) {
    issues.push(dosageError('dosage-empty', 'dosage', 'Doseringen mangler.', 'The dosage is missing.'));
    return { regimen: { steps: [] }, issues };
  }
  const models = dosages.map((dosage, index) => {
    const read = readDosageElement(dosage, `dosage[${index}]`);
    issues.push(...read.issues);
    return read.model;
  });

  const withSequence = models.filter((model) => model.sequence !== undefined).length;
  let stepOf: number[];
  if (withSequence === 0) {
    stepOf = models.map(() => 0);
  } else {
    const sequences = models.map((model) => model.sequence ?? 0);
    const distinct = [...new Set(sequences)].sort((a, b) => a - b);
    const ordered = sequences.every((value, index) => index === 0 || value >= (sequences[index - 1] ?? 0));
    const contiguous = distinct.every((value, index) => value === index + 1);
    if (withSequence !== models.length || !ordered || !contiguous) {
      issues.push(
        dosageError(
          'sequence-inconsistent',
          'dosage.sequence',
          'Rekkefølgen (sequence) må være angitt på alle doseringselementer, starte på 1, være uten hull og stå i stigende orden.',
          'The sequence must be given on every dosage element, start at 1, have no gaps and be in ascending order.',
        ),
      );
    }
    stepOf = sequences.map((value) => Math.max(0, distinct.indexOf(value)));
  }

  const stepCount = Math.max(...stepOf) + 1;
  const steps: RegimenStep[] = [];
  for (let step = 0; step < stepCount; step++) {
    const elements = models.filter((_, index) => stepOf[index] === step);
    const bounds = elements[0]?.bounds ?? { kind: 'none' as const };
    if (elements.some((element) => !boundsEqual(element.bounds, bounds))) {
      issues.push(
        dosageError(
          'step-bounds-inconsistent',
          `step[${step}]`,
          'Doseringer som gjelder samtidig har ulik varighet eller periode.',
          'Dosages that apply at the same time have different durations or periods.',
        ),
      );
    }
    if (step < stepCount - 1 && bounds.kind === 'none') {
      issues.push(
        dosageError(
          'step-duration-missing',
          `step[${step}]`,
          `Trinn ${step + 1} i nedtrappingen mangler varighet, så det er uklart når neste trinn begynner.`,
          `Step ${step + 1} of the schedule has no duration, so it is unclear when the next step begins.`,
        ),
      );
    }
    findSlotCollisions(elements, step, issues);
    steps.push({ bounds, elements });
  }

  models.forEach((model, index) => {
    if (index > 0 && model.text !== undefined) {
      issues.push(
        dosageWarning(
          'text-not-first',
          `dosage[${index}].text`,
          'Doseringstekst bør bare stå på første element og beskrive hele doseringen.',
          'Dosage text should be on the first element only and describe the whole regimen.',
        ),
      );
    }
  });
  const text = models[0]?.text;
  return { regimen: { steps, ...(text !== undefined ? { text } : {}) }, issues };
}
