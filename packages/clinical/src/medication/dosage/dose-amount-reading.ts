// Reads the dose (doseAndRate[0].doseQuantity) and other amounts of a Dosage, with their units.

import type { Dosage, Quantity } from '@medplum/fhirtypes';
import { findDoseUnit } from './dose-units.ts';
import { dosageError, dosageWarning, type DosageIssue } from './dosage-issues.ts';
import type { DoseAmount } from './dosage-model.ts';

export function unexpectedKeys(value: object, allowed: Set<string>): string[] {
  return Object.keys(value).filter((key) => !allowed.has(key));
}

export function readDose(dosage: Dosage, path: string, issues: DosageIssue[]): DoseAmount | undefined {
  const entries = dosage.doseAndRate ?? [];
  if (entries.length === 0) {
    issues.push(dosageError('dose-missing', `${path}.doseAndRate`, 'Dosen mangler.', 'The dose is missing.'));
    return undefined;
  }
  if (entries.length > 1) {
    issues.push(
      dosageError(
        'dosage-element-unsupported',
        `${path}.doseAndRate`,
        'Flere doser i samme doseringselement støttes ikke; bruk ett element per dose.',
        'Several doses in one dosage element are not supported; use one element per dose.',
      ),
    );
  }
  const entry = entries[0] ?? {};
  for (const key of unexpectedKeys(entry, new Set(['id', 'doseQuantity', 'doseRange']))) {
    issues.push(
      dosageError(
        'dosage-element-unsupported',
        `${path}.doseAndRate[0].${key}`,
        `Elementet «${key}» støttes ikke i dosering.`,
        `The element "${key}" is not supported in a dosage.`,
      ),
    );
  }
  if (entry.doseRange) {
    issues.push(
      dosageError(
        'dose-range-unsupported',
        `${path}.doseAndRate[0].doseRange`,
        'Doseintervall (f.eks. 1–2 tabletter) kan ikke overføres strukturert; angi én dose, eventuelt ved behov med maksdose.',
        'A dose range (e.g. 1–2 tablets) cannot be carried structurally; give one dose, if needed as-needed with a maximum.',
      ),
    );
    return undefined;
  }
  const quantity = entry.doseQuantity;
  if (!quantity || quantity.value === undefined) {
    issues.push(
      dosageError('dose-missing', `${path}.doseAndRate[0]`, 'Dosen mangler.', 'The dose is missing.'),
    );
    return undefined;
  }
  return readAmount(quantity, `${path}.doseAndRate[0].doseQuantity`, issues);
}

export function readAmount(quantity: Quantity, path: string, issues: DosageIssue[]): DoseAmount | undefined {
  const value = quantity.value;
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    issues.push(
      dosageError(
        'dose-not-positive',
        path,
        'Mengden må være større enn null.',
        'The amount must be greater than zero.',
      ),
    );
    return undefined;
  }
  if (quantity.comparator) {
    issues.push(
      dosageError(
        'dosage-element-unsupported',
        `${path}.comparator`,
        'Mengde med sammenligning (<, >) er tvetydig i en dosering.',
        'An amount with a comparator (<, >) is ambiguous in a dosage.',
      ),
    );
  }
  const spelling = quantity.unit?.trim() || quantity.code?.trim();
  if (!spelling) {
    issues.push(
      dosageError(
        'dose-unit-missing',
        path,
        `Mengden ${value} mangler enhet (tablett, mg, ml …).`,
        `The amount ${value} has no unit (tablet, mg, ml …).`,
      ),
    );
    return undefined;
  }
  const unit = findDoseUnit(quantity.unit) ?? findDoseUnit(quantity.code);
  if (!unit) {
    issues.push(
      dosageWarning(
        'dose-unit-unknown',
        path,
        `Enheten «${spelling}» er ukjent for Akson; teksten vises som den er skrevet.`,
        `The unit "${spelling}" is unknown to Akson; it is shown as written.`,
      ),
    );
    return { value, unit: spelling };
  }
  return { value, unit: unit.singular };
}
