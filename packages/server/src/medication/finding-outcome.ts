import type { Extension, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AKSON_ERROR_SYSTEM, fail, type AksonError } from '@akson/fhir';
import type { PresentedFinding } from './findings.ts';
import { FINDING_URL } from './medication-urls.ts';

/** The finding's machine-readable part: what a client needs to show it and to acknowledge it. */
export function findingExtension(finding: PresentedFinding, entry?: string): Extension {
  return {
    url: FINDING_URL,
    extension: [
      { url: 'key', valueString: finding.key },
      { url: 'kind', valueCode: finding.kind },
      { url: 'severity', valueCode: finding.severity },
      { url: 'requiresAcknowledgement', valueBoolean: finding.requiresAcknowledgement },
      // The other lines involved: the changed line is `this` in the key (a new line has no id yet).
      ...finding.visibleLineIds
        .filter((line) => line !== finding.relativeTo)
        .map((line) => ({ url: 'line', valueString: line })),
      ...(finding.withheld ? [{ url: 'withheld', valueBoolean: true }] : []),
      ...(entry !== undefined ? [{ url: 'entry', valueString: entry }] : []),
    ],
  };
}

/** One finding as an OperationOutcome issue: Norwegian text, English diagnostics, the finding extension. */
export function findingIssue(
  finding: PresentedFinding,
  blocking: boolean,
  where: { expression?: string; entry?: string } = {},
): OperationOutcomeIssue {
  return {
    extension: [findingExtension(finding, where.entry)],
    severity: blocking ? 'error' : 'warning',
    code: 'business-rule',
    details: {
      coding: [{ system: AKSON_ERROR_SYSTEM, code: 'AKS_ERR_MEDICATION_UNACKNOWLEDGED' }],
      text: finding.text.nb,
    },
    diagnostics: finding.text.en,
    expression: [where.expression ?? 'MedicationStatement'],
  };
}

export interface UnacknowledgedChange {
  readonly findings: readonly PresentedFinding[];
  /** Keys acknowledged in the change. */
  readonly covered: ReadonlySet<string>;
  readonly expression?: string;
  readonly entry?: string;
}

/** The serious findings of a change that nobody acknowledged. */
export function unacknowledgedOf(change: UnacknowledgedChange): PresentedFinding[] {
  return change.findings.filter(
    (finding) => finding.requiresAcknowledgement && !change.covered.has(finding.key),
  );
}

/**
 * 422 for changes with serious findings nobody acknowledged: each of those as an error issue, and the other
 * findings of the same changes as warnings, so the client can show everything and retry with acknowledgements.
 */
export function unacknowledgedError(changes: readonly UnacknowledgedChange[]): AksonError {
  const issues: OperationOutcomeIssue[] = [];
  const blocking: PresentedFinding[] = [];
  for (const change of changes) {
    const open = new Set(unacknowledgedOf(change));
    for (const finding of change.findings) {
      if (open.has(finding)) blocking.push(finding);
      issues.push(findingIssue(finding, open.has(finding), change));
    }
  }
  issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return fail(
    'AKS_ERR_MEDICATION_UNACKNOWLEDGED',
    { count: blocking.length, findings: blocking.map((finding) => finding.text.en).join(' | ') },
    { issues },
  );
}
