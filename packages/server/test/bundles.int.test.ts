/**
 * Batch and transaction Bundles over real HTTP: atomicity (a failing entry leaves nothing behind, checked by
 * searching afterwards), reference resolution (urn:uuid, absolute fullUrls, conditional references, narrative
 * links), conditional create/update, processing order, PATCH via Binary, duplicate targets, per-entry batch
 * outcomes, a 100-entry transaction and the entry limit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  countOf,
  create,
  errorCode,
  expectError,
  search,
  searchIds,
  type Bundle,
  type BundleEntry,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

type Entry = {
  fullUrl?: string;
  resource?: Record<string, unknown>;
  request: { method: string; url: string; ifNoneExist?: string; ifMatch?: string };
};

const post = (
  type: string,
  resource: Record<string, unknown>,
  fullUrl?: string,
  ifNoneExist?: string,
): Entry => ({
  ...(fullUrl ? { fullUrl } : {}),
  resource: { resourceType: type, ...resource },
  request: { method: 'POST', url: type, ...(ifNoneExist ? { ifNoneExist } : {}) },
});
const put = (type: string, id: string, resource: Record<string, unknown>, ifMatch?: string): Entry => ({
  resource: { resourceType: type, id, ...resource },
  request: { method: 'PUT', url: `${type}/${id}`, ...(ifMatch ? { ifMatch } : {}) },
});
const del = (type: string, id: string): Entry => ({ request: { method: 'DELETE', url: `${type}/${id}` } });
const get = (url: string): Entry => ({ request: { method: 'GET', url } });
const patch = (type: string, id: string, ops: unknown[], ifMatch?: string): Entry => ({
  resource: {
    resourceType: 'Binary',
    contentType: 'application/json-patch+json',
    data: Buffer.from(JSON.stringify(ops)).toString('base64'),
  },
  request: { method: 'PATCH', url: `${type}/${id}`, ...(ifMatch ? { ifMatch } : {}) },
});

function send(
  type: 'transaction' | 'batch',
  entry: Entry[],
  headers: Record<string, string> = {},
): Promise<Response> {
  return t.fhir(t.base, { method: 'POST', json: { resourceType: 'Bundle', type, entry }, headers });
}
const urn = () => `urn:uuid:${randomUUID()}`;
const idFromLocation = (e: BundleEntry | undefined) =>
  /\/([^/]+)\/_history\//.exec(e?.response?.location ?? '')?.[1] as string;
const read = async (path: string) => expectStatus<Resource>(await t.fhir(path), 200);

describe('transaction atomicity: a failing entry leaves nothing behind', () => {
  /**
   * Every transaction below has three good entries (a create, an update, a delete) and one bad one. After the
   * refusal, the create is not findable, the updated resource is still at version 1 and the deleted one is
   * still there.
   */
  async function attempt(
    bad: (ctx: { updated: Resource; victim: Resource }) => Entry | Entry[],
    status: number,
    code?: string,
  ) {
    const marker = randomUUID();
    const updated = await create(t, { resourceType: 'Patient', name: [{ family: 'Før' }] });
    const victim = await create(t, { resourceType: 'Patient', name: [{ family: 'Offer' }] });
    const good: Entry[] = [
      post('Patient', { identifier: [{ system: 'urn:atomic', value: marker }] }, urn()),
      put('Patient', updated.id, { name: [{ family: 'Etter' }] }),
      del('Patient', victim.id),
    ];
    const extra = bad({ updated, victim });
    const res = await send('transaction', [...good, ...(Array.isArray(extra) ? extra : [extra])]);
    const oo = await expectError(res, status, code);
    expect(await countOf(t, `Patient?identifier=urn:atomic|${marker}`)).toBe(0);
    expect((await read(`Patient/${updated.id}`)).meta?.versionId).toBe('1');
    expect((await read(`Patient/${victim.id}`)).meta?.versionId).toBe('1');
    return oo;
  }

  it('an invalid resource (400, with the entry named in the expression)', async () => {
    const oo = await attempt(() => post('Patient', { gender: 'bogus' }), 400);
    expect(oo.issue[0]?.expression?.[0]).toMatch(/^Bundle\.entry\[3\]\.resource\.gender/);
  });

  it('a stale If-Match on an update (412)', async () => {
    const other = await create(t, { resourceType: 'Patient' });
    await attempt(
      () => put('Patient', other.id, { active: true }, 'W/"2"'),
      412,
      'AKS_ERR_RESOURCE_VERSION_CONFLICT',
    );
  });

  it('a stale If-Match on a PATCH (412)', async () => {
    const other = await create(t, { resourceType: 'Patient' });
    await attempt(
      () => patch('Patient', other.id, [{ op: 'add', path: '/active', value: true }], 'W/"7"'),
      412,
    );
  });

  it('a stale If-Match on a DELETE (412)', async () => {
    const other = await create(t, { resourceType: 'Patient' });
    await attempt(
      () => ({
        ...del('Patient', other.id),
        request: { method: 'DELETE', url: `Patient/${other.id}`, ifMatch: 'W/"3"' },
      }),
      412,
    );
    expect((await read(`Patient/${other.id}`)).meta?.versionId).toBe('1');
  });

  it('a urn:uuid reference that no entry defines (400)', async () => {
    await attempt(
      () => post('Observation', { status: 'final', code: { text: 'x' }, subject: { reference: urn() } }),
      400,
      'AKS_ERR_BUNDLE_REFERENCE',
    );
  });

  it('a conditional reference that matches nothing (400)', async () => {
    await attempt(
      () =>
        post('Observation', {
          status: 'final',
          code: { text: 'x' },
          subject: { reference: `Patient?identifier=urn:none|${randomUUID()}` },
        }),
      400,
      'AKS_ERR_BUNDLE_REFERENCE',
    );
  });

  it('a JSON Patch that fails its test operation (400)', async () => {
    await attempt(
      ({ victim }) => patch('Patient', victim.id, [{ op: 'test', path: '/active', value: true }]),
      400,
    );
  });

  it('a read of something that does not exist (404)', async () => {
    await attempt(() => get(`Patient/${randomUUID()}`), 404);
  });

  it('an entry without a request (400)', async () => {
    await attempt(
      () => ({ resource: { resourceType: 'Patient' } }) as unknown as Entry,
      400,
      'AKS_ERR_BUNDLE_ENTRY',
    );
  });
});

