import { controlDigitsFor } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, operationParameters, type OperationOutcomeJson } from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The patient registry: an unidentified patient registered at the legevakt under an H-number is later
 * identified, and the H-number record is merged into the real one — every entry moved, history kept, the
 * H-number still finds the person — in one transaction. Merges that would join two real identities, or that
 * the caller has no right to make, are refused.
 */

let t: TestServer;
const DOCTOR = 'aas';
const HNR_TYPE = { coding: [{ system: 'https://akson.no/fhir/CodeSystem/identifier-type', code: 'HNR' }] };

/** An H-number (month + 40) for a date, with valid control digits. */
function hNumber(day: number, month: number, year: number): string {
  for (let individual = 0; individual < 500; individual++) {
    const nine = `${String(day).padStart(2, '0')}${String(month + 40)}${String(year % 100).padStart(2, '0')}${String(individual).padStart(3, '0')}`;
    const control = controlDigitsFor(nine);
    if (control) return nine + control;
  }
  throw new Error('no H-number');
}

interface Resource {
  resourceType: string;
  id: string;
  meta?: { versionId?: string };
  [k: string]: unknown;
}
interface Parameters {
  parameter: {
    name: string;
    valueInteger?: number;
    valueBoolean?: boolean;
    part?: { name: string; valueCode?: string; valueInteger?: number }[];
  }[];
}

const hnr = hNumber(1, 1, 1950);
let unknownId = '';
let observationId = '';
let noteId = '';

beforeAll(async () => {
  t = await startTestServer();
  // 02:10 at the legevakt: a confused man without papers is registered under an H-number.
  const patient = await expectStatus<Resource>(
    await t.fhir('Patient', {
      method: 'POST',
      as: DOCTOR,
      headers: { prefer: 'return=representation' },
      json: {
        resourceType: 'Patient',
        identifier: [{ type: HNR_TYPE, system: 'https://akson.no/fhir/NamingSystem/h-nummer', value: hnr }],
        name: [{ text: 'Ukjent mann' }],
        gender: 'male',
      },
    }),
    201,
  );
  unknownId = patient.id;
  const obs = await expectStatus<Resource>(
    await t.fhir('Observation', {
      method: 'POST',
      as: DOCTOR,
      json: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8310-5', display: 'Body temperature' }] },
        subject: { reference: `Patient/${unknownId}` },
        effectiveDateTime: new Date().toISOString(),
        valueQuantity: { value: 38.7, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
      },
    }),
    201,
  );
  observationId = obs.id;
  const note = await expectStatus<Resource>(
    await t.fhir('Composition', {
      method: 'POST',
      as: DOCTOR,
      json: {
        resourceType: 'Composition',
        status: 'final',
        type: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'B02-2' }] },
        subject: { reference: `Patient/${unknownId}` },
        date: new Date().toISOString(),
        author: [{ display: 'Legevaktlege' }],
        title: 'Legevaktnotat',
        section: [
          {
            title: 'Funn',
            text: {
              status: 'generated',
              div: '<div xmlns="http://www.w3.org/1999/xhtml">Feber, forvirret</div>',
            },
          },
        ],
      },
    }),
    201,
  );
  noteId = note.id;
});
afterAll(async () => t?.close());

const merge = (source: string, target: string, extra: Record<string, string> = {}) =>
  operationParameters({
    'source-patient': `Patient/${source}`,
    'target-patient': `Patient/${target}`,
    ...extra,
  });

