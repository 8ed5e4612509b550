import { findDoseUnit } from '@akson/clinical';
import type {
  MedicationAdministration,
  MedicationStatement,
  Parameters,
  Reference,
} from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { parameter, parameterGroups } from '../../../api/parameters.ts';

const SD = 'https://akson.no/fhir/StructureDefinition';
export const MEDICATION_LINE_URL = `${SD}/medication-line`;
export const SCHEDULED_TIME_URL = `${SD}/scheduled-time`;
export const NOT_GIVEN_REASON_SYSTEM = 'https://akson.no/fhir/CodeSystem/administration-not-given';

export type DoseStatus = 'planned' | 'due' | 'late' | 'missed' | 'given' | 'not-given' | 'refused';

export const NOT_GIVEN_REASONS: Readonly<Record<string, string>> = {
  refused: 'Pasienten nektet',
  'not-given': 'Ikke gitt',
  absent: 'Pasienten var ikke til stede',
  unavailable: 'Legemidlet var ikke tilgjengelig',
  held: 'Holdt tilbake etter vurdering',
};

export interface ScheduledDose {
  readonly line: string;
  readonly medicine: string;
  readonly dose: string;
  readonly due: string;
  readonly dueLocal: string;
  readonly multidose: boolean;
  readonly status: DoseStatus;
  readonly givenLate: boolean;
  readonly givenAt: string | undefined;
  readonly reason: string | undefined;
}

export interface AsNeededUse {
  readonly line: string;
  readonly medicine: string;
  readonly dosageText: string;
  readonly dose: string;
  readonly indication: string | undefined;
  readonly givenCount: number;
  readonly maxPerDay: string | undefined;
  /** False when the doses cannot be held against the maximum (the server says why in maxNotAssessed). */
  readonly maxAssessed: boolean | undefined;
  readonly maxNotAssessed: string | undefined;
  readonly remaining: number | undefined;
  readonly overMax: boolean;
}

export interface PatientRound {
  readonly patientId: string;
  readonly name: string;
  readonly doses: readonly ScheduledDose[];
  readonly asNeeded: readonly AsNeededUse[];
  readonly unscheduled: readonly { medicine: string; dosageText: string; reason: string }[];
}

export interface UnitRound {
  readonly date: string;
  readonly at: string;
  readonly patients: readonly PatientRound[];
}

function groupsIn(group: Record<string, unknown>, name: string): Record<string, unknown>[] {
  return parameterGroups({ parameter: (group['_parts'] as Parameters['parameter']) ?? [] }, name);
}

const ref = (value: unknown) => (value as Reference | undefined)?.reference ?? '';

/**
 * The unit's administration schedule (utdelingsliste) for a day: `GET Organization/{unit}/$administration-schedule`
 * (docs/medication.md): each patient's doses with their due time and state, as-needed doses against their daily
 * maximum, and lines that could not be scheduled (said, not hidden).
 */
export async function loadRound(
  client: FhirClient,
  unitId: string,
  date: string,
  signal: AbortSignal,
): Promise<UnitRound> {
  const answer = await client.operation<Parameters>(`Organization/${unitId}/$administration-schedule`, {
    params: { date },
    signal,
  });
  const patients = parameterGroups(answer, 'patient').map((p): PatientRound => {
    const patient = p['patient'] as Reference | undefined;
    return {
      patientId: ref(patient).replace(/^Patient\//, ''),
      name: patient?.display ?? 'Pasient',
      doses: groupsIn(p, 'dose')
        .map((d) => ({
          line: ref(d['line']),
          medicine: String(d['medicine'] ?? ''),
          dose: String(d['dose'] ?? ''),
          due: String(d['due'] ?? ''),
          dueLocal: String(d['dueLocal'] ?? ''),
          multidose: d['multidose'] === true,
          status: (d['status'] ?? 'planned') as DoseStatus,
          givenLate: d['givenLate'] === true,
          givenAt: d['givenAt'] as string | undefined,
          reason: d['reason'] as string | undefined,
        }))
        .sort((a, b) => a.due.localeCompare(b.due)),
      asNeeded: groupsIn(p, 'asNeeded').map((a) => ({
        line: ref(a['line']),
        medicine: String(a['medicine'] ?? ''),
        dosageText: String(a['dosageText'] ?? ''),
        dose: String(a['dose'] ?? ''),
        indication: a['indication'] as string | undefined,
        givenCount: Number(a['givenCount'] ?? 0),
        maxPerDay: a['maxPerDay'] as string | undefined,
        maxAssessed: a['maxAssessed'] as boolean | undefined,
        maxNotAssessed: a['maxNotAssessed'] as string | undefined,
        remaining: a['remaining'] === undefined ? undefined : Number(a['remaining']),
        overMax: a['overMax'] === true,
      })),
      unscheduled: groupsIn(p, 'unscheduled').map((u) => ({
        medicine: String(u['medicine'] ?? ''),
        dosageText: String(u['dosageText'] ?? ''),
        reason: String(u['reason'] ?? ''),
      })),
    };
  });
  patients.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return {
    date: String(parameter(answer, 'date') ?? date),
    at: String(parameter(answer, 'at') ?? ''),
    patients,
  };
}

/** "1 tablett", "½ tablett", "2,5 ml" → value and canonical unit. */
export function parseDose(text: string): { value: number; unit: string } | undefined {
  const match = /^(\d+(?:[.,]\d+)?)?(½)?\s*(.+)$/.exec(text.trim());
  if (!match || (!match[1] && !match[2])) return undefined;
  const value = Number((match[1] ?? '0').replace(',', '.')) + (match[2] ? 0.5 : 0);
  const unitText = (match[3] ?? '').trim();
  return { value, unit: findDoseUnit(unitText)?.singular ?? unitText };
}

/** Records a dose given (`completed`) or not given (`not-done`, with a coded reason) against its line. */
export async function recordAdministration(
  client: FhirClient,
  input: {
    patientId: string;
    line: string;
    dose: string;
    /** The due time it answers; absent for an as-needed dose. */
    due: string | undefined;
    given: boolean;
    reason?: string;
    note?: string;
  },
): Promise<void> {
  const amount = parseDose(input.dose);
  const now = new Date().toISOString();
  // The record names the line's own medicine (the server checks that it is the one on the line).
  const line = await client.read<MedicationStatement>(
    'MedicationStatement',
    input.line.replace(/^MedicationStatement\//, ''),
  );
  const administration: MedicationAdministration = {
    resourceType: 'MedicationAdministration',
    status: input.given ? 'completed' : 'not-done',
    medicationCodeableConcept: line.resource.medicationCodeableConcept ?? {},
    subject: { reference: `Patient/${input.patientId}` },
    effectiveDateTime: now,
    extension: [
      { url: MEDICATION_LINE_URL, valueReference: { reference: input.line } },
      ...(input.due ? [{ url: SCHEDULED_TIME_URL, valueDateTime: input.due }] : []),
    ],
    ...(input.given && amount ? { dosage: { dose: amount } } : {}),
    ...(!input.given && input.reason
      ? {
          statusReason: [
            {
              coding: [
                {
                  system: NOT_GIVEN_REASON_SYSTEM,
                  code: input.reason,
                  display: NOT_GIVEN_REASONS[input.reason],
                },
              ],
              ...(input.note ? { text: input.note } : {}),
            },
          ],
        }
      : {}),
  };
  await client.create(administration);
}