describe('references inside a transaction', () => {
  it('urn:uuid fullUrls are replaced by the new ids in references and in the narrative', async () => {
    const p = urn();
    const enc = urn();
    const res = await send('transaction', [
      post(
        'Observation',
        {
          status: 'final',
          code: { text: 'puls' },
          subject: { reference: p },
          encounter: { reference: enc },
          extension: [
            { url: 'http://example.org/fhir/StructureDefinition/related', valueReference: { reference: p } },
          ],
          text: {
            status: 'generated',
            div: `<div xmlns="http://www.w3.org/1999/xhtml">Målt hos <a href="${p}">pasienten</a></div>`,
          },
        },
        urn(),
      ),
      post('Encounter', { status: 'finished', class: { code: 'HH' }, subject: { reference: p } }, enc),
      post('Patient', { name: [{ family: 'Urnesen' }] }, p),
    ]);
    const bundle = await expectStatus<Bundle>(res, 200);
    expect(bundle.type).toBe('transaction-response');
    // Responses come in the order of the request entries.
    const [obsEntry, encEntry, patEntry] = bundle.entry ?? [];
    expect(obsEntry?.response?.status).toMatch(/^201/);
    const patientId = idFromLocation(patEntry);
    const encounterId = idFromLocation(encEntry);
    expect(patEntry?.fullUrl).toBe(`${t.base}/Patient/${patientId}`);
    const obs = await read(`Observation/${idFromLocation(obsEntry)}`);
    expect(obs['subject']).toEqual({ reference: `Patient/${patientId}` });
    expect(obs['encounter']).toEqual({ reference: `Encounter/${encounterId}` });
    expect(JSON.stringify(obs['extension'])).toContain(`Patient/${patientId}`);
    expect((obs['text'] as { div: string }).div).toContain(`href="Patient/${patientId}"`);
    expect(JSON.stringify(obs)).not.toContain('urn:uuid');
    expect((await read(`Encounter/${encounterId}`))['subject']).toEqual({
      reference: `Patient/${patientId}`,
    });
    // And the references are searchable.
    expect(await searchIds(t, `Observation?patient=${patientId}`)).toEqual([idFromLocation(obsEntry)]);
  });

  it('an absolute fullUrl of an update is replaced by Type/id', async () => {
    const id = `abs-${randomUUID()}`;
    const res = await send('transaction', [
      { fullUrl: `${t.base}/Patient/${id}`, ...put('Patient', id, { name: [{ family: 'Absolutt' }] }) },
      post('Observation', {
        status: 'final',
        code: { text: 'x' },
        subject: { reference: `${t.base}/Patient/${id}` },
      }),
    ]);
    const bundle = await expectStatus<Bundle>(res, 200);
    const obs = await read(`Observation/${idFromLocation(bundle.entry?.[1])}`);
    expect(obs['subject']).toEqual({ reference: `Patient/${id}` });
  });

  it('conditional references resolve to the one match; none or several are refused', async () => {
    const value = randomUUID();
    const patient = await create(t, {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:condref', value }],
    });
    const ok = await expectStatus<Bundle>(
      await send('transaction', [
        post('Observation', {
          status: 'final',
          code: { text: 'x' },
          subject: { reference: `Patient?identifier=urn:condref|${value}` },
        }),
      ]),
      200,
    );
    expect((await read(`Observation/${idFromLocation(ok.entry?.[0])}`))['subject']).toEqual({
      reference: `Patient/${patient.id}`,
    });

    const none = await send('transaction', [
      post('Observation', {
        status: 'final',
        code: { text: 'x' },
        subject: { reference: `Patient?identifier=urn:condref|${randomUUID()}` },
      }),
    ]);
    expect(errorCode(await expectError(none, 400))).toBe('AKS_ERR_BUNDLE_REFERENCE');

    await create(t, { resourceType: 'Patient', identifier: [{ system: 'urn:condref', value }] });
    const marker = randomUUID();
    const several = await send('transaction', [
      post('Observation', {
        status: 'final',
        code: { text: marker },
        subject: { reference: `Patient?identifier=urn:condref|${value}` },
      }),
    ]);
    expect([400, 412]).toContain(several.status);
    expect((await several.json()).resourceType).toBe('OperationOutcome');
    expect(await countOf(t, `Observation?code:text=${marker}`)).toBe(0);

    const badCriteria = await send('transaction', [
      post('Observation', {
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'Patient?nonsense=1' },
      }),
    ]);
    await expectError(badCriteria, 400);
  });
});

