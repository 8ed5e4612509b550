// The catalogue of dosage problems. Every issue has a stable code, a FHIRPath-like location and a message in
// Norwegian (for clinicians) and English. Errors mean "ambiguous or not understood: do not store or send";
// warnings mean "understood, but a clinician should look".

import type { BilingualText } from '../../text/bilingual-text.ts';

export type DosageIssueSeverity = 'error' | 'warning';

export type DosageIssueCode =
  | 'dosage-empty'
  | 'dose-missing'
  | 'dose-range-unsupported'
  | 'dose-unit-missing'
  | 'dose-unit-unknown'
  | 'dose-not-positive'
  | 'timing-missing'
  | 'frequency-without-period'
  | 'period-without-unit'
  | 'period-unit-unsupported'
  | 'period-not-positive'
  | 'frequency-missing'
  | 'frequency-not-positive-integer'
  | 'day-of-week-needs-weekly-period'
  | 'slots-frequency-mismatch'
  | 'days-frequency-mismatch'
  | 'when-and-time-of-day'
  | 'when-unsupported'
  | 'time-of-day-invalid'
  | 'slot-duplicated'
  | 'slots-not-allowed'
  | 'repeat-element-unsupported'
  | 'dosage-element-unsupported'
  | 'bounds-both'
  | 'bounds-duration-invalid'
  | 'bounds-period-invalid'
  | 'as-needed-without-max'
  | 'as-needed-with-slots'
  | 'max-dose-invalid'
  | 'max-dose-on-fixed-dosage'
  | 'sequence-inconsistent'
  | 'step-bounds-inconsistent'
  | 'step-duration-missing'
  | 'text-only'
  | 'text-not-first'
  | 'text-differs';

export interface DosageIssue {
  readonly severity: DosageIssueSeverity;
  readonly code: DosageIssueCode;
  /** Location in the Dosage array, e.g. "dosage[1].timing.repeat.dayOfWeek". */
  readonly path: string;
  readonly message: BilingualText;
}

export function dosageError(code: DosageIssueCode, path: string, nb: string, en: string): DosageIssue {
  return { severity: 'error', code, path, message: { nb, en } };
}

export function dosageWarning(code: DosageIssueCode, path: string, nb: string, en: string): DosageIssue {
  return { severity: 'warning', code, path, message: { nb, en } };
}

export function hasErrors(issues: readonly DosageIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
