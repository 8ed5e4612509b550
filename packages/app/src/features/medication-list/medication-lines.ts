import { ATC_SYSTEM, MEDICATION_LINE_SYSTEM, renderDosage } from '@akson/clinical';
import type { MedicationStatement, Parameters } from '@medplum/fhirtypes';
import { ApiError } from '../../api/api-error.ts';
import type { FhirClient } from '../../api/fhir-client.ts';
import { parameter, parameterGroups } from '../../api/parameters.ts';
import { conceptText } from '../../text/fhir-text.ts';
import { formatDate } from '../../text/format.ts';

/** Stopped lines stay visible, marked stopped, this long (as on the national list, PLL). */
const STOPPED_VISIBLE_DAYS = 90;

export const CHANGED_BY_URL = 'https://akson.no/fhir/StructureDefinition/changed-by';
export const MULTIDOSE_URL = 'https://akson.no/fhir/StructureDefinition/multidose';

export type LineState = 'active' | 'on-hold' | 'stopped' | 'completed' | 'entered-in-error';

/** One line of the medication list, as the screens show it. */
export interface MedicationLineView {
  readonly statement: MedicationStatement;
  readonly id: string;
  readonly lineId: string | undefined;
  readonly name: string;
  readonly atc: string | undefined;
  readonly state: LineState;
  /** Always a full sentence with its interval ("1 tablett morgen og kveld"); "Uklar dosering" when unclear. */
  readonly dosage: string;
  /** What the status means in words, including when a stop happened. Never just a colour. */
  readonly statusText: string;
  readonly reason: string | undefined;
  readonly changedBy: string | undefined;
  readonly changedAt: string | undefined;
  readonly multidose: boolean;
}

export function lineView(statement: MedicationStatement): MedicationLineView {
  const state = (statement.status as LineState) ?? 'active';
  const end = statement.effectivePeriod?.end;
  const stopReason = statement.statusReason?.map((r) => r.text ?? conceptText(r)).join(', ');
  const statusText =
    state === 'active'
      ? 'I bruk'
      : state === 'on-hold'
        ? `Pause${stopReason ? `: ${stopReason}` : ''}`
        : state === 'stopped'
          ? `Seponert ${formatDate(end)}${stopReason ? `: ${stopReason}` : ''}`
          : state === 'completed'
            ? `Avsluttet ${formatDate(end)}`
            : 'Feilregistrert';
  return {
    statement,
    id: statement.id ?? '',
    lineId: statement.identifier?.find((i) => i.system === MEDICATION_LINE_SYSTEM)?.value,
    name: conceptText(
      statement.medicationCodeableConcept,
      statement.medicationReference?.display ?? 'Legemiddel',
    ),
    atc: statement.medicationCodeableConcept?.coding?.find((c) => c.system === ATC_SYSTEM)?.code,
    state,
    dosage: renderDosage(statement.dosage ?? []),
    statusText,
    reason: statement.reasonCode?.map((r) => conceptText(r)).join(', ') || undefined,
    changedBy: statement.extension?.find((e) => e.url === CHANGED_BY_URL)?.valueReference?.display,
    changedAt: statement.meta?.lastUpdated ?? statement.dateAsserted,
    multidose: statement.extension?.some((e) => e.url === MULTIDOSE_URL && e.valueBoolean) ?? false,
  };
}

const ORDER: Record<LineState, number> = {
  active: 0,
  'on-hold': 1,
  stopped: 2,
  completed: 2,
  'entered-in-error': 3,
};

/** Current lines first (alphabetical), then lines stopped within 90 days; older stops and errors are history. */
export function listOrder(lines: readonly MedicationLineView[], now = Date.now()): MedicationLineView[] {
  return lines
    .filter((l) => {
      if (l.state === 'entered-in-error') return false;
      if (l.state !== 'stopped' && l.state !== 'completed') return true;
      const end = Date.parse(l.statement.effectivePeriod?.end ?? l.changedAt ?? '');
      return Number.isNaN(end) || now - end <= STOPPED_VISIBLE_DAYS * 86_400_000;
    })
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name, 'nb'));
}

export interface MedicationList {
  readonly lines: MedicationLineView[];
  /** How many of the patient's lines the caller may not see. */
  readonly withheld: number;
  /** The server's whole-list answer (findings, coverage), when it has `$medication-list`. */
  readonly review: Parameters | undefined;
}

/**
 * The list as the caller may see it (`GET Patient/{id}/$medication-list`, docs/medication.md §9.3): current lines,
 * stopped ones for 90 days, with the whole list's check. A server without the operation is read with a search.
 */
export async function loadMedicationList(
  client: FhirClient,
  patientId: string,
  signal: AbortSignal,
): Promise<MedicationList> {
  try {
    const answer = await client.operation<Parameters>(`Patient/${patientId}/$medication-list`, { signal });
    const statements = parameterGroups(answer, 'line')
      .map((l) => l['resource'] as MedicationStatement | undefined)
      .filter((r): r is MedicationStatement => r?.resourceType === 'MedicationStatement');
    return {
      lines: listOrder(statements.map(lineView)),
      withheld: Number(parameter(answer, 'withheld') ?? 0),
      review: answer,
    };
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'AKS_ERR_OPERATION_UNKNOWN')) throw err;
  }
  const found = await client.searchAll<MedicationStatement>(
    'MedicationStatement',
    { patient: patientId, _count: 500 },
    { signal },
  );
  return { lines: listOrder(found.resources.map(lineView)), withheld: found.withheld, review: undefined };
}