describe('conditional interactions inside a transaction', () => {
  it('ifNoneExist creates when nothing matches and reuses the match otherwise (references follow it)', async () => {
    const value = randomUUID();
    const entries = (fullUrl: string) => [
      post('Patient', { identifier: [{ system: 'urn:ine', value }] }, fullUrl, `identifier=urn:ine|${value}`),
      post('Observation', { status: 'final', code: { text: 'x' }, subject: { reference: fullUrl } }),
    ];
    const first = await expectStatus<Bundle>(await send('transaction', entries(urn())), 200);
    expect(first.entry?.[0]?.response?.status).toMatch(/^201/);
    const patientId = idFromLocation(first.entry?.[0]);
    const second = await expectStatus<Bundle>(await send('transaction', entries(urn())), 200);
    expect(second.entry?.[0]?.response?.status).toMatch(/^200/);
    expect(idFromLocation(second.entry?.[0])).toBe(patientId);
    expect(await countOf(t, `Patient?identifier=urn:ine|${value}`)).toBe(1);
    expect((await read(`Observation/${idFromLocation(second.entry?.[1])}`))['subject']).toEqual({
      reference: `Patient/${patientId}`,
    });
    // "Patient?identifier=..." is accepted as well as the bare query.
    const third = await expectStatus<Bundle>(
      await send('transaction', [
        post(
          'Patient',
          { identifier: [{ system: 'urn:ine', value }] },
          urn(),
          `Patient?identifier=urn:ine|${value}`,
        ),
      ]),
      200,
    );
    expect(idFromLocation(third.entry?.[0])).toBe(patientId);
  });

  it('conditional update creates, then updates the one match', async () => {
    const value = randomUUID();
    const entry = (family: string): Entry => ({
      resource: { resourceType: 'Patient', identifier: [{ system: 'urn:cu', value }], name: [{ family }] },
      request: { method: 'PUT', url: `Patient?identifier=urn:cu|${value}` },
    });
    const created = await expectStatus<Bundle>(await send('transaction', [entry('En')]), 200);
    expect(created.entry?.[0]?.response?.status).toMatch(/^201/);
    const updated = await expectStatus<Bundle>(await send('transaction', [entry('To')]), 200);
    expect(updated.entry?.[0]?.response?.status).toMatch(/^200/);
    const id = idFromLocation(updated.entry?.[0]);
    expect(id).toBe(idFromLocation(created.entry?.[0]));
    const current = await read(`Patient/${id}`);
    expect(current.meta?.versionId).toBe('2');
    expect(current['name']).toEqual([{ family: 'To' }]);
  });
});

