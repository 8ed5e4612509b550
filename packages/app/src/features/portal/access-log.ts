import type { Parameters } from '@medplum/fhirtypes';
import type { FhirClient } from '../../api/fhir-client.ts';
import { parameter, parameterGroups } from '../../api/parameters.ts';

/** One line of "who has looked at my record" (`Patient/{id}/$access-log`). */
export interface AccessLogEntry {
  readonly id: string;
  readonly when: string;
  readonly who: string;
  readonly organisation: string | undefined;
  readonly unit: string | undefined;
  readonly action: string;
  readonly what: string | undefined;
  readonly basis: string | undefined;
  readonly basisKind: string | undefined;
  readonly emergency: boolean;
  readonly outcome: string | undefined;
}

export async function loadAccessLog(
  client: FhirClient,
  patientId: string,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<{ entries: AccessLogEntry[]; next: string | undefined }> {
  const params = await client.operation<Parameters>(`Patient/${patientId}/$access-log`, {
    params: { _count: 50, ...(cursor ? { _cursor: cursor } : {}) },
    ...(signal ? { signal } : {}),
  });
  const entries = parameterGroups(params, 'entry').map((e) => ({
    id: String(e['id'] ?? ''),
    when: String(e['when'] ?? ''),
    who: String(e['who'] ?? 'Ukjent'),
    organisation: e['organisation'] as string | undefined,
    unit: e['unit'] as string | undefined,
    action: String(e['action'] ?? 'read'),
    what: e['what'] as string | undefined,
    basis: e['basis'] as string | undefined,
    basisKind: e['basisKind'] as string | undefined,
    emergency: e['emergency'] === true,
    outcome: e['outcome'] as string | undefined,
  }));
  return { entries, next: parameter(params, 'next') as string | undefined };
}

const WHAT: Record<string, string> = {
  Composition: 'notater',
  Observation: 'målinger',
  MedicationStatement: 'legemidler',
  Condition: 'diagnoser',
  AllergyIntolerance: 'allergier',
  Immunization: 'vaksiner',
  Encounter: 'kontakter',
  EpisodeOfCare: 'forløp',
  Task: 'oppgaver',
  CarePlan: 'planer',
  Consent: 'sperringer',
  DocumentReference: 'dokumenter',
  Appointment: 'avtaler',
};

/** "notater, målinger" from "Composition, Observation". */
export function whatText(what: string | undefined): string {
  if (!what) return 'journalen';
  return [...new Set(what.split(/,\s*/).map((t) => WHAT[t] ?? t.toLowerCase()))].join(', ');
}

const PURPOSE: Record<string, string> = {
  TREAT: 'Behandling',
  ETREAT: 'Akutt behandling',
  BTG: 'Akuttilgang',
  COC: 'Koordinering',
  PATRQT: 'Etter ønske fra pasienten',
};

export function purposeText(entry: AccessLogEntry): string {
  if (entry.emergency) return 'Akuttilgang';
  return PURPOSE[entry.basisKind ?? ''] ?? 'Behandling';
}

/** The reason as the clinician wrote it, without the server's "emergency: " label in front. */
export function basisText(basis: string | undefined): string | undefined {
  return basis?.replace(/^(emergency|self-declared|derived|lookup|system):\s*/i, '');
}

/** Consecutive accesses by the same person, for the same reason, within a quarter of an hour: one line. */
export interface AccessLogGroup {
  readonly first: AccessLogEntry;
  readonly count: number;
  /** The earliest access of the group (entries are newest first). */
  readonly since: string;
  readonly what: string;
}

const GROUP_WINDOW_MS = 15 * 60_000;

export function groupAccessLog(entries: readonly AccessLogEntry[]): AccessLogGroup[] {
  const groups: { first: AccessLogEntry; count: number; since: string; what: Set<string> }[] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    const same =
      last &&
      last.first.who === e.who &&
      last.first.unit === e.unit &&
      last.first.action === e.action &&
      last.first.emergency === e.emergency &&
      basisText(last.first.basis) === basisText(e.basis) &&
      last.first.outcome === e.outcome &&
      Date.parse(last.since) - Date.parse(e.when) <= GROUP_WINDOW_MS;
    if (same) {
      last.count++;
      last.since = e.when;
      for (const w of whatText(e.what).split(', ')) last.what.add(w);
    } else groups.push({ first: e, count: 1, since: e.when, what: new Set(whatText(e.what).split(', ')) });
  }
  return groups.map((g) => ({
    first: g.first,
    count: g.count,
    since: g.since,
    what: [...g.what].filter((w) => w !== 'journalen' || g.what.size === 1).join(', '),
  }));
}
