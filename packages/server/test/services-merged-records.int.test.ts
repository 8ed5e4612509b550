/**
 * What a merge of two records of one person (Patient/$merge) means below the REST layer, over real HTTP:
 * - the citizen's access log includes the accesses made under the retired H-number record (its AuditEvents stay
 *   filed under it, since audit records are never rewritten), and no one else's log gains them;
 * - a resource never moves to another patient's record by an ordinary update (422), while the merge moves
 *   everything as delete-plus-insert: `patient_id` is the distribution column under Citus, which forbids changing
 *   it in place. A trigger stands in for Citus here and refuses any such UPDATE.
 */
import { controlDigitsFor } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCodeOf,
  operationParameters,
  sql,
  storedAudit,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
const DOCTOR = 'aas';
const CITIZEN = 'kari';
const TARGET = 'kari-lie';
const HNR_TYPE = { coding: [{ system: 'https://akson.no/fhir/CodeSystem/identifier-type', code: 'HNR' }] };

interface Resource {
  resourceType: string;
  id: string;
  meta?: { versionId?: string };
  [k: string]: unknown;
}
interface Parameters {
  parameter?: { name: string; part?: { name: string; valueString?: string }[] }[];
}

/** An H-number (month + 40) with valid control digits. */
function hNumber(day: number, month: number, year: number): string {
  for (let individual = 0; individual < 500; individual++) {
    const nine = `${String(day).padStart(2, '0')}${String(month + 40)}${String(year % 100).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
    const control = controlDigitsFor(nine);
    if (control) return nine + control;
  }
  throw new Error('no H-number');
}

const temperature = (patientId: string | undefined): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8310-5', display: 'Body temperature' }] },
  ...(patientId ? { subject: { reference: `Patient/${patientId}` } } : {}),
  effectiveDateTime: new Date().toISOString(),
  valueQuantity: { value: 38.2, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
});

async function accessLogIds(as: string, patient: string): Promise<string[]> {
  const log = await expectStatus<Parameters>(
    await t.fhir(`Patient/${patient}/$access-log?_count=1000`, { as }),
    200,
  );
  return (log.parameter ?? [])
    .filter((p) => p.name === 'entry')
    .map((p) => p.part?.find((x) => x.name === 'id')?.valueString ?? '');
}

let sourceId = '';
let observationId = '';

beforeAll(async () => {
  t = await startTestServer();
  // Citus refuses to change the distribution column in place; so does this trigger, on the tables a merge moves.
  await t.database.db.exec(`
    CREATE FUNCTION akson_test_refuse_patient_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.patient_id IS DISTINCT FROM OLD.patient_id THEN
        RAISE EXCEPTION 'patient_id changed in place (% -> %)', OLD.patient_id, NEW.patient_id;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_patient_move BEFORE UPDATE ON "Observation"
      FOR EACH ROW EXECUTE FUNCTION akson_test_refuse_patient_move();
    CREATE TRIGGER refuse_patient_move BEFORE UPDATE ON "Composition"
      FOR EACH ROW EXECUTE FUNCTION akson_test_refuse_patient_move();`);
  // At the legevakt, a woman without papers is registered under an H-number and examined.
  const source = await expectStatus<Resource>(
    await t.fhir('Patient', {
      method: 'POST',
      as: DOCTOR,
      headers: { prefer: 'return=representation' },
      json: {
        resourceType: 'Patient',
        identifier: [
          {
            type: HNR_TYPE,
            system: 'https://akson.no/fhir/NamingSystem/h-nummer',
            value: hNumber(3, 3, 1974),
          },
        ],
        name: [{ text: 'Ukjent kvinne' }],
        gender: 'female',
      },
    }),
    201,
  );
  sourceId = source.id;
  observationId = (
    await expectStatus<Resource>(
      await t.fhir('Observation', { method: 'POST', as: DOCTOR, json: temperature(sourceId) }),
      201,
    )
  ).id;
  await expectStatus(await t.fhir(`Observation/${observationId}`, { as: DOCTOR }), 200);
});
afterAll(async () => t?.close());

describe('an ordinary update', () => {
  it('never moves an entry to another patient’s record', async () => {
    const other = await expectStatus<Resource>(
      await t.fhir('Patient', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: { resourceType: 'Patient', name: [{ family: 'Annen', given: ['Pasient'] }] },
      }),
      201,
    );
    const first = await expectStatus<Resource>(
      await t.fhir('Observation', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: temperature(TARGET),
      }),
      201,
    );
    const moved = await t.fhir(`Observation/${first.id}`, {
      method: 'PUT',
      json: { ...first, subject: { reference: `Patient/${other.id}` } },
    });
    expect(moved.status).toBe(422);
    const oo = (await moved.json()) as OperationOutcomeJson & { issue: { details?: { text?: string } }[] };
    expect(errorCodeOf(oo)).toBe('AKS_ERR_RESOURCE_PATIENT_CHANGED');
    expect(oo.issue[0]?.details?.text).toMatch(/entered-in-error/);
    const stored = await expectStatus<Resource>(await t.fhir(`Observation/${first.id}`), 200);
    expect(stored.meta?.versionId).toBe('1');
    expect((stored['subject'] as { reference: string }).reference).toBe(`Patient/${TARGET}`);
  });

  it('may give an entry its first patient, or re-point a reference to a patient not recorded here (delete-plus-insert)', async () => {
    // An import's second pass: the entry named the patient by the source system's id, now by the id given here.
    const imported = await expectStatus<Resource>(
      await t.fhir('Observation', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: temperature('kildesystem-pasient-17'),
      }),
      201,
    );
    await expectStatus(
      await t.fhir(`Observation/${imported.id}`, {
        method: 'PUT',
        json: { ...imported, subject: { reference: `Patient/${TARGET}` } },
      }),
      200,
    );
    const loose = await expectStatus<Resource>(
      await t.fhir('Observation', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: temperature(undefined),
      }),
      201,
    );
    const placed = await expectStatus<Resource>(
      await t.fhir(`Observation/${loose.id}`, {
        method: 'PUT',
        json: { ...loose, subject: { reference: `Patient/${TARGET}` } },
      }),
      200,
    );
    expect(placed.meta?.versionId).toBe('2');
    const rows = await t.database.db.query<{ version_id: number; patient_id: string }>(
      sql`SELECT version_id, patient_id FROM "Observation_history" WHERE id = ${loose.id} ORDER BY version_id`,
    );
    expect(rows.map((r) => [Number(r.version_id), r.patient_id])).toEqual([
      [1, ''],
      [2, TARGET],
    ]);
  });
});

describe('merging an H-number record into the identified person', () => {
  it('moves the entries as delete-plus-insert and keeps their history under both patients', async () => {
    await expectStatus(
      await t.fhir(`Patient/${TARGET}/$emergency-access`, {
        method: 'POST',
        as: DOCTOR,
        json: operationParameters({ reason: 'Identifisert av pårørende på legevakten' }),
      }),
      200,
    );
    await expectStatus(
      await t.fhir('Patient/$merge', {
        method: 'POST',
        as: DOCTOR,
        json: operationParameters({
          'source-patient': `Patient/${sourceId}`,
          'target-patient': `Patient/${TARGET}`,
        }),
      }),
      200,
    );
    const current = await expectStatus<Resource>(await t.fhir(`Observation/${observationId}`), 200);
    expect((current['subject'] as { reference: string }).reference).toBe(`Patient/${TARGET}`);
    const [row] = await t.database.db.query<{ patient_id: string }>(
      sql`SELECT patient_id FROM "Observation" WHERE id = ${observationId}`,
    );
    expect(row?.patient_id).toBe(TARGET);
    const history = await t.database.db.query<{ version_id: number; patient_id: string }>(
      sql`SELECT version_id, patient_id FROM "Observation_history" WHERE id = ${observationId} ORDER BY version_id`,
    );
    expect(history.map((r) => [Number(r.version_id), r.patient_id])).toEqual([
      [1, sourceId],
      [2, TARGET],
    ]);
    const first = await expectStatus<Resource>(await t.fhir(`Observation/${observationId}/_history/1`), 200);
    expect((first['subject'] as { reference: string }).reference).toBe(`Patient/${sourceId}`);
  });

  it('shows the citizen the accesses made under the retired record in her access log, and no one else', async () => {
    const underSource = (await storedAudit(t))
      .filter((e) => e.patientId === sourceId && e.event.agent?.some((a) => a.who?.display?.includes('Aas')))
      .map((e) => e.id);
    expect(underSource.length).toBeGreaterThanOrEqual(2); // the examination: the Observation written and read
    const log = await accessLogIds(CITIZEN, TARGET);
    expect(log).toEqual(expect.arrayContaining(underSource));
    // Another citizen asking for this log gets nothing of it.
    const foreign = await t.fhir(`Patient/${TARGET}/$access-log?_count=1000`, { as: 'per' });
    expect(JSON.stringify(await foreign.json())).not.toContain(underSource[0]);
  });
});