describe('processing order: DELETE, then POST, then PUT/PATCH, then GET', () => {
  it('a GET sees what the same transaction created, updated and deleted, wherever it stands', async () => {
    const system = `urn:order:${randomUUID()}`;
    const doomed = await create(t, { resourceType: 'Patient', identifier: [{ system, value: 'doomed' }] });
    const changed = await create(t, { resourceType: 'Patient', identifier: [{ system, value: 'old' }] });
    const bundle = await expectStatus<Bundle>(
      await send('transaction', [
        get(`Patient?identifier=${encodeURIComponent(system)}|&_sort=identifier`),
        put('Patient', changed.id, { identifier: [{ system, value: 'new' }] }),
        post('Patient', { identifier: [{ system, value: 'created' }] }, urn()),
        del('Patient', doomed.id),
      ]),
      200,
    );
    const found = (bundle.entry?.[0]?.resource as unknown as Bundle).entry?.map(
      (e) => (e.resource?.['identifier'] as { value: string }[])[0]?.value,
    );
    expect(found?.sort()).toEqual(['created', 'new']);
    expect(bundle.entry?.map((e) => e.response?.status.slice(0, 3))).toEqual(['200', '200', '201', '204']);
  });

  it('a PUT may refer to what a POST in the same transaction creates, even when written first', async () => {
    const id = `order-${randomUUID()}`;
    const p = urn();
    const bundle = await expectStatus<Bundle>(
      await send('transaction', [
        put('Observation', id, { status: 'final', code: { text: 'x' }, subject: { reference: p } }),
        post('Patient', { name: [{ family: 'Først' }] }, p),
      ]),
      200,
    );
    expect((await read(`Observation/${id}`))['subject']).toEqual({
      reference: `Patient/${idFromLocation(bundle.entry?.[1])}`,
    });
  });

  // BUG (packages/server/src/fhir/bundles/process-bundle.ts, assignTargets): ifNoneExist (and conditional update
  // criteria) are evaluated before any entry runs, so a conditional create still "finds" a resource that a
  // DELETE in the same transaction removes first (R4 3.1.0.11.2 processes DELETEs before POSTs). The create is
  // skipped and answered "200 OK" with the deleted resource. Expected: the create runs (201).
  it('a conditional create does not match a resource deleted earlier in the same transaction', async () => {
    const value = randomUUID();
    const old = await create(t, {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:replace', value }],
    });
    const bundle = await expectStatus<Bundle>(
      await send('transaction', [
        post(
          'Patient',
          { identifier: [{ system: 'urn:replace', value }], name: [{ family: 'Ny' }] },
          urn(),
          `identifier=urn:replace|${value}`,
        ),
        del('Patient', old.id),
      ]),
      200,
    );
    expect(bundle.entry?.[0]?.response?.status).toMatch(/^201/);
    expect(await countOf(t, `Patient?identifier=urn:replace|${value}`)).toBe(1);
  });
});

