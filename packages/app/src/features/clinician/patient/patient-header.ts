import type { AllergyIntolerance, Flag, Patient } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { lookUpNames } from '../../../api/reference-names.ts';
import { loadAccessBasis, type AccessBasis } from '../access/access-basis.ts';

/** What the banner needs, loaded together when a patient is opened. */
export interface PatientHeader {
  readonly patient: Patient;
  /** The GP and GP office as the banner says them ("Eirik Berg, Lillesand legekontor"; "ingen registrert"). */
  readonly gp: string;
  readonly basis: AccessBasis | undefined;
  readonly allergies: readonly AllergyIntolerance[];
  readonly flags: readonly Flag[];
  /** Critical information the caller may not see (blocked, confidential): shown as a count. */
  readonly withheldCritical: number;
  /** Critical information could not be read: the banner says so, it never shows "none" instead. */
  readonly criticalUnavailable: boolean;
}

const INACTIVE_ALLERGY = new Set(['inactive', 'resolved']);

export async function loadPatientHeader(
  client: FhirClient,
  patientId: string,
  signal: AbortSignal,
): Promise<PatientHeader> {
  const [patient, basis, allergies, flags] = await Promise.all([
    client.read<Patient>('Patient', patientId, signal).then(async (p) => ({
      ...p,
      gp: await gpText(client, p.resource, signal),
    })),
    // The access basis is for clinicians; anyone else just has no basis to show.
    loadAccessBasis(client, patientId, signal).catch(() => undefined),
    client
      .searchAll<AllergyIntolerance>('AllergyIntolerance', { patient: patientId, _count: 100 }, { signal })
      .catch(() => undefined),
    client.searchAll<Flag>('Flag', { patient: patientId, _count: 100 }, { signal }).catch(() => undefined),
  ]);
  const current = (allergies?.resources ?? []).filter(
    (a) =>
      !INACTIVE_ALLERGY.has(a.clinicalStatus?.coding?.[0]?.code ?? '') &&
      a.verificationStatus?.coding?.[0]?.code !== 'refuted' &&
      a.verificationStatus?.coding?.[0]?.code !== 'entered-in-error',
  );
  // High criticality first: what can kill comes first.
  current.sort((a, b) => Number(b.criticality === 'high') - Number(a.criticality === 'high'));
  return {
    patient: patient.resource,
    gp: patient.gp,
    basis,
    allergies: current,
    flags: (flags?.resources ?? []).filter(
      (f) => f.status === 'active' && (!f.period?.end || Date.parse(f.period.end) > Date.now()),
    ),
    withheldCritical: (allergies?.withheld ?? 0) + (flags?.withheld ?? 0),
    criticalUnavailable: !allergies || !flags,
  };
}

/**
 * The GP list entry in words. A reference without a display is looked up (units and staff are reference data
 * everyone may read); one that cannot be named is still said to exist, never "ingen registrert".
 */
async function gpText(client: FhirClient, patient: Patient, signal: AbortSignal): Promise<string> {
  const entries = patient.generalPractitioner ?? [];
  if (entries.length === 0) return 'ingen registrert';
  const missing = entries.filter((g) => !g.display && g.reference).map((g) => g.reference as string);
  const names =
    missing.length > 0
      ? await lookUpNames(client, missing, signal).catch(() => new Map<string, string | undefined>())
      : new Map<string, string | undefined>();
  const texts = entries.map((g) => g.display ?? (g.reference ? names.get(g.reference) : undefined));
  const known = [...new Set(texts.filter((t): t is string => !!t))];
  return known.length > 0 ? known.join(', ') : 'registrert, men navnet kunne ikke hentes';
}
