import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export function outcome(issue: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue };
}

export function informationOutcome(text: string): OperationOutcome {
  return outcome([{ severity: 'information', code: 'informational', details: { text } }]);
}

export function warningIssue(text: string, expression?: string[]): OperationOutcomeIssue {
  return {
    severity: 'warning',
    code: 'processing',
    details: { text },
    ...(expression ? { expression } : {}),
  };
}
