// FHIR regimen → fs:Dosering. One PLL step per FHIR `sequence` step; each regular element becomes one
// DoseFastTidspunkt per time slot (or per dose when no time is given), each as-needed element one
// DoseEtterBehov. Works on the canonical form (dosage-normalize.ts), which makes the round trip exact;
// dosage-from-pll.ts is the way back.

import type { Dosage } from '@medplum/fhirtypes';
import { bilingual } from '../../text/bilingual-text.ts';
import { hasErrors } from '../dosage/dosage-issues.ts';
import { normalizeDosages } from '../dosage/dosage-normalize.ts';
import type { DosageModel, Schedule, StepBounds } from '../dosage/dosage-model.ts';
import { readRegimen } from '../dosage/dosage-regimen.ts';
import {
  intervalUnitName,
  timeAreaForWhen,
  USE_AS_NEEDED,
  USE_COURSE,
  USE_REGULAR,
  weekdayCode,
} from './pll-codes.ts';
import type {
  PllCode,
  PllDoseEtterBehov,
  PllDoseFastTidspunkt,
  PllDosering,
  PllQuantity,
} from './pll-line.ts';
import type { PllMappingProblem } from './pll-mapping-error.ts';

export interface PllDosageFields {
  readonly dosering: PllDosering[];
  readonly dosVeiledEnkel?: string;
  readonly bruk?: PllCode;
}

function amount(value: number, unit: string): PllQuantity {
  return { v: value, u: unit };
}

function regularEntries(model: DosageModel, schedule: Schedule): PllDoseFastTidspunkt[] {
  const dose = model.dose;
  if (!dose) return [];
  const base = {
    mengde: amount(dose.value, dose.unit),
    intervall: amount(schedule.period, intervalUnitName(schedule.periodUnit)),
  };
  const fastDose =
    schedule.days.length > 0 ? { fastDose: { fasteUkedager: schedule.days.map(weekdayCode) } } : {};
  const slots = schedule.slots;
  if (slots.kind === 'when') {
    return slots.codes.map((code) => ({
      ...base,
      tidsomrade: timeAreaForWhen(code),
      gisEksakt: false,
      ...fastDose,
    }));
  }
  if (slots.kind === 'timeOfDay') {
    return slots.times.map((time) => ({ ...base, klokkeslett: time, gisEksakt: true, ...fastDose }));
  }
  // No time given: one entry per dose in the period (per dose day for weekday schedules).
  const count = schedule.frequency / Math.max(1, schedule.days.length);
  return Array.from({ length: count }, () => ({ ...base, gisEksakt: false, ...fastDose }));
}

function asNeededEntry(model: DosageModel): PllDoseEtterBehov | undefined {
  const dose = model.dose;
  if (!dose) return undefined;
  const schedule = model.schedule;
  const max = model.maxPerPeriod;
  const perDay = max && max.per.value === 1 && max.per.unit === 'd';
  return {
    mengde: amount(dose.value, dose.unit),
    ...(schedule
      ? {
          intervall: amount(schedule.period, intervalUnitName(schedule.periodUnit)),
          antallPerIntervall: schedule.frequency,
        }
      : {}),
    ...(max && perDay ? { doseDognMaks: amount(max.amount.value, max.amount.unit) } : {}),
    ...(max && !perDay
      ? {
          doseTidsromMaks: amount(max.amount.value, max.amount.unit),
          tidsrom: amount(max.per.value, intervalUnitName(max.per.unit)),
        }
      : {}),
    ...(model.asNeededConcept?.text !== undefined ? { behovsindikasjon: model.asNeededConcept.text } : {}),
  };
}

function boundsFields(bounds: StepBounds): Partial<PllDosering> {
  if (bounds.kind === 'duration') return { varighet: amount(bounds.value, intervalUnitName(bounds.unit)) };
  if (bounds.kind === 'period') {
    return {
      ...(bounds.start !== undefined ? { starttidspunkt: bounds.start } : {}),
      ...(bounds.end !== undefined ? { sluttidspunkt: bounds.end } : {}),
    };
  }
  return {};
}

/** FHIR regimen → PLL dosage fields. Problems are reported, not thrown, so the caller can list them all. */
export function toPllDosage(dosages: readonly Dosage[], problems: PllMappingProblem[]): PllDosageFields {
  if (dosages.length === 0) return { dosering: [] };
  const canonical = normalizeDosages(dosages);
  const { regimen, issues } = readRegimen(canonical);
  for (const issue of issues) {
    if (issue.severity === 'error' || issue.code === 'text-not-first') {
      problems.push({ path: `MedicationStatement.${issue.path}`, message: issue.message });
    }
  }
  if (hasErrors(issues)) return { dosering: [] };
  const text = regimen.text !== undefined ? { dosVeiledEnkel: regimen.text } : {};
  // Free text only (no structured dose): PLL carries it as DosVeiledEnkel without fs:Dosering.
  if (!regimen.steps.some((step) => step.elements.some((element) => element.dose)))
    return { dosering: [], ...text };
  regimen.steps.forEach((step, stepIndex) =>
    step.elements.forEach((element, elementIndex) => {
      const coded = element.asNeededConcept?.coding?.length ?? 0;
      if (coded > 0 || (element.asNeededConcept && element.asNeededConcept.text === undefined)) {
        problems.push({
          path: `MedicationStatement.dosage(step ${stepIndex + 1}, element ${elementIndex + 1}).asNeededCodeableConcept`,
          message: bilingual(
            'Behovsindikasjon kan bare overføres som tekst til PLL.',
            'The as-needed reason can only be carried as text in PLL.',
          ),
        });
      }
    }),
  );

  const dosering: PllDosering[] = regimen.steps.map((step) => {
    const regular = step.elements.flatMap((element) =>
      !element.asNeeded && element.schedule ? regularEntries(element, element.schedule) : [],
    );
    const asNeeded = step.elements.flatMap((element) => {
      const entry = element.asNeeded ? asNeededEntry(element) : undefined;
      return entry ? [entry] : [];
    });
    return {
      ...boundsFields(step.bounds),
      ...(regular.length > 0 ? { doseFastTidspunkt: regular } : {}),
      ...(asNeeded.length > 0 ? { doseEtterBehov: asNeeded } : {}),
    };
  });
  const elements = regimen.steps.flatMap((step) => step.elements);
  const bruk = elements.every((element) => element.asNeeded)
    ? USE_AS_NEEDED
    : regimen.steps.some((step) => step.bounds.kind !== 'none')
      ? USE_COURSE
      : USE_REGULAR;
  return { dosering, ...text, bruk };
}
