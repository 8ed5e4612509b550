import { vitalSignObservation, type Acvpu } from '@akson/clinical';
import { expectStatus, type TestServer } from './test-server.ts';

/** Helpers for the NEWS2 tests: a set of vital signs written as the home care nurse, and the NEWS2 read back. */

export const NURSE = 'silje';
export const NEWS2_CODE = '1104051000000101';
export const NEWS2_SYSTEM = 'https://akson.no/fhir/NamingSystem/news2';

export interface Vitals {
  respirationRate: number;
  spo2: number;
  onOxygen: boolean;
  systolic: number;
  pulse: number;
  consciousness: Acvpu;
  temperature: number;
}

export interface Obs {
  resourceType?: 'Observation';
  id: string;
  status?: string;
  meta?: { versionId?: string };
  identifier?: { system: string; value: string }[];
  valueQuantity?: { value: number };
  component?: { code: { coding: { code: string }[]; text?: string }; valueQuantity: { value: number } }[];
  interpretation?: { coding: { system: string; code: string }[]; text?: string }[];
  derivedFrom?: { reference: string }[];
  effectiveDateTime?: string;
  [key: string]: unknown;
}
export interface Bundle {
  entry?: { resource: Obs; response?: { location?: string } }[];
}

export const NORMAL: Vitals = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolic: 130,
  pulse: 72,
  consciousness: 'A',
  temperature: 37.0,
};

/** The six Observations of a set (blood pressure carries the systolic, SpO2 the air/oxygen). */
export function vitalSet(patientId: string, at: string, v: Vitals): Record<string, unknown>[] {
  const context = { subject: { reference: `Patient/${patientId}` }, effectiveDateTime: at };
  return [
    vitalSignObservation('respirationRate', v.respirationRate, context),
    vitalSignObservation('oxygenSaturation', { percent: v.spo2, onOxygen: v.onOxygen }, context),
    vitalSignObservation('bloodPressure', { systolic: v.systolic, diastolic: 80 }, context),
    vitalSignObservation('pulse', v.pulse, context),
    vitalSignObservation('consciousness', v.consciousness, context),
    vitalSignObservation('bodyTemperature', v.temperature, context),
  ] as unknown as Record<string, unknown>[];
}

/** Writes Observations in one transaction, as `as`; returns their ids in order. */
export async function writeTogether(
  t: TestServer,
  resources: Record<string, unknown>[],
  as = NURSE,
): Promise<string[]> {
  const bundle = await expectStatus<Bundle>(
    await t.fhir(t.base, {
      method: 'POST',
      as,
      json: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: resources.map((resource) => ({ request: { method: 'POST', url: 'Observation' }, resource })),
      },
    }),
    200,
  );
  return (bundle.entry ?? []).map(
    (e) => /Observation\/([^/]+)\/_history/.exec(e.response?.location ?? '')?.[1] ?? '',
  );
}

export async function record(t: TestServer, patientId: string, at: string, v: Vitals): Promise<string[]> {
  return writeTogether(t, vitalSet(patientId, at, v));
}

/** The patient's server NEWS2s (any status) whose time is within `from`–`to` (default: exactly `from`). */
export async function news2In(t: TestServer, patientId: string, from: string, to = from): Promise<Obs[]> {
  const bundle = await expectStatus<Bundle>(
    await t.fhir(
      `Observation?patient=Patient/${patientId}&code=http://snomed.info/sct|${NEWS2_CODE}` +
        `&date=ge${encodeURIComponent(from)}&date=le${encodeURIComponent(to)}`,
      { as: NURSE },
    ),
    200,
  );
  return (bundle.entry ?? []).map((e) => e.resource);
}

export async function news2At(t: TestServer, patientId: string, at: string): Promise<Obs | undefined> {
  return (await news2In(t, patientId, at))[0];
}

export const escalated = (o: Obs | undefined): boolean =>
  (o?.interpretation?.[0]?.coding ?? []).some((c) => c.code === 'H' || c.code === 'HH');

/** A patient of the nurse's home care unit, created for one test. */
export async function homeCarePatient(t: TestServer, id: string): Promise<string> {
  await expectStatus(
    await t.fhir(`Patient/${id}`, {
      method: 'PUT',
      json: { resourceType: 'Patient', id, name: [{ family: 'Test', given: [id] }], gender: 'female' },
    }),
    201,
  );
  for (const unit of ['hjemmesykepleien-nord', 'lillesand-legekontor']) {
    await expectStatus(
      await t.fhir('Encounter', {
        method: 'POST',
        json: {
          resourceType: 'Encounter',
          status: 'in-progress',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH' },
          subject: { reference: `Patient/${id}` },
          serviceProvider: { reference: `Organization/${unit}` },
          period: { start: new Date(Date.now() - 3_600_000).toISOString() },
        },
      }),
      201,
    );
  }
  return id;
}

/** The clinician's marker that puts a patient on SpO2 scale 2. */
export function scale2Flag(patientId: string): Record<string, unknown> {
  return {
    resourceType: 'Flag',
    status: 'active',
    code: {
      coding: [{ system: 'https://akson.no/fhir/CodeSystem/news2', code: 'spo2-scale-2' }],
      text: 'SpO2 skala 2 (KOLS)',
    },
    subject: { reference: `Patient/${patientId}` },
  };
}
