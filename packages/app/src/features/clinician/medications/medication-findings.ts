import type {
  Extension,
  MedicationStatement,
  OperationOutcome,
  OperationOutcomeIssue,
} from '@medplum/fhirtypes';
import { parameterGroups } from '../../../api/parameters.ts';

export const ACKNOWLEDGEMENT_URL = 'https://akson.no/fhir/StructureDefinition/check-acknowledgement';
export const FINDING_URL = 'https://akson.no/fhir/StructureDefinition/medication-finding';

export type FindingKind = 'interaction' | 'allergy' | 'duplicate' | 'max-dose' | string;

/** One finding of the medication check (docs/medication.md §6, §9.2), as the server presents it to the caller. */
export interface Finding {
  /** What an acknowledgement names. */
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: 'high' | 'moderate' | 'low' | string;
  readonly requiresAcknowledgement: boolean;
  /** Norwegian text. */
  readonly text: string;
  /** FEST's handling advice, for interactions the caller may see in full. */
  readonly handling: string | undefined;
  /** Involves something the caller may not see (said without naming it). */
  readonly withheld: boolean;
  /** Already acknowledged (whole-list review): by whom, when and why. */
  readonly acknowledgement: { reason: string; by: string | undefined; at: string | undefined } | undefined;
}

export const KIND_TEXT: Record<string, string> = {
  interaction: 'Interaksjon',
  allergy: 'Allergi',
  duplicate: 'Dobbeltforskrivning',
  'max-dose': 'Maksimal dose',
};

export const SEVERITY_TEXT: Record<string, string> = {
  high: 'Alvorlig',
  moderate: 'Moderat',
  low: 'Lav',
};

const ORDER: Record<string, number> = { high: 0, moderate: 1, low: 2 };

function bySeverity(a: Finding, b: Finding): number {
  return (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3);
}

function findingOfIssue(issue: OperationOutcomeIssue): Finding | undefined {
  const ext = issue.extension?.find((e) => e.url === FINDING_URL)?.extension;
  if (!ext) return undefined;
  const part = (url: string): Extension | undefined => ext.find((e) => e.url === url);
  return {
    key: part('key')?.valueString ?? '',
    kind: part('kind')?.valueCode ?? 'interaction',
    severity: part('severity')?.valueCode ?? 'high',
    requiresAcknowledgement: part('requiresAcknowledgement')?.valueBoolean ?? issue.severity === 'error',
    text: issue.details?.text ?? issue.diagnostics ?? '',
    handling: undefined,
    withheld: part('withheld')?.valueBoolean ?? false,
    acknowledgement: undefined,
  };
}

/** The findings of a 422 refusal (AKS_ERR_MEDICATION_UNACKNOWLEDGED), most serious first. */
export function findingsFrom(
  outcome: { issue?: readonly OperationOutcomeIssue[] } | OperationOutcome,
): Finding[] {
  return (outcome.issue ?? [])
    .map(findingOfIssue)
    .filter((f): f is Finding => f !== undefined)
    .sort(bySeverity);
}

/** The `finding` parts of a `$check` or `$medication-list` answer (Parameters), most serious first. */
export function findingsFromParameters(params: { parameter?: unknown[] } | undefined): Finding[] {
  return parameterGroups(params as never, 'finding')
    .map((f): Finding => {
      const ack = f['acknowledgement'] as
        | { part?: { name?: string; valueString?: string; valueInstant?: string; valueDateTime?: string }[] }
        | undefined;
      const ackPart = (name: string) => ack?.part?.find((p) => p.name === name);
      return {
        key: String(f['key'] ?? ''),
        kind: String(f['kind'] ?? 'interaction'),
        severity: String(f['severity'] ?? 'high'),
        requiresAcknowledgement: f['requiresAcknowledgement'] === true && f['acknowledged'] !== true,
        text: String(f['text'] ?? ''),
        handling: f['handling'] as string | undefined,
        withheld: f['withheld'] === true,
        acknowledgement:
          f['acknowledged'] === true
            ? {
                reason: ackPart('reason')?.valueString ?? '',
                by: ackPart('by')?.valueString,
                at: ackPart('at')?.valueInstant ?? ackPart('at')?.valueDateTime,
              }
            : undefined,
      };
    })
    .sort(bySeverity);
}

/** The line with acknowledgements added for the given findings (earlier ones it carries are kept). */
export function withAcknowledgements(
  statement: MedicationStatement,
  acknowledgements: readonly { key: string; reason: string }[],
): MedicationStatement {
  const keys = new Set(acknowledgements.map((a) => a.key));
  const kept = (statement.extension ?? []).filter(
    (e) =>
      e.url !== ACKNOWLEDGEMENT_URL ||
      !keys.has(e.extension?.find((x) => x.url === 'finding')?.valueString ?? ''),
  );
  return {
    ...statement,
    extension: [
      ...kept,
      ...acknowledgements.map((a) => ({
        url: ACKNOWLEDGEMENT_URL,
        extension: [
          { url: 'finding', valueString: a.key },
          { url: 'reason', valueString: a.reason },
        ],
      })),
    ],
  };
}
