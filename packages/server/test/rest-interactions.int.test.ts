import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

interface Resource {
  resourceType: string;
  id: string;
  meta: { versionId: string; lastUpdated: string };
  [key: string]: unknown;
}
interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: string;
    code: string;
    details?: { text?: string; coding?: { code: string }[] };
    expression?: string[];
  }[];
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const patient = (family: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Test'] }],
  ...extra,
});

function errorCode(oo: OperationOutcome): string | undefined {
  return oo.issue[0]?.details?.coding?.[0]?.code;
}

describe('create', () => {
  it('assigns an id and version 1, and sends Location, ETag and Last-Modified', async () => {
    const res = await t.fhir('Patient', {
      method: 'POST',
      json: patient('Hansen', { id: 'ignored-by-server' }),
    });
    const body = await expectStatus<Resource>(res, 201);
    expect(body.id).not.toBe('ignored-by-server');
    expect(body.meta.versionId).toBe('1');
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.headers.get('location')).toBe(`${t.base}/Patient/${body.id}/_history/1`);
    expect(new Date(res.headers.get('last-modified') ?? '').getTime()).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
  });

  it('accepts plain application/json as real clients send it', async () => {
    const res = await t.fhir('Patient', {
      method: 'POST',
      json: patient('Json'),
      headers: { 'content-type': 'application/json' },
    });
    await expectStatus(res, 201);
  });

  it('refuses a body whose resourceType differs from the URL', async () => {
    const oo = await expectStatus<OperationOutcome>(
      await t.fhir('Observation', { method: 'POST', json: patient('X') }),
      400,
    );
    expect(errorCode(oo)).toBe('AKS_ERR_RESOURCE_TYPE_MISMATCH');
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await t.fhir('Patient', {
      method: 'POST',
      json: patient('Min'),
      headers: { prefer: 'return=minimal' },
    });
    expect(minimal.status).toBe(201);
    expect(await minimal.text()).toBe('');
    expect(minimal.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\/1$/);
    const oo = await expectStatus<OperationOutcome>(
      await t.fhir('Patient', {
        method: 'POST',
        json: patient('Oo'),
        headers: { prefer: 'return=OperationOutcome' },
      }),
      201,
    );
    expect(oo.resourceType).toBe('OperationOutcome');
  });
});

