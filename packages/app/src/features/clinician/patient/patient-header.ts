import type { AllergyIntolerance, Flag, Patient } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { loadAccessBasis, type AccessBasis } from '../access/access-basis.ts';

/** What the banner needs, loaded together when a patient is opened. */
export interface PatientHeader {
  readonly patient: Patient;
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
    client.read<Patient>('Patient', patientId, signal),
    // The access basis is for clinicians; anyone else just has no basis to show.
    loadAccessBasis(client, patientId, signal).catch(() => undefined),
    client
      .search<AllergyIntolerance>('AllergyIntolerance', { patient: patientId, _count: 100 }, signal)
      .catch(() => undefined),
    client.search<Flag>('Flag', { patient: patientId, _count: 100 }, signal).catch(() => undefined),
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
    basis,
    allergies: current,
    flags: (flags?.resources ?? []).filter(
      (f) => f.status === 'active' && (!f.period?.end || Date.parse(f.period.end) > Date.now()),
    ),
    withheldCritical: (allergies?.withheld ?? 0) + (flags?.withheld ?? 0),
    criticalUnavailable: !allergies || !flags,
  };
}
