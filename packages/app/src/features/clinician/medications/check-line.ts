import type {
  MedicationStatement,
  OperationOutcome,
  OperationOutcomeIssue,
  Parameters,
} from '@medplum/fhirtypes';
import { AKSON_ERROR_SYSTEM, ApiError } from '../../../api/api-error.ts';
import { NORWEGIAN_MESSAGES } from '../../../api/error-messages.ts';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { parameter, parameterGroups } from '../../../api/parameters.ts';
import { findingsFromParameters, type Finding } from './medication-findings.ts';

export interface LineCheck {
  readonly findings: Finding[];
  /** What could not be checked ("not assessed" is never "no interaction"), in Norwegian. */
  readonly notAssessed: string[];
  /** Problems the write would refuse (unclear dosage, a line PLL cannot carry). */
  readonly problems: string[];
  readonly dosageText: string | undefined;
  /** False when the server has no `$check`: the check then runs when saving. */
  readonly checked: boolean;
}

/**
 * A problem in Norwegian: dosage issues come with their own Norwegian text (what is unclear, where); any other
 * refusal is said by its error code, not by the server's English text.
 */
function problemText(issue: OperationOutcomeIssue): string {
  const code = issue.details?.coding?.find((c) => c.system === AKSON_ERROR_SYSTEM)?.code;
  const norwegian =
    code && code !== 'AKS_ERR_MEDICATION_DOSAGE_INVALID' ? NORWEGIAN_MESSAGES[code] : undefined;
  return norwegian ?? issue.details?.text ?? issue.diagnostics ?? '';
}

/**
 * Runs the server's medication check on a proposed line before it is saved (`POST MedicationStatement/$check`,
 * docs/medication.md §9.3): the same check the write path runs, against the patient's whole list and allergies,
 * and nothing is written.
 */
export async function checkLine(client: FhirClient, statement: MedicationStatement): Promise<LineCheck> {
  let answer: Parameters;
  try {
    answer = await client.operation<Parameters>('MedicationStatement/$check', {
      method: 'POST',
      body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: statement }] },
    });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'AKS_ERR_OPERATION_UNKNOWN')
      return { findings: [], notAssessed: [], problems: [], dosageText: undefined, checked: false };
    throw err;
  }
  const outcome = answer.parameter?.find((p) => p.name === 'outcome')?.resource as
    OperationOutcome | undefined;
  const notAssessed = parameterGroups(answer, 'notAssessed').map((n) => String(n['text'] ?? ''));
  if (parameter(answer, 'interactionsComplete') === false && notAssessed.length === 0)
    notAssessed.push('Ikke alle legemidlene på listen kunne kontrolleres for interaksjoner.');
  return {
    findings: findingsFromParameters(answer),
    notAssessed,
    problems: (outcome?.issue ?? [])
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map(problemText),
    dosageText: parameter(answer, 'dosageText') as string | undefined,
    checked: true,
  };
}