describe('conditional create (If-None-Exist)', () => {
  const identifier = { system: 'urn:example:mrn', value: `cc-${Date.now()}` };
  it('creates when nothing matches and returns the match afterwards', async () => {
    const first = await expectStatus<Resource>(
      await t.fhir('Patient', {
        method: 'POST',
        json: patient('Cond', { identifier: [identifier] }),
        headers: { 'if-none-exist': `identifier=${identifier.system}|${identifier.value}` },
      }),
      201,
    );
    const again = await expectStatus<Resource>(
      await t.fhir('Patient', {
        method: 'POST',
        json: patient('Cond', { identifier: [identifier] }),
        headers: { 'if-none-exist': `identifier=${identifier.system}|${identifier.value}` },
      }),
      200,
    );
    expect(again.id).toBe(first.id);
  });

  it('creates exactly one resource when the same conditional create races', async () => {
    const id = { system: 'urn:example:race', value: `r-${Date.now()}` };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.fhir('Patient', {
          method: 'POST',
          json: patient('Race', { identifier: [id] }),
          headers: { 'if-none-exist': `identifier=${id.system}|${id.value}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    const search = await expectStatus<{ total: number }>(
      await t.fhir(`Patient?identifier=${id.system}|${id.value}&_total=accurate`),
      200,
    );
    expect(search.total).toBe(1);
  });

  it('refuses with 412 when the condition matches several', async () => {
    const family = `Twin${Date.now()}`;
    await expectStatus(await t.fhir('Patient', { method: 'POST', json: patient(family) }), 201);
    await expectStatus(await t.fhir('Patient', { method: 'POST', json: patient(family) }), 201);
    const oo = await expectStatus<OperationOutcome>(
      await t.fhir('Patient', {
        method: 'POST',
        json: patient(family),
        headers: { 'if-none-exist': `family:exact=${family}` },
      }),
      412,
    );
    expect(errorCode(oo)).toBe('AKS_ERR_CONDITIONAL_MULTIPLE');
  });
});

describe('read and vread', () => {
  it('reads the current version and answers If-None-Match with 304', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Read') }),
      201,
    );
    const res = await t.fhir(`Patient/${created.id}`);
    const read = await expectStatus<Resource>(res, 200);
    expect(read).toEqual(created);
    expect(res.headers.get('etag')).toBe('W/"1"');
    const notModified = await t.fhir(`Patient/${created.id}`, { headers: { 'if-none-match': 'W/"1"' } });
    expect(notModified.status).toBe(304);
  });

  it('gives clear 404s and 400s', async () => {
    expect(errorCode(await expectStatus<OperationOutcome>(await t.fhir('Patient/does-not-exist'), 404))).toBe(
      'AKS_ERR_RESOURCE_NOT_FOUND',
    );
    expect(errorCode(await expectStatus<OperationOutcome>(await t.fhir('Nonsense/1'), 404))).toBe(
      'AKS_ERR_RESOURCE_TYPE_UNKNOWN',
    );
    expect(
      errorCode(await expectStatus<OperationOutcome>(await t.fhir(`Patient/${'x'.repeat(65)}`), 400)),
    ).toBe('AKS_ERR_RESOURCE_ID_INVALID');
  });

  it('reads older versions with vread', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('V1') }),
      201,
    );
    await expectStatus(
      await t.fhir(`Patient/${created.id}`, {
        method: 'PUT',
        json: { ...created, name: [{ family: 'V2' }] },
      }),
      200,
    );
    const v1 = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}/_history/1`), 200);
    expect((v1['name'] as { family: string }[])[0]?.family).toBe('V1');
    const v2 = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}/_history/2`), 200);
    expect((v2['name'] as { family: string }[])[0]?.family).toBe('V2');
    await expectStatus(await t.fhir(`Patient/${created.id}/_history/3`), 404);
    await expectStatus(await t.fhir(`Patient/${created.id}/_history/abc`), 404);
  });

  it('applies _summary and _elements and marks the result SUBSETTED', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', {
        method: 'POST',
        json: patient('Sub', {
          birthDate: '1970-01-01',
          text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
        }),
      }),
      201,
    );
    const elements = await expectStatus<Resource>(
      await t.fhir(`Patient/${created.id}?_elements=birthDate`),
      200,
    );
    expect(elements['birthDate']).toBe('1970-01-01');
    expect(elements['name']).toBeUndefined();
    expect(JSON.stringify(elements.meta)).toContain('SUBSETTED');
    const data = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}?_summary=data`), 200);
    expect(data['text']).toBeUndefined();
    expect(data['name']).toBeDefined();
    const summary = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}?_summary=true`), 200);
    expect(summary['name']).toBeDefined();
    expect(summary['text']).toBeUndefined();
  });
});

describe('update', () => {
  it('creates with a client-chosen id (update as create) and then updates', async () => {
    const id = `client-${Date.now()}`;
    const created = await expectStatus<Resource>(
      await t.fhir(`Patient/${id}`, { method: 'PUT', json: patient('Client', { id }) }),
      201,
    );
    expect(created.id).toBe(id);
    const updated = await expectStatus<Resource>(
      await t.fhir(`Patient/${id}`, { method: 'PUT', json: { ...patient('Client2'), id } }),
      200,
    );
    expect(updated.meta.versionId).toBe('2');
  });

  it('checks If-Match: 412 on a stale version, 200 on the current one', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Match') }),
      201,
    );
    const body = { ...patient('Match2'), id: created.id };
    const ok = await t.fhir(`Patient/${created.id}`, {
      method: 'PUT',
      json: body,
      headers: { 'if-match': 'W/"1"' },
    });
    await expectStatus(ok, 200);
    const stale = await t.fhir(`Patient/${created.id}`, {
      method: 'PUT',
      json: body,
      headers: { 'if-match': 'W/"1"' },
    });
    expect(errorCode(await expectStatus<OperationOutcome>(stale, 412))).toBe(
      'AKS_ERR_RESOURCE_VERSION_CONFLICT',
    );
    const bad = await t.fhir(`Patient/${created.id}`, {
      method: 'PUT',
      json: body,
      headers: { 'if-match': 'banana' },
    });
    await expectStatus(bad, 400);
  });

  it('never lets two concurrent edits of the same version both win', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Concurrent') }),
      201,
    );
    const attempts = await Promise.all(
      ['A', 'B', 'C', 'D'].map((who) =>
        t.fhir(`Patient/${created.id}`, {
          method: 'PUT',
          json: { ...created, name: [{ family: who }] },
          headers: { 'if-match': 'W/"1"' },
        }),
      ),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412]);
    const history = await expectStatus<{ entry: unknown[] }>(
      await t.fhir(`Patient/${created.id}/_history`),
      200,
    );
    expect(history.entry).toHaveLength(2);
  });

  it('treats meta.versionId in the body as the version the edit is based on (409 when stale)', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Body') }),
      201,
    );
    await expectStatus(
      await t.fhir(`Patient/${created.id}`, { method: 'PUT', json: { ...created, gender: 'female' } }),
      200,
    );
    const stale = await t.fhir(`Patient/${created.id}`, {
      method: 'PUT',
      json: { ...created, gender: 'male' },
    });
    expect(errorCode(await expectStatus<OperationOutcome>(stale, 409))).toBe(
      'AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT',
    );
  });

  it('refuses a missing or mismatching id', async () => {
    expect(
      errorCode(
        await expectStatus<OperationOutcome>(
          await t.fhir('Patient/abc', { method: 'PUT', json: patient('NoId') }),
          400,
        ),
      ),
    ).toBe('AKS_ERR_RESOURCE_ID_MISSING');
    expect(
      errorCode(
        await expectStatus<OperationOutcome>(
          await t.fhir('Patient/abc', { method: 'PUT', json: { ...patient('X'), id: 'xyz' } }),
          400,
        ),
      ),
    ).toBe('AKS_ERR_RESOURCE_ID_MISMATCH');
  });
});

describe('conditional update', () => {
  it('creates, updates the single match, and refuses several matches', async () => {
    const value = `cu-${Date.now()}`;
    const body = patient('CondUpd', { identifier: [{ system: 'urn:example:cu', value }] });
    const created = await expectStatus<Resource>(
      await t.fhir(`Patient?identifier=urn:example:cu|${value}`, { method: 'PUT', json: body }),
      201,
    );
    const updated = await expectStatus<Resource>(
      await t.fhir(`Patient?identifier=urn:example:cu|${value}`, {
        method: 'PUT',
        json: { ...body, gender: 'other' },
      }),
      200,
    );
    expect(updated.id).toBe(created.id);
    expect(updated.meta.versionId).toBe('2');
    await expectStatus(await t.fhir('Patient', { method: 'POST', json: body }), 201);
    await expectStatus(
      await t.fhir(`Patient?identifier=urn:example:cu|${value}`, { method: 'PUT', json: body }),
      412,
    );
  });
});

describe('JSON Patch', () => {
  it('applies a patch as a new version and checks If-Match', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Patch') }),
      201,
    );
    const ops = [{ op: 'add', path: '/birthDate', value: '1990-12-24' }];
    const patched = await expectStatus<Resource>(
      await t.fhir(`Patient/${created.id}`, {
        method: 'PATCH',
        body: JSON.stringify(ops),
        headers: { 'content-type': 'application/json-patch+json' },
      }),
      200,
    );
    expect(patched['birthDate']).toBe('1990-12-24');
    expect(patched.meta.versionId).toBe('2');
    const stale = await t.fhir(`Patient/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify(ops),
      headers: { 'content-type': 'application/json-patch+json', 'if-match': 'W/"1"' },
    });
    await expectStatus(stale, 412);
  });

  it('refuses patches that fail, touch the id, make the resource invalid, or come as the wrong media type', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Patch2') }),
      201,
    );
    const send = (ops: unknown, type = 'application/json-patch+json') =>
      t.fhir(`Patient/${created.id}`, {
        method: 'PATCH',
        body: JSON.stringify(ops),
        headers: { 'content-type': type },
      });
    await expectStatus(await send([{ op: 'replace', path: '/nope/0', value: 1 }]), 400);
    await expectStatus(await send([{ op: 'replace', path: '/id', value: 'other' }]), 400);
    await expectStatus(await send([{ op: 'add', path: '/gender', value: 'not-a-gender' }]), 400);
    await expectStatus(await send({ op: 'add' }), 400);
    await expectStatus(
      await send([{ op: 'add', path: '/gender', value: 'male' }], 'application/fhir+json'),
      415,
    );
    const unchanged = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}`), 200);
    expect(unchanged.meta.versionId).toBe('1');
  });
});

describe('delete', () => {
  it('keeps history, answers 410 afterwards, and allows re-creation by PUT', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: patient('Gone') }),
      201,
    );
    expect((await t.fhir(`Patient/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.fhir(`Patient/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(errorCode(await expectStatus<OperationOutcome>(await t.fhir(`Patient/${created.id}`), 410))).toBe(
      'AKS_ERR_RESOURCE_DELETED',
    );
    await expectStatus(await t.fhir(`Patient/${created.id}/_history/1`), 200);
    const history = await expectStatus<{ entry: { request: { method: string } }[] }>(
      await t.fhir(`Patient/${created.id}/_history`),
      200,
    );
    expect(history.entry.map((e) => e.request.method)).toEqual(['DELETE', 'POST']);
    const search = await expectStatus<{ entry: unknown[] }>(await t.fhir(`Patient?_id=${created.id}`), 200);
    expect(search.entry).toHaveLength(0);
    const again = await expectStatus<Resource>(
      await t.fhir(`Patient/${created.id}`, { method: 'PUT', json: { ...patient('Back'), id: created.id } }),
      201,
    );
    expect(again.meta.versionId).toBe('3');
    await expectStatus(await t.fhir('Patient/never-existed', { method: 'DELETE' }), 404);
  });
});

describe('history', () => {
  it('pages instance, type and system history newest first', async () => {
    const created = await expectStatus<Resource>(
      await t.fhir('Practitioner', {
        method: 'POST',
        json: { resourceType: 'Practitioner', name: [{ family: 'H0' }] },
      }),
      201,
    );
    for (let i = 1; i <= 4; i++) {
      await expectStatus(
        await t.fhir(`Practitioner/${created.id}`, {
          method: 'PUT',
          json: { resourceType: 'Practitioner', id: created.id, name: [{ family: `H${i}` }] },
        }),
        200,
      );
    }
    const page1 = await expectStatus<{
      type: string;
      entry: { resource: Resource }[];
      link: { relation: string; url: string }[];
    }>(await t.fhir(`Practitioner/${created.id}/_history?_count=2`), 200);
    expect(page1.type).toBe('history');
    expect(page1.entry.map((e) => e.resource.meta.versionId)).toEqual(['5', '4']);
    const next = page1.link.find((l) => l.relation === 'next')?.url as string;
    const page2 = await expectStatus<{ entry: { resource: Resource }[] }>(await t.fhir(next), 200);
    expect(page2.entry.map((e) => e.resource.meta.versionId)).toEqual(['3', '2']);
    const typeHistory = await expectStatus<{ entry: { resource: Resource }[] }>(
      await t.fhir('Practitioner/_history?_count=100'),
      200,
    );
    expect(typeHistory.entry.filter((e) => e.resource.id === created.id)).toHaveLength(5);
    const since = new Date(Date.now() - 60_000).toISOString();
    const system = await expectStatus<{ entry: { resource: Resource }[] }>(
      await t.fhir(`_history?_since=${since}&_count=1000`),
      200,
    );
    expect(system.entry.some((e) => e.resource.resourceType === 'Practitioner')).toBe(true);
    expect(system.entry.some((e) => e.resource.resourceType === 'Patient')).toBe(true);
  });
});

describe('metadata', () => {
  it('lists every resource type with exactly the interactions that work', async () => {
    const cs = await expectStatus<{
      fhirVersion: string;
      rest: {
        resource: {
          type: string;
          interaction: { code: string }[];
          conditionalDelete: string;
          searchParam: { name: string }[];
        }[];
        interaction: { code: string }[];
      }[];
    }>(await t.fhir('metadata'), 200);
    expect(cs.fhirVersion).toBe('4.0.1');
    const resources = cs.rest[0]?.resource ?? [];
    expect(resources.length).toBeGreaterThan(140);
    const patientCap = resources.find((r) => r.type === 'Patient');
    expect(patientCap?.interaction.map((i) => i.code)).toContain('patch');
    expect(patientCap?.conditionalDelete).toBe('not-supported');
    expect(patientCap?.searchParam.map((p) => p.name)).toContain('identifier');
    expect(patientCap?.searchParam.map((p) => p.name)).not.toContain('phonetic');
    const codes = (type: string) => resources.find((r) => r.type === type)?.interaction.map((i) => i.code);
    // The audit log is written by the server only; recorded journal entries are withdrawn, never deleted.
    expect(codes('AuditEvent')?.sort()).toEqual([
      'history-instance',
      'history-type',
      'read',
      'search-type',
      'vread',
    ]);
    expect(codes('Condition')).not.toContain('delete');
    expect(codes('MedicationStatement')).not.toContain('delete');
    expect(codes('Composition')).toContain('delete'); // drafts only, as its documentation says
    expect(codes('Claim')).toEqual(codes('Patient'));
    expect(cs.rest[0]?.interaction.map((i) => i.code).sort()).toEqual([
      'batch',
      'history-system',
      'transaction',
    ]);
  });
});