describe('merging an H-number record into the identified person', () => {
  it('needs access to both records (without it, the target is simply not found)', async () => {
    const response = await t.fhir('Patient/$merge', {
      method: 'POST',
      as: DOCTOR,
      json: merge(unknownId, 'olav-bakke'),
    });
    expect(response.status).toBe(404);
  });

  it('previews what would move, without moving it', async () => {
    // The doctor identifies the patient and opens his record with emergency access.
    await expectStatus(
      await t.fhir('Patient/olav-bakke/$emergency-access', {
        method: 'POST',
        as: DOCTOR,
        json: operationParameters({ reason: 'Identifisert av pårørende, akutt forvirring' }),
      }),
      200,
    );
    const preview = await expectStatus<Parameters>(
      await t.fhir('Patient/$merge', {
        method: 'POST',
        as: DOCTOR,
        json: merge(unknownId, 'olav-bakke', { preview: 'true' }),
      }),
      200,
    );
    const byType = Object.fromEntries(
      preview.parameter
        .filter((p) => p.name === 'resources')
        .map((p) => [
          p.part?.find((x) => x.name === 'type')?.valueCode,
          p.part?.find((x) => x.name === 'count')?.valueInteger,
        ]),
    );
    expect(byType).toMatchObject({ Observation: 1, Composition: 1 });
    const obs = await expectStatus<Resource>(await t.fhir(`Observation/${observationId}`), 200);
    expect((obs['subject'] as { reference: string }).reference).toBe(`Patient/${unknownId}`);
  });

  it('moves every entry, keeps the history, retires the H-number record', async () => {
    const result = await expectStatus<Parameters>(
      await t.fhir('Patient/$merge', { method: 'POST', as: DOCTOR, json: merge(unknownId, 'olav-bakke') }),
      200,
    );
    expect(result.parameter.find((p) => p.name === 'moved')?.valueInteger).toBe(2);

    const obs = await expectStatus<Resource>(await t.fhir(`Observation/${observationId}`), 200);
    expect((obs['subject'] as { reference: string }).reference).toBe('Patient/olav-bakke');
    const first = await expectStatus<Resource>(await t.fhir(`Observation/${observationId}/_history/1`), 200);
    expect((first['subject'] as { reference: string }).reference).toBe(`Patient/${unknownId}`);
    // A signed note moves as it is: still final, nothing changed but the patient.
    const note = await expectStatus<Resource>(await t.fhir(`Composition/${noteId}`), 200);
    expect(note['status']).toBe('final');
    expect((note['subject'] as { reference: string }).reference).toBe('Patient/olav-bakke');

    const source = await expectStatus<Resource>(await t.fhir(`Patient/${unknownId}`), 200);
    expect(source['active']).toBe(false);
    expect(source['link']).toEqual([{ other: { reference: 'Patient/olav-bakke' }, type: 'replaced-by' }]);
    const found = await expectStatus<{ entry?: { resource: Resource }[] }>(
      await t.fhir(
        `Patient?identifier=${encodeURIComponent(`https://akson.no/fhir/NamingSystem/h-nummer|${hnr}`)}`,
      ),
      200,
    );
    expect(found.entry?.map((e) => e.resource.id).sort()).toEqual(['olav-bakke', unknownId].sort());
    const olav = found.entry?.find((e) => e.resource.id === 'olav-bakke')?.resource;
    expect(olav?.['link']).toEqual([{ other: { reference: `Patient/${unknownId}` }, type: 'replaces' }]);

    // Everything now appears in the identified patient's record.
    const record = await expectStatus<{ total?: number }>(
      await t.fhir('Patient/olav-bakke/Observation?_total=accurate'),
      200,
    );
    expect(record.total).toBeGreaterThanOrEqual(1);
  });

  it('refuses to merge a record twice, to merge two real identities, or for a citizen', async () => {
    const again = await t.fhir('Patient/$merge', {
      method: 'POST',
      as: DOCTOR,
      json: merge(unknownId, 'olav-bakke'),
    });
    expect(again.status).toBe(400);
    expect(errorCodeOf((await again.json()) as OperationOutcomeJson)).toBe('AKS_ERR_MERGE_INVALID');
    const real = await t.fhir('Patient/$merge', { method: 'POST', json: merge('kari-lie', 'olav-bakke') });
    expect(real.status).toBe(400);
    expect(errorCodeOf((await real.json()) as OperationOutcomeJson)).toBe('AKS_ERR_MERGE_INVALID');
    const citizen = await t.fhir('Patient/$merge', {
      method: 'POST',
      as: 'kari',
      json: merge(unknownId, 'kari-lie'),
    });
    expect(citizen.status).toBe(403);
  });
});

