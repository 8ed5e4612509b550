import { fail, IDENTIFIER_SYSTEMS } from '@akson/fhir';
import { recordsMergedInto } from './merged-records.ts';
import type { ResourceService } from './resource-service.ts';

/** One line of a citizen's access log (Helsenorge-style): who, where, when, what and why. Never the employee's id. */
export interface AccessLogEntry {
  readonly id: string;
  readonly when: string;
  readonly who: string;
  readonly organisation: string | undefined;
  readonly unit: string | undefined;
  readonly personnelCategory: string | undefined;
  readonly action: string;
  readonly what: readonly string[];
  readonly basis: string | undefined;
  readonly basisKind: string | undefined;
  readonly emergency: boolean;
  readonly outcome: 'allowed' | 'denied';
}

/**
 * The citizen's access log (access issue §10): who has looked at my record and why, including emergency
 * accesses, read through the ordinary search of AuditEvent with the citizen's own scope (their record and
 * those they act for) and the citizen's projection (no staff national ids). A record merged into this one
 * (an H-number record later identified as the person, Patient/$merge) keeps its audit log filed under it, since
 * audit records are never rewritten; those accesses were to the same person's record and are part of the log.
 */
export async function accessLog(
  fhir: ResourceService,
  patientId: string,
  count: number,
  cursor?: string,
): Promise<{ entries: AccessLogEntry[]; next: string | undefined }> {
  const actor = fhir.access.actor;
  if (actor.kind !== 'citizen' && !(actor.kind === 'personnel' && actor.role === 'security-officer')) {
    throw fail('AKS_ERR_ACCESS_DENIED', {
      detail: 'The access log is for the patient (and those acting for them) and the security officer.',
    });
  }
  const merged = await fhir.transaction((tx) => recordsMergedInto(tx, patientId));
  const patients = [patientId, ...merged];
  const params: [string, string][] = [
    ['patient', patients.map((id) => `Patient/${id}`).join(',')],
    ['_sort', '-date'],
    ['_count', String(count)],
    ...(cursor ? ([['_cursor', cursor]] as [string, string][]) : []),
  ];
  const { page } = await fhir.search('AuditEvent', params, {
    lenient: false,
    ...(merged.length > 0 ? { merged: { into: patientId, records: merged } } : {}),
  });
  const entries = page.matches
    .map((row) => JSON.parse(row.content ?? '{}') as AuditEventLike)
    .filter((e) => !patients.some((id) => isThePatientThemselves(e, id)))
    .map(toEntry);
  return { entries, next: page.next };
}

interface AuditEventLike {
  id: string;
  recorded: string;
  outcome?: string;
  subtype?: { code?: string }[];
  agent?: {
    name?: string;
    who?: { display?: string; reference?: string };
    role?: { coding?: { code?: string }[] }[];
    type?: { coding?: { code?: string }[] };
  }[];
  contained?: {
    resourceType: string;
    name?: string;
    partOf?: { display?: string };
    identifier?: { system?: string; value?: string }[];
  }[];
  entity?: { what?: { reference?: string } }[];
  extension?: { url: string; extension?: { url: string; valueString?: string }[] }[];
  purposeOfEvent?: { coding?: { code?: string }[] }[];
}

/**
 * The patient's own reading of their record is not part of "who has looked at my record"; a representative's
 * reading (a parent, someone with power of attorney) is.
 */
function isThePatientThemselves(e: AuditEventLike, patientId: string): boolean {
  return (
    e.agent?.some(
      (a) => a.type?.coding?.some((c) => c.code === 'PAT') && a.who?.reference === `Patient/${patientId}`,
    ) ?? false
  );
}

function toEntry(e: AuditEventLike): AccessLogEntry {
  const agent = e.agent?.[0];
  const unit = e.contained?.find((c) => c.resourceType === 'Organization');
  const basis = e.extension
    ?.find((x) => x.url.endsWith('carerelation-metadata-extension'))
    ?.extension?.find((x) => x.url === 'decision-ref-description')?.valueString;
  const practitioner = e.contained?.find((c) => c.resourceType === 'Practitioner');
  if (practitioner?.identifier?.some((i) => i.system === IDENTIFIER_SYSTEMS.fnr)) {
    throw new Error('a staff national id reached the citizen access log'); // the projection must have removed it
  }
  return {
    id: e.id,
    when: e.recorded,
    who: agent?.name ?? agent?.who?.display ?? 'Ukjent',
    organisation: unit?.partOf?.display,
    unit: unit?.name,
    personnelCategory: agent?.role?.[0]?.coding?.[0]?.code,
    action: e.subtype?.[0]?.code ?? 'read',
    what: (e.entity ?? [])
      .map((x) => x.what?.reference?.split('/')[0] ?? (x.what as { display?: string } | undefined)?.display)
      .filter((t): t is string => !!t && t !== 'Patient'),
    basis,
    basisKind: e.purposeOfEvent?.[0]?.coding?.[0]?.code,
    emergency: e.purposeOfEvent?.some((p) => p.coding?.some((c) => c.code === 'BTG')) ?? false,
    outcome: e.outcome === '0' ? 'allowed' : 'denied',
  };
}
