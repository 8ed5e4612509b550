import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Slices the validation library cannot evaluate, checked here instead. HL7 Norway's blood-pressure profile
 * slices `Observation.component` on `code.coding.code` and `code.coding.system` whose values sit in slices of
 * `coding` one level down; the library finds no match for such discriminators and reports every slice as
 * missing, valid or not (the official example fails the same way). For these profiles its slice-count issues
 * are replaced by the equivalent explicit check.
 */
interface ProfileGap {
  /** Slice names whose count issues from the library are not to be trusted. */
  readonly slices: readonly string[];
  readonly check: (resource: Record<string, unknown>, path: string) => OperationOutcomeIssue[];
}

const LOINC = 'http://loinc.org';

interface Component {
  code?: { coding?: { system?: string; code?: string }[] };
  valueQuantity?: { value?: number; unit?: string; system?: string; code?: string };
  dataAbsentReason?: unknown;
}

function exactlyOneComponent(code: string, label: string) {
  return (resource: Record<string, unknown>, path: string): OperationOutcomeIssue[] => {
    const components = (resource['component'] as Component[] | undefined) ?? [];
    const matching = components.filter((c) =>
      (c.code?.coding ?? []).some((coding) => coding.system === LOINC && coding.code === code),
    );
    const issue = (text: string): OperationOutcomeIssue => ({
      severity: 'error',
      code: 'structure',
      details: { text },
      expression: [`${path}.component`],
    });
    if (matching.length !== 1) {
      return [issue(`Exactly one ${label} component (LOINC ${code}) is required, found ${matching.length}.`)];
    }
    const only = matching[0] as Component;
    const q = only.valueQuantity;
    if (
      only.dataAbsentReason === undefined &&
      (!q || q.value === undefined || !q.unit || !q.system || !q.code)
    ) {
      return [
        issue(`The ${label} component needs a value with unit, system and code (or a dataAbsentReason).`),
      ];
    }
    return [];
  };
}

const GAPS: Readonly<Record<string, ProfileGap>> = {
  'http://hl7.no/fhir/no-domain/vitalsigns/StructureDefinition/no-domain-VitalSigns-Observation-bloodpressure':
    {
      slices: [
        'SystolicBP',
        'DiastolicBP',
        'SAPSnomedCode',
        'SBPCode',
        'DBPCode',
        'MAPCode',
        'MAPSnomedCode',
      ],
      check: (resource, path) => [
        ...exactlyOneComponent('8480-6', 'systolic blood pressure')(resource, path),
        ...exactlyOneComponent('8462-4', 'diastolic blood pressure')(resource, path),
      ],
    },
};

const SLICE_COUNT = /^Incorrect number of values provided for slice '([^']+)'/;

/** The library's issues for a profile, with untrustworthy slice counts replaced by explicit checks. */
export function correctProfileGaps(
  profileUrl: string,
  issues: OperationOutcomeIssue[],
  resource: Record<string, unknown>,
  path: string,
): OperationOutcomeIssue[] {
  const gap = GAPS[profileUrl];
  if (!gap) return issues;
  const kept = issues.filter((i) => {
    const slice = SLICE_COUNT.exec(i.details?.text ?? '')?.[1];
    return slice === undefined || !gap.slices.includes(slice);
  });
  return [...kept, ...gap.check(resource, path)];
}
