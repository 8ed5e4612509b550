import type { Dosage } from '@medplum/fhirtypes';
import { AKSON_ERROR_SYSTEM, fail } from '@akson/fhir';
import {
  normalizeDosages,
  renderDosage,
  validateDosage,
  type DosageIssue,
  type DosageIssueCode,
} from '@akson/clinical';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Warnings that the write path refuses like errors. Free text alone cannot be checked, scheduled or exported
 * without guessing, and free text that says something else than the structure is how "seponert" and "2 mg hver
 * morgen" ended up on one line. The server writes the text itself (see `canonicalDosage`).
 */
const REFUSED_WARNINGS: ReadonlySet<DosageIssueCode> = new Set(['text-only', 'text-differs']);

/** The issues that stop a dosage from being stored. */
export function blockingDosageIssues(issues: readonly DosageIssue[]): DosageIssue[] {
  return issues.filter((issue) => issue.severity === 'error' || REFUSED_WARNINGS.has(issue.code));
}

/** A dosage issue as an OperationOutcome issue, located under `base` ("MedicationStatement"). */
export function dosageIssueToOutcome(
  issue: DosageIssue,
  base: string,
  blocking: boolean,
): OperationOutcomeIssue {
  return {
    severity: blocking ? 'error' : 'warning',
    code: blocking ? 'invalid' : 'informational',
    details: {
      coding: [
        { system: AKSON_ERROR_SYSTEM, code: 'AKS_ERR_MEDICATION_DOSAGE_INVALID' },
        { system: DOSAGE_ISSUE_SYSTEM, code: issue.code },
      ],
      text: issue.message.nb,
    },
    diagnostics: issue.message.en,
    expression: [`${base}.${issue.path}`],
  };
}

/** The codes of clinical's dosage issues (docs/medication.md, "Validation"). */
export const DOSAGE_ISSUE_SYSTEM = 'https://akson.no/fhir/CodeSystem/dosage-issue';

/**
 * The form a dosage is stored in: validated (ambiguity refused with 400 and every issue located), canonical
 * (clinical's normalizeDosages, so that every round trip comes back equal), and with the Norwegian rendering as
 * the regimen text on the first element. A client may send that text too; any other text is refused.
 */
export function canonicalDosage(dosage: readonly Dosage[] | undefined, base: string): Dosage[] {
  const given = dosage ?? [];
  const blocking = blockingDosageIssues(validateDosage(given).issues);
  if (blocking.length > 0) {
    throw fail(
      'AKS_ERR_MEDICATION_DOSAGE_INVALID',
      { count: blocking.length },
      { issues: blocking.map((issue) => dosageIssueToOutcome(issue, base, true)) },
    );
  }
  const normalized = normalizeDosages(given);
  const text = renderDosage(normalized, { onInvalid: 'throw' });
  const [first, ...rest] = normalized.map(({ text: _text, ...element }) => element);
  return first ? [{ text, ...first }, ...rest] : [];
}
