import type {
  CodeableConcept,
  Extension,
  MedicationStatement,
  OperationOutcomeIssue,
} from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { PLL_STOP_REASON_SYSTEM, PllMappingError, toPllLine } from '@akson/clinical';
import { canonicalDosage } from './line-dosage.ts';
import { settledLineIdentifiers } from './line-identity.ts';
import { ACKNOWLEDGEMENT_URL, CHANGED_BY_URL } from './medication-urls.ts';

/** Statuses a line can have; one at a time, each with its own rules (docs/medication.md). */
const LINE_STATUSES = new Set(['active', 'on-hold', 'stopped', 'completed', 'entered-in-error']);
const ENDED = new Set(['stopped', 'completed', 'entered-in-error']);

/** Extensions the server owns on a line: not part of the line's content and never exported. */
export const SERVER_EXTENSIONS: ReadonlySet<string> = new Set([ACKNOWLEDGEMENT_URL, CHANGED_BY_URL]);

export interface LineContent {
  readonly statement: MedicationStatement;
  readonly patientId: string;
  readonly lineId: string;
}

/**
 * Checks and completes the content of a line before it is stored: the patient, the line id, one consistent
 * status (a stop has a time and a reason; a stopped line is not restarted), and the dosage in canonical form.
 * Whatever else the line says must be exactly what a PLL line (M25) can carry: the rule runs clinical's
 * `toPllLine` on it and refuses what would be lost, so every stored line can be exported and read back equal.
 */
export function prepareLineContent(
  input: MedicationStatement,
  existing: MedicationStatement | undefined,
  now: string,
  newLineId?: () => string,
): LineContent {
  const where = { type: 'MedicationStatement', id: input.id ?? '' };
  const patientId = patientOf(input);
  if (!patientId) {
    throw lineInvalid(
      'the line must name its patient (subject: Patient/{id})',
      'MedicationStatement.subject',
    );
  }
  if (existing && patientOf(existing) !== patientId) {
    throw lineInvalid('a line stays with its patient; add a new line instead', 'MedicationStatement.subject');
  }
  const { identifier, lineId } = settledLineIdentifiers(input, existing, where, newLineId);
  const status = settledStatus(input, existing, now);
  const statement: MedicationStatement = {
    ...input,
    identifier,
    ...status,
    dosage: canonicalDosage(input.dosage, 'MedicationStatement'),
  };
  assertExportable(statement);
  return { statement, patientId, lineId };
}

function settledStatus(
  input: MedicationStatement,
  existing: MedicationStatement | undefined,
  now: string,
): Pick<MedicationStatement, 'status' | 'statusReason' | 'effectivePeriod'> {
  const status = input.status;
  if (!LINE_STATUSES.has(status)) {
    throw lineInvalid(
      `status ${String(status)} is not used on the list (active, on-hold, stopped, completed or entered-in-error)`,
      'MedicationStatement.status',
    );
  }
  if (existing && ENDED.has(existing.status) && existing.status !== status) {
    // A stop may be corrected (stopped ↔ completed) or withdrawn as entered in error; never undone.
    if (status === 'active' || status === 'on-hold' || existing.status === 'entered-in-error') {
      throw fail('AKS_ERR_MEDICATION_LINE_ENDED', { status: existing.status });
    }
  }
  const reasons = input.statusReason ?? [];
  const period = input.effectivePeriod;
  switch (status) {
    case 'stopped': {
      if (reasons.length === 0) {
        throw lineInvalid(
          'a stopped line needs a reason (statusReason: a text, or a code from the PLL stop reasons)',
          'MedicationStatement.statusReason',
        );
      }
      // A reason in words only is "annen årsak" (X), as PLL records it; the code makes the export exact.
      const [first, ...rest] = reasons as [CodeableConcept, ...CodeableConcept[]];
      const coded = first.coding?.length
        ? first
        : { coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'X', display: 'Annen årsak' }], ...first };
      return { status, statusReason: [coded, ...rest], effectivePeriod: withEnd(period, existing, now) };
    }
    case 'completed':
      return {
        status,
        statusReason: reasons.length
          ? reasons
          : [{ coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'A', display: 'Avsluttet behandling' }] }],
        effectivePeriod: withEnd(period, existing, now),
      };
    case 'entered-in-error':
      if (!existing)
        throw lineInvalid(
          'only an existing line can be marked entered-in-error',
          'MedicationStatement.status',
        );
      if (!reasons.some((reason) => reason.text?.trim())) {
        throw lineInvalid(
          'say why the line was entered in error (statusReason.text)',
          'MedicationStatement.statusReason',
        );
      }
      return { status, statusReason: reasons, ...(period ? { effectivePeriod: period } : {}) };
    default:
      return {
        status,
        ...(reasons.length ? { statusReason: reasons } : {}),
        ...(period ? { effectivePeriod: period } : {}),
      };
  }
}

/** A stop happens at a time: the client's, the earlier version's, or now. */
function withEnd(
  period: MedicationStatement['effectivePeriod'],
  existing: MedicationStatement | undefined,
  now: string,
): NonNullable<MedicationStatement['effectivePeriod']> {
  if (period?.end) return period;
  const end = existing?.effectivePeriod?.end ?? now;
  return { ...period, end };
}

/** Refuses anything PLL could not carry, with every problem located (see prepareLineContent). */
function assertExportable(statement: MedicationStatement): void {
  try {
    toPllLine(pllView(statement));
  } catch (error) {
    if (!(error instanceof PllMappingError)) throw error;
    const issues: OperationOutcomeIssue[] = error.problems.map((problem) => ({
      severity: 'error',
      code: 'invalid',
      details: { text: problem.message.nb },
      diagnostics: problem.message.en,
      expression: [problem.path.split(' ')[0] ?? problem.path],
    }));
    throw fail(
      'AKS_ERR_MEDICATION_LINE_INVALID',
      { detail: error.problems.map((problem) => problem.message.en).join(' ') },
      { issues },
    );
  }
}

/**
 * The line as PLL sees it: without the server's own extensions, and with a withdrawn line (entered in error)
 * checked as the line it was. The export maps this view.
 */
export function pllView(statement: MedicationStatement): MedicationStatement {
  const { meta: _meta, extension, ...rest } = statement;
  const kept = (extension ?? []).filter((entry: Extension) => !SERVER_EXTENSIONS.has(entry.url));
  const view: MedicationStatement = { ...rest, ...(kept.length ? { extension: kept } : {}) };
  if (view.status !== 'entered-in-error') return view;
  const { statusReason: _reason, effectivePeriod, ...line } = view;
  const start = effectivePeriod?.start;
  return { ...line, status: 'active', ...(start ? { effectivePeriod: { start } } : {}) };
}

export function patientOf(statement: { subject?: { reference?: string } }): string | undefined {
  const match = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(statement.subject?.reference ?? '');
  return match?.[1];
}

function lineInvalid(detail: string, expression: string) {
  return fail('AKS_ERR_MEDICATION_LINE_INVALID', { detail }, { expression: [expression] });
}
