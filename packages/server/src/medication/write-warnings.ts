import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Queryable } from '@akson/store';
import { findingIssue } from './finding-outcome.ts';
import type { CheckOutcome } from './findings.ts';

/**
 * What a saved change of a line found without being stopped by it: moderate and low findings, acknowledged
 * serious ones, and what could not be assessed ("not assessed" is never "no finding"). The statement rule adds
 * them to the write's own outcome (Prefer: return=OperationOutcome, a Bundle entry's response.outcome) and
 * records them for the write's transaction; an operation that writes lines (import, reconciliation) collects
 * them for its answer, so a successful write is not silent about them.
 */
interface LineWarnings {
  readonly lineId: string;
  readonly check: CheckOutcome;
  readonly covered: ReadonlySet<string>;
}

const collectors = new WeakMap<Queryable, LineWarnings[]>();

/** Where a line's warnings are reported: an operation's entry (an import's line id, a reconciliation's `in-0`). */
export interface WarningWhere {
  readonly entry?: string;
  readonly expression: string;
}

export type WarningPlace = (lineId: string) => WarningWhere;

/** Starts collecting the warnings of the line writes made in `tx`. */
export function collectWriteWarnings(tx: Queryable): {
  outcome(place: WarningPlace): OperationOutcome | undefined;
} {
  const lines: LineWarnings[] = [];
  collectors.set(tx, lines);
  return {
    outcome(place) {
      const issues = lines.flatMap((line) => lineWarningIssues(line.check, line.covered, place(line.lineId)));
      return issues.length > 0 ? { resourceType: 'OperationOutcome', issue: issues } : undefined;
    },
  };
}

/** Called by the statement rule for every line it checked and let through (`covered`: acknowledged keys). */
export function recordWriteWarnings(
  tx: Queryable,
  lineId: string,
  check: CheckOutcome,
  covered: ReadonlySet<string>,
): void {
  collectors.get(tx)?.push({ lineId, check, covered });
}

/** The issues for what a saved line's check found: findings as warnings (acknowledged ones as information). */
export function lineWarningIssues(
  check: CheckOutcome,
  covered: ReadonlySet<string>,
  where: WarningWhere,
): OperationOutcomeIssue[] {
  const findings = check.findings.map((finding) => {
    const issue = findingIssue(finding, false, where);
    // An acknowledged serious finding is saved with its acknowledgement: said so, as information.
    return finding.requiresAcknowledgement && covered.has(finding.key)
      ? { ...issue, severity: 'information' as const }
      : issue;
  });
  const notAssessed = check.notAssessed.map((text): OperationOutcomeIssue => ({
    severity: 'warning',
    code: 'incomplete',
    details: { text: `Ikke vurdert: ${text.nb}` },
    diagnostics: `Not assessed: ${text.en}`,
    expression: [where.expression],
  }));
  return [...findings, ...notAssessed];
}
