// Reads one FHIR Dosage element into Akson's dosage model, collecting every problem on the way.
// This is the single place where the structural rules live: validation reports the issues, normalisation and
// rendering use the model, and the PLL mapping builds on the normalised form. Anything the reader does not
// understand is an error, never silently skipped: a dropped `dayOfWeek` is how weekly doses became daily.

import type { Dosage } from '@medplum/fhirtypes';
import { readDose, unexpectedKeys } from './dose-amount-reading.ts';
import { dosageError, dosageWarning, type DosageIssue } from './dosage-issues.ts';
import type { DosageModel } from './dosage-model.ts';
import { readSchedule } from './schedule-reading.ts';
import { readBounds, readMax } from './step-bounds-reading.ts';

const DOSAGE_KEYS = new Set([
  'id',
  'sequence',
  'text',
  'timing',
  'asNeededBoolean',
  'asNeededCodeableConcept',
  'doseAndRate',
  'maxDosePerPeriod',
]);
const TIMING_KEYS = new Set(['id', 'repeat']);
const REPEAT_KEYS = new Set([
  'id',
  'boundsDuration',
  'boundsPeriod',
  'frequency',
  'period',
  'periodUnit',
  'dayOfWeek',
  'when',
  'timeOfDay',
]);
/** Reads one Dosage element; `path` is its location for messages, e.g. "dosage[2]". */
export function readDosageElement(
  dosage: Dosage,
  path: string,
): { model: DosageModel; issues: DosageIssue[] } {
  const issues: DosageIssue[] = [];
  for (const key of unexpectedKeys(dosage, DOSAGE_KEYS)) {
    issues.push(
      dosageError(
        'dosage-element-unsupported',
        `${path}.${key}`,
        `Elementet «${key}» støttes ikke og ville gått tapt; ordinasjonen må registreres uten det eller som fritekst.`,
        `The element "${key}" is not supported and would be lost; record the order without it or as free text.`,
      ),
    );
  }
  const timing = dosage.timing;
  if (timing) {
    for (const key of unexpectedKeys(timing, TIMING_KEYS)) {
      issues.push(
        dosageError(
          'repeat-element-unsupported',
          `${path}.timing.${key}`,
          `Timing-elementet «${key}» støttes ikke; bruk timing.repeat.`,
          `The timing element "${key}" is not supported; use timing.repeat.`,
        ),
      );
    }
  }
  const repeat = timing?.repeat;
  if (repeat) {
    for (const key of unexpectedKeys(repeat, REPEAT_KEYS)) {
      issues.push(
        dosageError(
          'repeat-element-unsupported',
          `${path}.timing.repeat.${key}`,
          `Elementet «${key}» i timing.repeat støttes ikke og ville gått tapt.`,
          `The element "${key}" in timing.repeat is not supported and would be lost.`,
        ),
      );
    }
  }

  const asNeeded = dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined;
  const structured = dosage.doseAndRate !== undefined || timing !== undefined || asNeeded;
  if (!structured) {
    if (dosage.text?.trim()) {
      issues.push(
        dosageWarning(
          'text-only',
          path,
          'Doseringen finnes bare som fritekst og kan ikke kontrolleres.',
          'The dosage exists only as free text and cannot be checked.',
        ),
      );
    } else {
      issues.push(dosageError('dosage-empty', path, 'Doseringen er tom.', 'The dosage is empty.'));
    }
    return {
      model: {
        asNeeded: false,
        bounds: { kind: 'none' },
        ...optionalText(dosage),
        ...optionalSequence(dosage),
      },
      issues,
    };
  }

  const dose = readDose(dosage, path, issues);
  const schedule = repeat ? readSchedule(repeat, path, asNeeded, issues) : undefined;
  if (!repeat && !asNeeded) {
    issues.push(
      dosageError(
        'timing-missing',
        `${path}.timing`,
        'Fast dosering mangler hyppighet (hvor ofte dosen skal gis).',
        'A regular dosage has no frequency (how often the dose is given).',
      ),
    );
  }
  const bounds = readBounds(repeat, path, issues);
  const maxPerPeriod = readMax(dosage, path, asNeeded, issues);
  if (asNeeded && !maxPerPeriod) {
    issues.push(
      dosageWarning(
        'as-needed-without-max',
        path,
        'Ved behov-dosering uten maksimal dose per døgn; vurder å angi maks.',
        'As-needed dosage without a maximum per day; consider giving one.',
      ),
    );
  }
  return {
    model: {
      asNeeded,
      ...(dosage.asNeededCodeableConcept ? { asNeededConcept: dosage.asNeededCodeableConcept } : {}),
      ...(dose ? { dose } : {}),
      ...(schedule ? { schedule } : {}),
      bounds,
      ...(maxPerPeriod ? { maxPerPeriod } : {}),
      ...optionalText(dosage),
      ...optionalSequence(dosage),
    },
    issues,
  };
}

function optionalText(dosage: Dosage): { text?: string } {
  return dosage.text !== undefined ? { text: dosage.text } : {};
}

function optionalSequence(dosage: Dosage): { sequence?: number } {
  return dosage.sequence !== undefined ? { sequence: dosage.sequence } : {};
}
