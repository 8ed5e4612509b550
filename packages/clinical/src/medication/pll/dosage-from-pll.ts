// fs:Dosering → FHIR regimen, the way back from dosage-to-pll.ts. Consecutive DoseFastTidspunkt that differ
// only in their time slot become one FHIR element again; the result is normalised to the canonical form.

import type { Dosage } from '@medplum/fhirtypes';
import { bilingual } from '../../text/bilingual-text.ts';
import { normalizeDosages, writeDosageElement } from '../dosage/dosage-normalize.ts';
import { readRegimen } from '../dosage/dosage-regimen.ts';
import type { DosageModel, Schedule, ScheduleSlots, StepBounds } from '../dosage/dosage-model.ts';
import { WEEKDAYS, type Weekday } from '../dosage/timing-vocabulary.ts';
import { intervalUnitFromName, weekdayFromCode, whenForTimeArea } from './pll-codes.ts';
import type { PllDoseEtterBehov, PllDoseFastTidspunkt, PllDosering, PllQuantity } from './pll-line.ts';
import type { PllMappingProblem } from './pll-mapping-error.ts';

function readQuantityUnit(quantity: PllQuantity, path: string, problems: PllMappingProblem[]) {
  const unit = intervalUnitFromName(quantity.u);
  if (!unit) {
    problems.push({
      path,
      message: bilingual(`Ukjent tidsenhet «${quantity.u}».`, `Unknown time unit "${quantity.u}".`),
    });
  }
  return unit;
}

function entryKey(entry: PllDoseFastTidspunkt): string {
  const kind = entry.klokkeslett !== undefined ? 'time' : entry.tidsomrade !== undefined ? 'area' : 'none';
  const days = entry.fastDose?.fasteUkedager.map((day) => day.v).join() ?? '';
  return JSON.stringify([entry.mengde.v, entry.mengde.u, entry.intervall.v, entry.intervall.u, days, kind]);
}

function regularModels(
  entries: readonly PllDoseFastTidspunkt[],
  bounds: StepBounds,
  path: string,
  problems: PllMappingProblem[],
): DosageModel[] {
  const models: DosageModel[] = [];
  let index = 0;
  while (index < entries.length) {
    const first = entries[index] as PllDoseFastTidspunkt;
    const key = entryKey(first);
    const run: PllDoseFastTidspunkt[] = [];
    while (index < entries.length && entryKey(entries[index] as PllDoseFastTidspunkt) === key) {
      run.push(entries[index] as PllDoseFastTidspunkt);
      index++;
    }
    const entryPath = `${path}.doseFastTidspunkt[${index - run.length}]`;
    const periodUnit = readQuantityUnit(first.intervall, `${entryPath}.intervall`, problems);
    const days: Weekday[] = [];
    for (const code of first.fastDose?.fasteUkedager ?? []) {
      const day = weekdayFromCode(code);
      if (day) days.push(day);
      else {
        problems.push({
          path: `${entryPath}.fastDose`,
          message: bilingual(`Ukjent ukedag «${code.v}».`, `Unknown weekday "${code.v}".`),
        });
      }
    }
    let slots: ScheduleSlots = { kind: 'none' };
    if (first.klokkeslett !== undefined) {
      slots = { kind: 'timeOfDay', times: run.map((entry) => entry.klokkeslett ?? '') };
    } else if (first.tidsomrade !== undefined) {
      const codes = run.map((entry) => (entry.tidsomrade ? whenForTimeArea(entry.tidsomrade) : undefined));
      if (codes.some((code) => code === undefined)) {
        problems.push({
          path: `${entryPath}.tidsomrade`,
          message: bilingual('Ukjent tidsområde.', 'Unknown time of day.'),
        });
      }
      slots = { kind: 'when', codes: codes.filter((code): code is string => code !== undefined) };
    }
    if (!periodUnit) continue;
    const perDay =
      slots.kind === 'none' ? run.length : slots.kind === 'when' ? slots.codes.length : slots.times.length;
    const orderedDays = WEEKDAYS.filter((day) => days.includes(day));
    models.push({
      asNeeded: false,
      dose: { value: first.mengde.v, unit: first.mengde.u },
      schedule: {
        frequency: perDay * Math.max(1, orderedDays.length),
        period: first.intervall.v,
        periodUnit,
        days: orderedDays,
        slots,
      },
      bounds,
    });
  }
  return models;
}