describe('PATCH via Binary', () => {
  it('applies a JSON Patch in a transaction and in a batch', async () => {
    const p = await create(t, { resourceType: 'Patient', name: [{ family: 'Patch' }] });
    const tx = await expectStatus<Bundle>(
      await send('transaction', [
        patch('Patient', p.id, [{ op: 'add', path: '/gender', value: 'female' }], 'W/"1"'),
      ]),
      200,
    );
    expect(tx.entry?.[0]?.response?.status).toMatch(/^200/);
    expect((await read(`Patient/${p.id}`))['gender']).toBe('female');
    const batch = await expectStatus<Bundle>(
      await send('batch', [patch('Patient', p.id, [{ op: 'replace', path: '/gender', value: 'male' }])]),
      200,
    );
    expect(batch.entry?.[0]?.response?.status).toMatch(/^200/);
    const current = await read(`Patient/${p.id}`);
    expect(current['gender']).toBe('male');
    expect(current.meta?.versionId).toBe('3');
  });

  it('refuses a PATCH that is not a JSON Patch Binary, or that would make the resource invalid', async () => {
    const p = await create(t, { resourceType: 'Patient' });
    const notBinary: Entry = {
      resource: { resourceType: 'Parameters' },
      request: { method: 'PATCH', url: `Patient/${p.id}` },
    };
    await expectError(await send('transaction', [notBinary]), 400, 'AKS_ERR_PATCH_INVALID');
    const badData: Entry = {
      resource: {
        resourceType: 'Binary',
        contentType: 'application/json-patch+json',
        data: Buffer.from('not json').toString('base64'),
      },
      request: { method: 'PATCH', url: `Patient/${p.id}` },
    };
    await expectError(await send('transaction', [badData]), 400, 'AKS_ERR_PATCH_INVALID');
    await expectError(
      await send('transaction', [
        patch('Patient', p.id, [{ op: 'add', path: '/gender', value: 'nonsense' }]),
      ]),
      400,
    );
    await expectError(
      await send('transaction', [patch('Patient', p.id, [{ op: 'replace', path: '/id', value: 'other' }])]),
      400,
      'AKS_ERR_PATCH_INVALID',
    );
    expect((await read(`Patient/${p.id}`)).meta?.versionId).toBe('1');
  });
});