const temperature = (patientId: string, value: number): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8310-5', display: 'Body temperature' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: new Date().toISOString(),
  valueQuantity: { value, unit: 'Cel', system: 'http://unitsofmeasure.org', code: 'Cel' },
});

async function registerUnknown(day: number): Promise<string> {
  const created = await expectStatus<Resource>(
    await t.fhir('Patient', {
      method: 'POST',
      as: DOCTOR,
      json: {
        resourceType: 'Patient',
        identifier: [
          {
            type: HNR_TYPE,
            system: 'https://akson.no/fhir/NamingSystem/h-nummer',
            value: hNumber(day, 2, 1951),
          },
        ],
        name: [{ text: 'Ukjent' }],
      },
    }),
    201,
  );
  return created.id;
}

describe('a retired (merged) record', () => {
  it('takes no new entries, from anyone, and says which record survives', async () => {
    for (const as of [DOCTOR, undefined]) {
      const response = await t.fhir('Observation', {
        method: 'POST',
        ...(as ? { as } : {}),
        json: temperature(unknownId, 37.9),
      });
      expect(response.status).toBe(422);
      const oo = (await response.json()) as OperationOutcomeJson & {
        issue: { details?: { text?: string } }[];
      };
      expect(errorCodeOf(oo)).toBe('AKS_ERR_PATIENT_RETIRED');
      expect(oo.issue[0]?.details?.text).toContain('Patient/olav-bakke');
    }
    // Nothing was written: the retired record is still empty.
    const left = await expectStatus<{ total?: number }>(
      await t.fhir(`Observation?patient=Patient/${unknownId}&_total=accurate`),
      200,
    );
    expect(left.total).toBe(0);
  });

  it('leaves nothing behind when entries are written while the merge runs', async () => {
    const sourceId = await registerUnknown(3);
    await expectStatus(
      await t.fhir('Observation', { method: 'POST', as: DOCTOR, json: temperature(sourceId, 38.1) }),
      201,
    );
    // Transactions of several entries each: the first entry is decided well before the transaction commits,
    // which is when a merge that does not wait for it would miss it.
    const writes = Array.from({ length: 8 }, (_, i) =>
      t.fhir(t.base, {
        method: 'POST',
        as: DOCTOR,
        json: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: Array.from({ length: 8 }, (_, j) => ({
            request: { method: 'POST', url: 'Observation' },
            resource: temperature(sourceId, 36 + i / 10 + j / 100),
          })),
        },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const merged = await t.fhir('Patient/$merge', {
      method: 'POST',
      as: DOCTOR,
      json: merge(sourceId, 'olav-bakke'),
    });
    expect(merged.status).toBe(200);
    const created: string[] = [];
    for (const r of await Promise.all(writes)) {
      if (r.status === 200) {
        const bundle = (await r.json()) as { entry: { response: { location: string } }[] };
        for (const e of bundle.entry) {
          created.push(/Observation\/([^/]+)\/_history/.exec(e.response.location)?.[1] ?? 'missing');
        }
      } else {
        expect(r.status).toBe(422);
        expect(errorCodeOf((await r.json()) as OperationOutcomeJson)).toBe('AKS_ERR_PATIENT_RETIRED');
      }
    }
    const left = await expectStatus<{ total?: number }>(
      await t.fhir(`Observation?patient=Patient/${sourceId}&_total=accurate`),
      200,
    );
    expect(left.total).toBe(0);
    for (const id of created) {
      const moved = await expectStatus<Resource>(await t.fhir(`Observation/${id}`), 200);
      expect((moved['subject'] as { reference: string }).reference).toBe('Patient/olav-bakke');
    }
  });
});
