import { syntheticNationalId } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Address protection (strengt fortrolig / fortrolig): the address is shown to the citizen only. Every other
 * output — read, vread, history, search (matches and includes), batch, write responses, patches — carries a
 * stand-in, a protected address cannot be found by searching for it, and sending the stand-in back does not
 * erase the real address. Lena (demo) is strengt fortrolig; a second patient is created here as fortrolig.
 */

const LENA = 'lena-dahl';
const STREET = 'Møllevannsveien 3';
const PROTECTION_URL = 'https://akson.no/fhir/StructureDefinition/address-protection';
let t: TestServer;

interface Address {
  line?: string[];
  city?: string;
  postalCode?: string;
  text?: string;
  extension?: { url: string; valueCoding?: { code?: string } }[];
}
interface PatientJson {
  resourceType: 'Patient';
  id: string;
  meta?: { versionId?: string };
  address?: Address[];
  telecom?: { system: string; value: string }[];
  [k: string]: unknown;
}
interface Bundle {
  entry?: {
    resource?: { resourceType: string; id: string; address?: Address[] };
    response?: { status: string };
  }[];
  total?: number;
}

function expectRedacted(address: Address | undefined, level: string): void {
  expect(address).toBeDefined();
  expect(address?.line).toBeUndefined();
  expect(address?.postalCode).toBeUndefined();
  expect(address?.city).toBeUndefined();
  expect(address?.text).toContain('Adresse skjermet');
  expect(address?.extension?.find((e) => e.url === PROTECTION_URL)?.valueCoding?.code).toBe(level);
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe('a strengt fortrolig address', () => {
  it('is hidden from an integration and from the GP, shown to the citizen', async () => {
    const asSystem = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`), 200);
    expectRedacted(asSystem.address?.[0], 'strengt-fortrolig');
    const asGp = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lund' }), 200);
    expectRedacted(asGp.address?.[0], 'strengt-fortrolig');
    const asLena = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    expect(asLena.address?.[0]?.line).toEqual([STREET]);
  });

  it('is hidden in vread, history, search, includes and batch responses', async () => {
    const read = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`), 200);
    const version = read.meta?.versionId ?? '1';
    const vread = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}/_history/${version}`), 200);
    expectRedacted(vread.address?.[0], 'strengt-fortrolig');
    const history = await expectStatus<Bundle>(await t.fhir(`Patient/${LENA}/_history`), 200);
    for (const e of history.entry ?? []) expectRedacted(e.resource?.address?.[0], 'strengt-fortrolig');
    const search = await expectStatus<Bundle>(await t.fhir(`Patient?_id=${LENA}`, { as: 'lund' }), 200);
    expectRedacted(search.entry?.[0]?.resource?.address?.[0], 'strengt-fortrolig');

    const obs = await expectStatus<{ id: string }>(
      await t.fhir('Observation', {
        method: 'POST',
        json: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
          subject: { reference: `Patient/${LENA}` },
          effectiveDateTime: '2026-11-01T10:00:00+01:00',
          valueQuantity: { value: 61, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
        },
      }),
      201,
    );
    const included = await expectStatus<Bundle>(
      await t.fhir(`Observation?_id=${obs.id}&_include=Observation:subject`),
      200,
    );
    const patient = included.entry?.find((e) => e.resource?.resourceType === 'Patient');
    expectRedacted(patient?.resource?.address?.[0], 'strengt-fortrolig');

    const batch = await expectStatus<Bundle>(
      await t.fhir(t.base, {
        method: 'POST',
        json: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [{ request: { method: 'GET', url: `Patient/${LENA}` } }],
        },
      }),
      200,
    );
    expectRedacted(batch.entry?.[0]?.resource?.address?.[0], 'strengt-fortrolig');
  });

  it('cannot be found by searching for it', async () => {
    for (const query of [
      `address=${encodeURIComponent('Møllevannsveien')}`,
      'address-postalcode=4790&family=Dahl',
    ]) {
      const bundle = await expectStatus<Bundle>(await t.fhir(`Patient?${query}`), 200);
      expect((bundle.entry ?? []).map((e) => e.resource?.id)).not.toContain(LENA);
    }
  });

  it('survives an update that sends the stand-in back, and the response does not reveal it', async () => {
    const shown = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`), 200);
    const updated = await expectStatus<PatientJson>(
      await t.fhir(`Patient/${LENA}`, {
        method: 'PUT',
        headers: { prefer: 'return=representation' },
        json: { ...shown, telecom: [{ system: 'phone', value: '+4791234567' }] },
      }),
      200,
    );
    expectRedacted(updated.address?.[0], 'strengt-fortrolig');
    // Strengt fortrolig: the phone number is not shown either, not even to the writer who just sent it.
    expect(JSON.stringify(updated)).not.toContain('91234567');
    const asLena = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    expect(asLena.address?.[0]?.line).toEqual([STREET]);
    expect(asLena.telecom?.[0]?.value).toBe('+4791234567');
  });

  it('cannot be probed with a JSON Patch test operation', async () => {
    const response = await t.fhir(`Patient/${LENA}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'test', path: '/address/0/line/0', value: STREET }]),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const asLena = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    expect(asLena.address?.[0]?.line).toEqual([STREET]);
  });
});

describe('a fortrolig address on a new patient', () => {
  it('is hidden in the create response and from conditional-create matches', async () => {
    const fnr = syntheticNationalId({ birthDate: '1988-04-13', gender: 'female', sequence: 3 });
    const body = {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: fnr }],
      name: [{ family: 'Skjult', given: ['Siri'] }],
      address: [
        {
          line: ['Hemmeligveien 9'],
          postalCode: '4790',
          city: 'LILLESAND',
          extension: [
            {
              url: PROTECTION_URL,
              valueCoding: {
                system: 'https://akson.no/fhir/CodeSystem/address-protection',
                code: 'fortrolig',
              },
            },
          ],
        },
      ],
    };
    const created = await expectStatus<PatientJson>(
      await t.fhir('Patient', { method: 'POST', headers: { prefer: 'return=representation' }, json: body }),
      201,
    );
    expectRedacted(created.address?.[0], 'fortrolig');
    const again = await expectStatus<PatientJson>(
      await t.fhir('Patient', {
        method: 'POST',
        headers: {
          prefer: 'return=representation',
          'if-none-exist': `identifier=urn:oid:2.16.578.1.12.4.1.4.1|${fnr}`,
        },
        json: body,
      }),
      200,
    );
    expect(again.id).toBe(created.id);
    expectRedacted(again.address?.[0], 'fortrolig');
  });
});

const PHONE = '+4790011223';
const CONTACT_STREET = 'Kirkeveien 12';

describe('what else locates a strengt fortrolig citizen', () => {
  beforeAll(async () => {
    // The register adds a narrative (repeating the address), a phone and a contact person with an address.
    const stored = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    const { meta: _meta, ...body } = stored;
    await expectStatus(
      await t.fhir(`Patient/${LENA}`, {
        method: 'PUT',
        json: {
          ...body,
          text: {
            status: 'generated',
            div: `<div xmlns="http://www.w3.org/1999/xhtml">Lena Dahl, ${STREET}, 4790 Lillesand</div>`,
          },
          telecom: [{ system: 'phone', value: PHONE, use: 'mobile' }],
          contact: [
            {
              name: { family: 'Dahl', given: ['Mona'] },
              telecom: [{ system: 'phone', value: '+4790099887' }],
              address: { line: [CONTACT_STREET], postalCode: '4790', city: 'LILLESAND' },
            },
          ],
        },
      }),
      200,
    );
  });

  const hidden = (json: unknown): void => {
    const text = JSON.stringify(json);
    for (const secret of [STREET, 'Møllevannsveien', PHONE, '90099887', CONTACT_STREET]) {
      expect(text, secret).not.toContain(secret);
    }
  };

  it('hides the narrative, the phone and the contact person’s address and phone from everyone else', async () => {
    for (const as of ['lund', undefined]) {
      const shown = await expectStatus<PatientJson>(
        await t.fhir(`Patient/${LENA}`, { ...(as ? { as } : {}) }),
        200,
      );
      hidden(shown);
      expect(JSON.stringify(shown['text'])).toContain('Adresse skjermet');
      expectRedacted((shown['contact'] as { address?: Address }[])[0]?.address, 'strengt-fortrolig');
    }
    const own = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    expect(JSON.stringify(own)).toContain(CONTACT_STREET);
    expect(own.telecom?.[0]?.value).toBe(PHONE);
  });

  it('keeps them when what was shown is sent back', async () => {
    const shown = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`), 200);
    await expectStatus(
      await t.fhir(`Patient/${LENA}`, { method: 'PUT', json: { ...shown, gender: 'female' } }),
      200,
    );
    const own = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    expect(own.address?.[0]?.line).toEqual([STREET]);
    expect(own.telecom?.[0]?.value).toBe(PHONE);
    expect(JSON.stringify(own['text'])).toContain(STREET);
    expect((own['contact'] as { address?: Address }[])[0]?.address?.line).toEqual([CONTACT_STREET]);
  });

  it('protects a relative living at the same address, written before or after the protection', async () => {
    const relative = (given: string) => ({
      resourceType: 'RelatedPerson',
      active: true,
      patient: { reference: `Patient/${LENA}` },
      relationship: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SPS' }] },
      ],
      name: [{ family: 'Dahl', given: [given] }],
      address: [{ line: [STREET], postalCode: '4790', city: 'LILLESAND' }],
    });
    const after = await expectStatus<{ id: string; address?: Address[] }>(
      await t.fhir('RelatedPerson', {
        method: 'POST',
        headers: { prefer: 'return=representation' },
        json: relative('Jon'),
      }),
      201,
    );
    expectRedacted(after.address?.[0], 'strengt-fortrolig');

    // A relative registered while the address was not yet protected gets the protection with it.
    const own = await expectStatus<PatientJson>(await t.fhir(`Patient/${LENA}`, { as: 'lena' }), 200);
    const { meta: _meta, ...unprotected } = own;
    const plain = (own.address ?? []).map(({ extension: _e, ...a }) => a);
    await expectStatus(
      await t.fhir(`Patient/${LENA}`, { method: 'PUT', json: { ...unprotected, address: plain } }),
      200,
    );
    const before = await expectStatus<{ id: string }>(
      await t.fhir('RelatedPerson', { method: 'POST', json: relative('Eva') }),
      201,
    );
    expect(
      JSON.stringify(await expectStatus(await t.fhir(`RelatedPerson/${before.id}`, { as: 'lund' }), 200)),
    ).toContain(STREET);
    await expectStatus(
      await t.fhir(`Patient/${LENA}`, { method: 'PUT', json: { ...unprotected, address: own.address } }),
      200,
    );
    for (const id of [after.id, before.id]) {
      const shown = await expectStatus<{ address?: Address[] }>(
        await t.fhir(`RelatedPerson/${id}`, { as: 'lund' }),
        200,
      );
      expectRedacted(shown.address?.[0], 'strengt-fortrolig');
    }
    const found = await expectStatus<Bundle>(
      await t.fhir(`RelatedPerson?address=${encodeURIComponent('Møllevannsveien')}`),
      200,
    );
    expect(found.entry ?? []).toEqual([]);
  });

  it('shows none of it in $summary, $everything or $timeline', async () => {
    await expectStatus(
      await t.fhir('Encounter', {
        method: 'POST',
        json: {
          resourceType: 'Encounter',
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          subject: { reference: `Patient/${LENA}` },
          serviceProvider: { reference: 'Organization/lillesand-legekontor' },
          period: { start: '2026-10-01T10:00:00Z', end: '2026-10-01T10:20:00Z' },
        },
      }),
      201,
    );
    for (const as of ['lund', undefined]) {
      for (const operation of ['$summary', '$everything', '$timeline']) {
        const bundle = await expectStatus<Bundle>(
          await t.fhir(`Patient/${LENA}/${operation}`, { ...(as ? { as } : {}) }),
          200,
        );
        expect(bundle.entry?.length ?? 0, operation).toBeGreaterThan(0);
        hidden(bundle);
      }
    }
    // The timeline is not empty of what matters: the contact is there.
    const timeline = await expectStatus<Bundle>(
      await t.fhir(`Patient/${LENA}/$timeline`, { as: 'lund' }),
      200,
    );
    expect(timeline.entry?.some((e) => e.resource?.resourceType === 'Encounter')).toBe(true);
  });
});
