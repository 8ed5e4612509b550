/**
 * Writes of the medication list through the service layer, over real HTTP: a change that does not say which
 * version it was based on is refused (428) on every path — PUT, PATCH, conditional update, transaction entries
 * — for lines, prescriptions and administrations, while update-as-create is not an overwrite; and a successful
 * line write says what its checks found without stopping it (Prefer: return=OperationOutcome).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, episodeAt, newPatient } from './access-fixtures.ts';
import { expectError, type OperationOutcome } from './fhir-test-kit.ts';
import {
  FINDING_URL,
  LINE_SYSTEM,
  LINK_URL,
  createLine,
  daily,
  line,
  lineIdOf,
  readLine,
  type Json,
} from './medication-test-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const REQUIRED = 'AKS_ERR_RESOURCE_VERSION_REQUIRED';
const ACTION_URL = 'https://akson.no/fhir/StructureDefinition/prescription-action';

async function patient(): Promise<string> {
  const id = await newPatient(t, 'Versjon', {
    generalPractitioner: [{ reference: 'PractitionerRole/eirik-berg--lillesand-legekontor' }],
  });
  await episodeAt(t, id, 'hjemmesykepleien-nord');
  return id;
}

/** The resource as a client would send it back without knowing its version: no meta at all. */
function withoutMeta(resource: Json): Json {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

const versionOf = (resource: Json): string => String((resource['meta'] as Json)['versionId']);

async function expectVersionRequired(response: Response): Promise<void> {
  const oo = await expectError(response, 428, REQUIRED);
  expect(oo.issue[0]?.details?.text).toMatch(/If-Match/);
}

describe('a medication change without the version it was based on', () => {
  it('is refused with 428 on PUT and PATCH, and accepted with If-Match or meta.versionId', async () => {
    const p = await patient();
    const created = await createLine(t, 'berg', line(p, 'paracetamol', [daily(1, 'tablett', ['MORN'])]));
    const changed = { ...withoutMeta(created), dosage: [daily(1, 'tablett', ['MORN', 'EVE'])] };

    await expectVersionRequired(
      await t.fhir(`MedicationStatement/${created.id}`, { method: 'PUT', as: 'berg', json: changed }),
    );
    const patch = (headers: Record<string, string>) =>
      t.fhir(`MedicationStatement/${created.id}`, {
        method: 'PATCH',
        as: 'berg',
        headers: { 'content-type': 'application/json-patch+json', ...headers },
        body: JSON.stringify([{ op: 'add', path: '/reasonCode', value: [{ text: 'Hodepine' }] }]),
      });
    await expectVersionRequired(await patch({}));
    // Nothing was written.
    expect(versionOf(await readLine(t, 'berg', created.id))).toBe('1');

    const second = await expectStatus<Json>(
      await t.fhir(`MedicationStatement/${created.id}`, {
        method: 'PUT',
        as: 'berg',
        headers: { 'if-match': 'W/"1"' },
        json: changed,
      }),
      200,
    );
    expect(versionOf(second)).toBe('2');
    // The body's meta.versionId names the version as well as If-Match does.
    const third = await expectStatus<Json>(
      await t.fhir(`MedicationStatement/${created.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...second, reasonCode: [{ text: 'Smerter' }] },
      }),
      200,
    );
    expect(versionOf(third)).toBe('3');
    expect(versionOf(await expectStatus<Json>(await patch({ 'if-match': 'W/"3"' }), 200))).toBe('4');
  });

  it('is refused for prescriptions and administrations too', async () => {
    const p = await patient();
    const metoprolol = await createLine(t, 'berg', line(p, 'metoprolol', [daily(1, 'tablett', ['MORN'])]));
    const link = { url: LINK_URL, valueReference: { reference: `MedicationStatement/${metoprolol.id}` } };
    const prescription = await expectStatus<Json & { id: string }>(
      await t.fhir('MedicationRequest', {
        method: 'POST',
        as: 'berg',
        json: {
          resourceType: 'MedicationRequest',
          status: 'active',
          intent: 'order',
          extension: [link, { url: ACTION_URL, valueCode: 'renew' }],
          subject: { reference: `Patient/${p}` },
          medicationCodeableConcept: metoprolol['medicationCodeableConcept'],
        },
      }),
      201,
    );
    await expectVersionRequired(
      await t.fhir(`MedicationRequest/${prescription.id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...withoutMeta(prescription), note: [{ text: 'Fornyet' }] },
      }),
    );
    const given = await expectStatus<Json & { id: string }>(
      await t.fhir('MedicationAdministration', {
        method: 'POST',
        as: 'silje',
        json: {
          resourceType: 'MedicationAdministration',
          extension: [link],
          status: 'completed',
          subject: { reference: `Patient/${p}` },
          medicationCodeableConcept: metoprolol['medicationCodeableConcept'],
          effectiveDateTime: new Date(Date.now() - 60_000).toISOString(),
          dosage: { dose: { value: 1, unit: 'tablett' } },
        },
      }),
      201,
    );
    await expectVersionRequired(
      await t.fhir(`MedicationAdministration/${given.id}`, {
        method: 'PUT',
        as: 'silje',
        json: { ...withoutMeta(given), note: [{ text: 'Tatt med vann' }] },
      }),
    );
  });

  it('is refused in a transaction entry and a conditional update, and passes with request.ifMatch', async () => {
    const p = await patient();
    const created = await createLine(t, 'berg', line(p, 'paracetamol', [daily(1, 'tablett', ['MORN'])]));
    const changed = { ...withoutMeta(created), dosage: [daily(2, 'tablett', ['MORN'])] };
    const transaction = (request: Json) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: changed,
          request: { method: 'PUT', url: `MedicationStatement/${created.id}`, ...request },
        },
      ],
    });
    await expectVersionRequired(await t.fhir(t.base, { method: 'POST', as: 'berg', json: transaction({}) }));
    await expectVersionRequired(
      await t.fhir(
        `MedicationStatement?identifier=${encodeURIComponent(`${LINE_SYSTEM}|${lineIdOf(created)}`)}`,
        {
          method: 'PUT',
          as: 'berg',
          json: changed,
        },
      ),
    );
    expect(versionOf(await readLine(t, 'berg', created.id))).toBe('1');
    const done = await expectStatus<Json>(
      await t.fhir(t.base, { method: 'POST', as: 'berg', json: transaction({ ifMatch: 'W/"1"' }) }),
      200,
    );
    expect(((done['entry'] as Json[])[0]?.['response'] as Json)['etag']).toBe('W/"2"');
  });

  it('is not required for update-as-create, which overwrites nothing', async () => {
    const p = await patient();
    const id = crypto.randomUUID();
    const created = await expectStatus<Json>(
      await t.fhir(`MedicationStatement/${id}`, {
        method: 'PUT',
        as: 'berg',
        json: { ...line(p, 'paracetamol', [daily(1, 'tablett', ['MORN'])]), id },
      }),
      201,
    );
    expect(versionOf(created)).toBe('1');
  });
});

