import { insertRelations } from '@akson/store';
import { expectStatus, type TestServer } from './test-server.ts';

/** Resources created by the integration client (system/*.cruds), which tags them by the unit they name. */
export async function create<T = { id: string }>(
  t: TestServer,
  resource: Record<string, unknown>,
): Promise<T & { id: string }> {
  return expectStatus<T & { id: string }>(
    await t.fhir(String(resource['resourceType']), { method: 'POST', json: resource }),
    201,
  );
}

export const unit = (id: string) => ({ reference: `Organization/${id}` });
export const patientRef = (id: string) => ({ reference: `Patient/${id}` });

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

export async function newPatient(
  t: TestServer,
  family: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return (
    await create(t, {
      resourceType: 'Patient',
      name: [{ family, given: ['Test'] }],
      birthDate: '1950-01-01',
      ...extra,
    })
  ).id;
}

export async function episodeAt(
  t: TestServer,
  patientId: string,
  unitId: string,
  status = 'active',
): Promise<void> {
  await create(t, {
    resourceType: 'EpisodeOfCare',
    status,
    patient: patientRef(patientId),
    managingOrganization: unit(unitId),
    period: { start: daysAgo(30) },
  });
}

/** A finished encounter that ended `endedDaysAgo` days ago. */
export async function finishedEncounterAt(
  t: TestServer,
  patientId: string,
  unitId: string,
  endedDaysAgo: number,
): Promise<void> {
  await create(t, {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH', display: 'home health' },
    subject: patientRef(patientId),
    serviceProvider: unit(unitId),
    period: { start: daysAgo(endedDaysAgo + 1), end: daysAgo(endedDaysAgo) },
  });
}

export async function condition(
  t: TestServer,
  patientId: string,
  code: string,
  recorder?: string,
): Promise<string> {
  return (
    await create(t, {
      resourceType: 'Condition',
      subject: patientRef(patientId),
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icpc-2', code }], text: code },
      ...(recorder ? { asserter: { reference: recorder } } : {}),
    })
  ).id;
}

/** A journal note (Composition) produced by a unit, optionally labelled confidential. */
export async function note(
  t: TestServer,
  patientId: string,
  unitId: string,
  title: string,
  security?: { system: string; code: string }[],
): Promise<string> {
  return (
    await create(t, {
      resourceType: 'Composition',
      ...(security ? { meta: { security } } : {}),
      status: 'final',
      type: {
        coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'J01-2', display: 'Journalnotat' }],
      },
      subject: patientRef(patientId),
      date: new Date().toISOString(),
      author: [unit(unitId)],
      custodian: unit(unitId),
      title,
    })
  ).id;
}

/** An emergency access that expired an hour ago (inserted directly: no one can make one in the past). */
export async function expiredEmergency(
  t: TestServer,
  patientId: string,
  practitionerId: string,
  unitRef?: string,
): Promise<void> {
  await insertRelations(t.database.db, [
    {
      patientId,
      unitRef,
      practitionerRef: `Practitioner/${practitionerId}`,
      kind: 'emergency',
      sourceRef: undefined,
      reason: 'test: expired',
      startsAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
      endsAt: new Date(Date.now() - 3_600_000).toISOString(),
      createdBy: undefined,
    },
  ]);
}

export async function grant(
  t: TestServer,
  as: string,
  patientId: string,
  operation: 'emergency-access' | 'declare-relation',
): Promise<void> {
  await expectStatus(
    await t.fhir(`Patient/${patientId}/$${operation}`, {
      method: 'POST',
      as,
      json: {
        resourceType: 'Parameters',
        parameter: [{ name: 'reason', valueString: 'test: needs the record now' }],
      },
    }),
    200,
  );
}