function asNeededModel(
  entry: PllDoseEtterBehov,
  bounds: StepBounds,
  path: string,
  problems: PllMappingProblem[],
): DosageModel | undefined {
  const intervalUnit = entry.intervall
    ? readQuantityUnit(entry.intervall, `${path}.intervall`, problems)
    : undefined;
  const schedule: Schedule | undefined =
    entry.intervall && intervalUnit
      ? {
          frequency: entry.antallPerIntervall ?? 1,
          period: entry.intervall.v,
          periodUnit: intervalUnit,
          days: [],
          slots: { kind: 'none' },
        }
      : undefined;
  let maxPerPeriod: DosageModel['maxPerPeriod'];
  if (entry.doseDognMaks) {
    maxPerPeriod = {
      amount: { value: entry.doseDognMaks.v, unit: entry.doseDognMaks.u },
      per: { value: 1, unit: 'd' },
    };
    const redundant =
      entry.tidsrom?.v === 1 &&
      intervalUnitFromName(entry.tidsrom.u) === 'd' &&
      entry.doseTidsromMaks?.v === entry.doseDognMaks.v;
    if (entry.doseTidsromMaks && !redundant) {
      problems.push({
        path: `${path}.doseTidsromMaks`,
        message: bilingual(
          'Både maks per døgn og maks per annet tidsrom er angitt; FHIR Dosage har plass til én maksdose.',
          'Both a daily maximum and a maximum per other period are given; a FHIR Dosage holds one maximum.',
        ),
      });
    }
  } else if (entry.doseTidsromMaks && entry.tidsrom) {
    const unit = readQuantityUnit(entry.tidsrom, `${path}.tidsrom`, problems);
    if (unit) {
      maxPerPeriod = {
        amount: { value: entry.doseTidsromMaks.v, unit: entry.doseTidsromMaks.u },
        per: { value: entry.tidsrom.v, unit },
      };
    }
  }
  return {
    asNeeded: true,
    ...(entry.behovsindikasjon !== undefined ? { asNeededConcept: { text: entry.behovsindikasjon } } : {}),
    dose: { value: entry.mengde.v, unit: entry.mengde.u },
    ...(schedule ? { schedule } : {}),
    bounds,
    ...(maxPerPeriod ? { maxPerPeriod } : {}),
  };
}

function stepBounds(step: PllDosering, path: string, problems: PllMappingProblem[]): StepBounds {
  if (step.varighet) {
    const unit = readQuantityUnit(step.varighet, `${path}.varighet`, problems);
    if (step.starttidspunkt !== undefined || step.sluttidspunkt !== undefined) {
      problems.push({
        path,
        message: bilingual(
          'Et doseringstrinn kan ha varighet eller start/slutt, ikke begge.',
          'A dosage step can have a duration or a start/end, not both.',
        ),
      });
    }
    return unit ? { kind: 'duration', value: step.varighet.v, unit } : { kind: 'none' };
  }
  if (step.starttidspunkt !== undefined || step.sluttidspunkt !== undefined) {
    return {
      kind: 'period',
      ...(step.starttidspunkt !== undefined ? { start: step.starttidspunkt } : {}),
      ...(step.sluttidspunkt !== undefined ? { end: step.sluttidspunkt } : {}),
    };
  }
  return { kind: 'none' };
}

/** PLL dosage fields → FHIR regimen in canonical form. */
export function fromPllDosage(
  dosering: readonly PllDosering[],
  dosVeiledEnkel: string | undefined,
  problems: PllMappingProblem[],
): Dosage[] {
  const multiStep = dosering.length > 1;
  const dosages: Dosage[] = [];
  dosering.forEach((step, stepIndex) => {
    const path = `PllLine.dosering[${stepIndex}]`;
    const bounds = stepBounds(step, path, problems);
    const models = [
      ...regularModels(step.doseFastTidspunkt ?? [], bounds, path, problems),
      ...(step.doseEtterBehov ?? []).flatMap((entry, index) => {
        const model = asNeededModel(entry, bounds, `${path}.doseEtterBehov[${index}]`, problems);
        return model ? [model] : [];
      }),
    ];
    if (models.length === 0) {
      problems.push({
        path,
        message: bilingual('Doseringstrinnet har ingen dose.', 'The dosage step has no dose.'),
      });
    }
    for (const model of models) {
      const text = dosages.length === 0 ? dosVeiledEnkel : undefined;
      dosages.push(writeDosageElement(model, multiStep ? stepIndex + 1 : undefined, text));
    }
  });
  if (dosages.length === 0) return dosVeiledEnkel !== undefined ? [{ text: dosVeiledEnkel }] : [];
  // What comes from outside must meet the same rules as what clinicians enter: weekdays with an interval in
  // days, for instance, are refused rather than guessed to be weekly.
  for (const issue of readRegimen(dosages).issues) {
    if (issue.severity === 'error')
      problems.push({ path: `PllLine.dosering (${issue.path})`, message: issue.message });
  }
  return normalizeDosages(dosages);
}