describe('a saved line write', () => {
  it('returns what its checks found without stopping it, with Prefer: return=OperationOutcome', async () => {
    const p = await patient();
    // An allergy recorded as text only: no line can be checked against it automatically.
    await create(t, {
      resourceType: 'AllergyIntolerance',
      patient: { reference: `Patient/${p}` },
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
        ],
      },
      code: { text: 'Sulfa' },
    });
    await createLine(t, 'berg', line(p, 'ibuprofen', [daily(1, 'tablett', ['MORN'])]));
    // Ibuprofen + naproxen: a therapeutic duplicate (moderate), saved without acknowledgement.
    const outcome = await expectStatus<OperationOutcome>(
      await t.fhir('MedicationStatement', {
        method: 'POST',
        as: 'berg',
        headers: { prefer: 'return=OperationOutcome' },
        json: line(p, 'naproxen', [daily(1, 'tablett', ['EVE'])]),
      }),
      201,
    );
    expect(outcome.resourceType).toBe('OperationOutcome');
    const kinds = outcome.issue.map((issue) => {
      const finding = (issue as { extension?: Json[] }).extension?.find((e) => e['url'] === FINDING_URL);
      const kind = (finding?.['extension'] as Json[] | undefined)?.find((e) => e['url'] === 'kind');
      return [issue.severity, kind?.['valueCode'] ?? issue.code];
    });
    expect(kinds).toEqual(expect.arrayContaining([['warning', 'duplicate']]));
    const notAssessed = outcome.issue.find((issue) => issue.code === 'incomplete');
    expect(notAssessed?.details?.text).toMatch(/^Ikke vurdert: .*Sulfa/);
    // The same write answered with the resource, as by default, still saved it.
    const lines = await expectStatus<{ total?: number }>(
      await t.fhir(`MedicationStatement?patient=${p}&_total=accurate`, { as: 'berg' }),
      200,
    );
    expect(lines.total).toBe(2);
  });

  it('carries the same findings in its transaction entry’s response.outcome', async () => {
    const p = await patient();
    await createLine(t, 'berg', line(p, 'ibuprofen', [daily(1, 'tablett', ['MORN'])]));
    const response = await expectStatus<{
      entry: { response: { status: string; outcome?: OperationOutcome } }[];
    }>(
      await t.fhir('', {
        method: 'POST',
        as: 'berg',
        json: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              resource: line(p, 'naproxen', [daily(1, 'tablett', ['EVE'])]),
              request: { method: 'POST', url: 'MedicationStatement' },
            },
          ],
        },
      }),
      200,
    );
    const entry = response.entry[0]?.response;
    expect(entry?.status).toBe('201 Created');
    expect(entry?.outcome?.resourceType).toBe('OperationOutcome');
    expect(entry?.outcome?.issue.some((i) => i.severity === 'warning')).toBe(true);
  });
});