describe('duplicate targets', () => {
  it.each([
    ['PUT twice', (id: string) => [put('Patient', id, {}), put('Patient', id, { active: true })]],
    ['DELETE and PUT', (id: string) => [del('Patient', id), put('Patient', id, {})]],
    [
      'PATCH and DELETE',
      (id: string) => [
        patch('Patient', id, [{ op: 'add', path: '/active', value: true }]),
        del('Patient', id),
      ],
    ],
  ])('%s of the same resource is refused', async (_label, entries) => {
    const p = await create(t, { resourceType: 'Patient' });
    await expectError(await send('transaction', entries(p.id)), 400, 'AKS_ERR_BUNDLE_DUPLICATE');
    expect((await read(`Patient/${p.id}`)).meta?.versionId).toBe('1');
  });

  it('two entries with the same fullUrl are refused', async () => {
    const same = urn();
    const marker = randomUUID();
    const res = await send('transaction', [
      post('Patient', { identifier: [{ system: 'urn:dupurl', value: marker }] }, same),
      post('Patient', { identifier: [{ system: 'urn:dupurl', value: marker }] }, same),
    ]);
    expect(res.status).toBe(400);
    expect(await countOf(t, `Patient?identifier=urn:dupurl|${marker}`)).toBe(0);
  });

  it('two conditional updates with the same criteria are refused', async () => {
    const value = randomUUID();
    const entry: Entry = {
      resource: { resourceType: 'Patient', identifier: [{ system: 'urn:dupcu', value }] },
      request: { method: 'PUT', url: `Patient?identifier=urn:dupcu|${value}` },
    };
    const res = await send('transaction', [entry, entry]);
    expect(res.status).toBe(400);
    expect(await countOf(t, `Patient?identifier=urn:dupcu|${value}`)).toBe(0);
  });
});

describe('batch', () => {
  it('reports each entry on its own and keeps the good ones', async () => {
    const marker = randomUUID();
    const existing = await create(t, { resourceType: 'Patient', name: [{ family: 'Batch' }] });
    const res = await send('batch', [
      post('Patient', { identifier: [{ system: 'urn:batch', value: marker }] }),
      post('Patient', { gender: 'bogus', identifier: [{ system: 'urn:batch', value: marker }] }),
      get(`Patient/${randomUUID()}`),
      get(`Patient/${existing.id}`),
      put('Patient', existing.id, { name: [{ family: 'Batch2' }] }, 'W/"9"'),
      { request: { method: 'FOO', url: 'Patient' } },
      get('Patient?nonsense=1'),
      get(`Patient?identifier=urn:batch|${marker}`),
      post('Observation', { status: 'final', code: { text: 'x' }, subject: { reference: urn() } }),
    ]);
    const bundle = await expectStatus<Bundle>(res, 200);
    expect(bundle.type).toBe('batch-response');
    const statuses = bundle.entry?.map((e) => Number(e.response?.status.slice(0, 3)));
    expect(statuses).toEqual([201, 400, 404, 200, 412, 400, 400, 200, statuses?.[8]]);
    for (const i of [1, 2, 4, 5, 6]) {
      expect(bundle.entry?.[i]?.response?.outcome?.resourceType, `entry ${i}`).toBe('OperationOutcome');
    }
    expect((bundle.entry?.[3]?.resource as Resource).id).toBe(existing.id);
    expect(await countOf(t, `Patient?identifier=urn:batch|${marker}`)).toBe(1);
    expect((await read(`Patient/${existing.id}`)).meta?.versionId).toBe('1');
  });

  it("entries of a batch do not see each other's placeholders (urn:uuid is for transactions)", async () => {
    const p = urn();
    const res = await send('batch', [
      post('Patient', { name: [{ family: 'Alene' }] }, p),
      post('Observation', { status: 'final', code: { text: 'x' }, subject: { reference: p } }),
    ]);
    const bundle = await expectStatus<Bundle>(res, 200);
    expect(bundle.entry?.[0]?.response?.status).toMatch(/^201/);
    // The second entry either fails or keeps the unresolved reference; it must never point at a wrong resource.
    const second = bundle.entry?.[1];
    if (second?.response?.status.startsWith('201')) {
      const obs = await read(`Observation/${idFromLocation(second)}`);
      expect((obs['subject'] as { reference: string }).reference).toBe(p);
    }
  });
});

