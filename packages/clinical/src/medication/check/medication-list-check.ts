// checkMedicationList: interactions, allergies, duplicates and maximum doses for a proposed change to a
// medication list. Pure and synchronous, so the FHIR server's $check, the write path and the web app run the
// very same rules.

import { buildCheckContext } from './check-context.ts';
import { checkAllergies } from './allergy-check.ts';
import { checkDuplicates } from './duplicate-check.ts';
import { checkInteractions } from './interaction-check.ts';
import { checkMaxDoses } from './max-dose-check.ts';
import type {
  FindingKind,
  MedicationFinding,
  MedicationListCheckInput,
  MedicationListCheckResult,
} from './medication-check-types.ts';

const SEVERITY_ORDER = { high: 0, moderate: 1, low: 2 } as const;
const KIND_ORDER: Record<FindingKind, number> = { allergy: 0, interaction: 1, 'max-dose': 2, duplicate: 3 };

function compareFindings(a: MedicationFinding, b: MedicationFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function checkMedicationList(input: MedicationListCheckInput): MedicationListCheckResult {
  const context = buildCheckContext(input);
  const interactions = checkInteractions(context, input.catalogue);
  const allergies = checkAllergies(context, input.allergies ?? []);
  const duplicates = checkDuplicates(context);
  const maxDoses = checkMaxDoses(context, input.maxDoses, input.patient?.ageYears);
  const findings = [
    ...interactions.findings,
    ...allergies.findings,
    ...duplicates,
    ...maxDoses.findings,
  ].sort(compareFindings);
  return {
    findings,
    requiresAcknowledgement: findings.some((finding) => finding.requiresAcknowledgement),
    interactions: {
      complete: interactions.coverage.every((entry) => entry.status === 'assessed'),
      coverage: interactions.coverage,
    },
    notAssessed: [...allergies.notAssessed, ...maxDoses.notAssessed],
  };
}