describe('size', () => {
  it('a 100-entry transaction creates everything and links it', async () => {
    const marker = randomUUID();
    const entries: Entry[] = [];
    for (let i = 0; i < 50; i++) {
      const p = urn();
      entries.push(
        post('Patient', { identifier: [{ system: `urn:hundred:${marker}`, value: String(i) }] }, p),
      );
      entries.push(
        post('Observation', {
          status: 'final',
          code: { text: `hundred-${marker}` },
          subject: { reference: p },
          valueQuantity: { value: i },
        }),
      );
    }
    const bundle = await expectStatus<Bundle>(await send('transaction', entries), 200);
    expect(bundle.entry).toHaveLength(100);
    expect(bundle.entry?.every((e) => e.response?.status.startsWith('201'))).toBe(true);
    expect(await countOf(t, `Patient?identifier=${encodeURIComponent(`urn:hundred:${marker}|`)}`)).toBe(50);
    expect(await countOf(t, `Observation?code:text=hundred-${marker}`)).toBe(50);
    // Each observation points at the patient created next to it.
    const obs = await search(
      t,
      `Observation?code:text=hundred-${marker}&value-quantity=17&_include=Observation:subject`,
    );
    const included = obs.entry?.find((e) => e.search?.mode === 'include')?.resource;
    expect((included?.['identifier'] as { value: string }[])[0]?.value).toBe('17');
  });

  it('answers Prefer: return=minimal without resources', async () => {
    const bundle = await expectStatus<Bundle>(
      await send('transaction', [post('Patient', {})], { prefer: 'return=minimal' }),
      200,
    );
    expect(bundle.entry?.[0]?.resource).toBeUndefined();
    expect(bundle.entry?.[0]?.response?.location).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
  });

  describe('the entry limit (AKSON_MAX_BUNDLE_ENTRIES=5)', () => {
    let small: TestServer;
    beforeAll(async () => {
      small = await startTestServer({ AKSON_MAX_BUNDLE_ENTRIES: '5' });
    });
    afterAll(async () => {
      await small?.close();
    });
    it('accepts 5 entries and refuses 6 without writing anything', async () => {
      const marker = randomUUID();
      const entries = (n: number) =>
        Array.from({ length: n }, () =>
          post('Patient', { identifier: [{ system: 'urn:limit', value: marker }] }),
        );
      for (const type of ['transaction', 'batch']) {
        const over = await small.fhir(small.base, {
          method: 'POST',
          json: { resourceType: 'Bundle', type, entry: entries(6) },
        });
        await expectError(over, 413, 'AKS_ERR_BUNDLE_TOO_MANY');
      }
      const search6 = await expectStatus<Bundle>(
        await small.fhir(`Patient?identifier=urn:limit|${marker}&_summary=count`),
        200,
      );
      expect(search6.total).toBe(0);
      const ok = await small.fhir(small.base, {
        method: 'POST',
        json: { resourceType: 'Bundle', type: 'transaction', entry: entries(5) },
      });
      await expectStatus(ok, 200);
    });
  });
});

describe('what is not a batch or transaction', () => {
  it('refuses other Bundle types, other resources and malformed entries with 400', async () => {
    await expectError(
      await t.fhir(t.base, {
        method: 'POST',
        json: { resourceType: 'Bundle', type: 'collection', entry: [] },
      }),
      400,
      'AKS_ERR_BUNDLE_TYPE',
    );
    await expectError(await t.fhir(t.base, { method: 'POST', json: { resourceType: 'Patient' } }), 400);
    await expectError(
      await t.fhir(t.base, {
        method: 'POST',
        json: { resourceType: 'Bundle', type: 'transaction', entry: {} },
      }),
      400,
      'AKS_ERR_BUNDLE_ENTRY',
    );
    await expectError(
      await send('transaction', [{ request: { method: 'POST', url: 'Nonsense' } } as Entry]),
      400,
      'AKS_ERR_BUNDLE_ENTRY',
    );
    await expectError(
      await send('transaction', [{ request: { method: 'DELETE', url: 'Patient?name=x' } } as Entry]),
      400,
      'AKS_ERR_BUNDLE_ENTRY',
    );
    const empty = await expectStatus<Bundle>(await send('transaction', []), 200);
    expect(empty.entry ?? []).toEqual([]);
  });
});
