import { syntheticNationalId } from '@akson/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, episodeAt, newPatient, patientRef } from './access-fixtures.ts';
import {
  auditDuring,
  errorCodeOf,
  FNR,
  signed,
  staffClaims,
  subtypeOf,
  uniqueSuffix,
  warmBasis,
  type OperationOutcomeJson,
  type StoredAudit,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * What a caller cannot see must not show through the side doors of writes and counts: version preconditions
 * (If-Match, meta.versionId), conditional writes, and the "something is withheld" count of a filtered search.
 * And every refusal, however early, leaves an AuditEvent. Silje (home care, sone Nord) has a care relation to
 * `visible` and none to `hidden`.
 */
let t: TestServer;
let visible: string;
let hidden: string;
let hiddenCondition: string;

const missingId = () => `00000000-0000-4000-8000-${uniqueSuffix()}0000`;

/** The error text with the resource id taken out: what a caller could compare. */
const answerOf = async (res: Response, id: string) => {
  const body = (await res.json()) as OperationOutcomeJson;
  return {
    status: res.status,
    code: errorCodeOf(body),
    text: JSON.stringify(body).replaceAll(id, 'ID'),
  };
};

const conditionBody = (patientId: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Condition',
  subject: patientRef(patientId),
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icpc-2', code: 'T90' }], text: 'Diabetes' },
  ...extra,
});

const refused = (events: StoredAudit[]) => events.filter((e) => e.event.outcome === '4');

beforeAll(async () => {
  t = await startTestServer();
  visible = await newPatient(t, 'Synlig');
  hidden = await newPatient(t, 'Skjult');
  await episodeAt(t, visible, 'hjemmesykepleien-nord');
  hiddenCondition = (await create(t, conditionBody(hidden))).id;
  // Version 2, so a guess of "1" is stale and a guess of "2" current: both must answer like a missing id.
  await expectStatus(
    await t.fhir(`Condition/${hiddenCondition}`, {
      method: 'PUT',
      json: { ...conditionBody(hidden), id: hiddenCondition, note: [{ text: 'versjon 2' }] },
    }),
    200,
  );
  await warmBasis(t, 'silje', visible);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('version preconditions on a resource outside access answer as for a missing one', () => {
  const put = (id: string, ifMatch: string | undefined, body: Record<string, unknown>) =>
    t.fhir(`Condition/${id}`, {
      method: 'PUT',
      as: 'silje',
      json: { ...body, id },
      ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
    });

  it.each(['W/"1"', 'W/"2"', 'W/"9"'])(
    'PUT with If-Match %s: 404, the same answer as a missing id',
    async (tag) => {
      const missing = missingId();
      const a = await answerOf(await put(hiddenCondition, tag, conditionBody(visible)), hiddenCondition);
      const b = await answerOf(await put(missing, tag, conditionBody(visible)), missing);
      expect(a).toEqual(b);
      expect(a.status).toBe(404);
      expect(a.code).toBe('AKS_ERR_RESOURCE_NOT_FOUND');
    },
  );

  it('PUT with meta.versionId: 404, never a version conflict that names the current version', async () => {
    for (const versionId of ['1', '2', '7']) {
      const res = await put(hiddenCondition, undefined, conditionBody(visible, { meta: { versionId } }));
      const answer = await answerOf(res, hiddenCondition);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toMatch(/now 2|current/);
    }
  });

  it('DELETE and PATCH with If-Match: 404, the same answer as a missing id', async () => {
    for (const tag of ['W/"1"', 'W/"2"']) {
      const missing = missingId();
      const del = (id: string) =>
        t.fhir(`Condition/${id}`, { method: 'DELETE', as: 'silje', headers: { 'if-match': tag } });
      expect(await answerOf(await del(hiddenCondition), hiddenCondition)).toEqual(
        await answerOf(await del(missing), missing),
      );
      const patch = (id: string) =>
        t.fhir(`Condition/${id}`, {
          method: 'PATCH',
          as: 'silje',
          headers: { 'if-match': tag, 'content-type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'replace', path: '/code/text', value: 'x' }]),
        });
      expect(await answerOf(await patch(hiddenCondition), hiddenCondition)).toEqual(
        await answerOf(await patch(missing), missing),
      );
    }
  });

  it('each attempt on the hidden resource is audited as refused, naming it and its patient', async () => {
    const events = await auditDuring(t, async () => {
      expect((await put(hiddenCondition, 'W/"2"', conditionBody(visible))).status).toBe(404);
      expect(
        (
          await t.fhir(`Condition/${hiddenCondition}`, {
            method: 'DELETE',
            as: 'silje',
            headers: { 'if-match': 'W/"2"' },
          })
        ).status,
      ).toBe(404);
    });
    expect(events.map((e) => [e.event.outcome, subtypeOf(e)])).toEqual([
      ['4', 'update'],
      ['4', 'delete'],
    ]);
    for (const e of events) {
      expect(e.patientId).toBe(hidden);
      expect(e.accessTags).toContain('flag:denied');
      expect(e.event.entity?.some((x) => x.what?.reference === `Condition/${hiddenCondition}`)).toBe(true);
    }
  });

  it('the hidden resource is unchanged', async () => {
    const stored = await expectStatus<{ meta: { versionId: string }; subject: { reference: string } }>(
      await t.fhir(`Condition/${hiddenCondition}`),
      200,
    );
    expect(stored.meta.versionId).toBe('2');
    expect(stored.subject.reference).toBe(`Patient/${hidden}`);
  });

  it('a visible resource still gets its precondition answers (412 stale, 200 current)', async () => {
    const own = await create(t, conditionBody(visible));
    expect((await put(own.id, 'W/"9"', conditionBody(visible))).status).toBe(412);
    expect((await put(own.id, 'W/"1"', conditionBody(visible))).status).toBe(200);
  });
});

describe('the withheld count of a filtered search says nothing about the filter', () => {
  let patient: string;

  beforeAll(async () => {
    patient = await newPatient(t, 'Tellesen');
    await episodeAt(t, patient, 'hjemmesykepleien-nord');
    // Confidential (skjermet) with no producing unit that Silje belongs to: withheld from her.
    await create(
      t,
      conditionBody(patient, {
        meta: {
          security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icpc-2', code: 'X70' }], text: 'Sensitiv' },
      }),
    );
    await create(t, conditionBody(patient));
    await warmBasis(t, 'silje', patient);
  });

  const withheldText = async (query: string): Promise<string | undefined> => {
    const bundle = await expectStatus<{
      entry?: { resource: { resourceType: string; issue?: { details?: { text?: string } }[] } }[];
    }>(await t.fhir(query, { as: 'silje' }), 200);
    return bundle.entry?.find((e) => e.resource.resourceType === 'OperationOutcome')?.resource.issue?.[0]
      ?.details?.text;
  };

  it('the same count whether or not the hidden entry matches the content filters', async () => {
    const base = `Condition?patient=Patient/${patient}`;
    const all = await withheldText(base);
    expect(all).toMatch(/^1 /);
    expect(await withheldText(`${base}&code=http://hl7.org/fhir/sid/icpc-2|X70`)).toBe(all);
    expect(await withheldText(`${base}&code=http://hl7.org/fhir/sid/icpc-2|A01`)).toBe(all);
    expect(await withheldText(`${base}&code=http://hl7.org/fhir/sid/icpc-2|T90`)).toBe(all);
    expect(await withheldText(`Patient/${patient}/Condition?code=http://hl7.org/fhir/sid/icpc-2|A01`)).toBe(
      all,
    );
  });

  it('a patient with nothing withheld gets no count, whatever the filter', async () => {
    const base = `Condition?patient=Patient/${visible}`;
    expect(await withheldText(`${base}&code=http://hl7.org/fhir/sid/icpc-2|X70`)).toBeUndefined();
  });
});

describe('conditional writes match within the caller’s access', () => {
  const marker = () => `urn:test:cond|${uniqueSuffix()}`;
  const withIdentifier = (patientId: string, identifier: string) =>
    conditionBody(patientId, {
      identifier: [{ system: identifier.split('|')[0], value: identifier.split('|')[1] }],
    });

  it('If-None-Exist: a hidden match answers exactly as no match (the resource is created)', async () => {
    const hiddenMarker = marker();
    await create(t, withIdentifier(hidden, hiddenMarker));
    const post = (identifier: string) =>
      t.fhir('Condition', {
        method: 'POST',
        as: 'silje',
        headers: { 'if-none-exist': `identifier=${identifier}` },
        json: withIdentifier(visible, identifier),
      });
    const a = await post(hiddenMarker);
    const b = await post(marker());
    expect([a.status, b.status]).toEqual([201, 201]);
    const created = (await a.json()) as { subject: { reference: string } };
    expect(created.subject.reference).toBe(`Patient/${visible}`);
  });

  it('several hidden matches are no 412: they are not there for the caller', async () => {
    const twice = marker();
    await create(t, withIdentifier(hidden, twice));
    await create(t, withIdentifier(hidden, twice));
    const res = await t.fhir(`Condition?identifier=${twice}`, {
      method: 'PUT',
      as: 'silje',
      json: withIdentifier(visible, twice),
    });
    expect(res.status).toBe(201);
    // One visible and two hidden: the visible one is the match, and is updated.
    const again = await t.fhir(`Condition?identifier=${twice}`, {
      method: 'PUT',
      as: 'silje',
      json: { ...withIdentifier(visible, twice), note: [{ text: 'oppdatert' }] },
    });
    expect(again.status).toBe(200);
    const hiddenOnes = await expectStatus<{ entry: { resource: { subject: { reference: string } } }[] }>(
      await t.fhir(`Condition?identifier=${twice}&subject=Patient/${hidden}`),
      200,
    );
    expect(hiddenOnes.entry).toHaveLength(2);
  });

  it('a Patient with a national id registered outside the caller’s access is not duplicated, and not revealed', async () => {
    const fnr = syntheticNationalId({ birthDate: '1921-02-13', gender: 'female', sequence: 7 });
    const outsider = await newPatient(t, 'Utenfor', { identifier: [{ system: FNR, value: fnr }] });
    const events = await auditDuring(t, async () => {
      const res = await t.fhir('Patient', {
        method: 'POST',
        as: 'silje',
        headers: { 'if-none-exist': `identifier=${FNR}|${fnr}` },
        json: {
          resourceType: 'Patient',
          identifier: [{ system: FNR, value: fnr }],
          name: [{ family: 'Duplikat', given: ['Test'] }],
        },
      });
      const body = await expectStatus<OperationOutcomeJson>(res, 403);
      expect(errorCodeOf(body)).toBe('AKS_ERR_ACCESS_DENIED');
      expect(JSON.stringify(body)).not.toContain(outsider);
      expect(JSON.stringify(body)).not.toContain('Utenfor');
    });
    const denied = refused(events);
    expect(denied).toHaveLength(1);
    expect(denied[0]?.patientId).toBe(outsider);
    const same = await expectStatus<{ entry?: unknown[] }>(
      await t.fhir(`Patient?identifier=${FNR}|${fnr}&_total=accurate`),
      200,
    );
    expect(same.entry).toHaveLength(1);
  });

  it('a Patient with a national id the caller can see is the match (200, no duplicate)', async () => {
    const fnr = syntheticNationalId({ birthDate: '1921-02-14', gender: 'male', sequence: 3 });
    const mine = await newPatient(t, 'Innenfor', { identifier: [{ system: FNR, value: fnr }] });
    await episodeAt(t, mine, 'hjemmesykepleien-nord');
    await warmBasis(t, 'silje', mine);
    const res = await t.fhir('Patient', {
      method: 'POST',
      as: 'silje',
      headers: { 'if-none-exist': `identifier=${FNR}|${fnr}` },
      json: { resourceType: 'Patient', identifier: [{ system: FNR, value: fnr }], name: [{ family: 'X' }] },
    });
    expect((await expectStatus<{ id: string }>(res, 200)).id).toBe(mine);
  });
});

describe('every refusal leaves an AuditEvent', () => {
  const loginEvents = (fn: () => Promise<unknown>) => auditDuring(t, fn, { logins: true });

  it('a request without a token (401): who is unknown, from where, what and when are recorded', async () => {
    const path = `Patient/${visible}`;
    const events = await loginEvents(async () => {
      expect((await t.fhir(path, { token: null })).status).toBe(401);
    });
    expect(events).toHaveLength(1);
    const e = events[0] as StoredAudit;
    expect(e.event.outcome).toBe('4');
    expect(e.accessTags).toContain('flag:denied');
    expect(e.event.agent[0]?.name).toMatch(/Ukjent/);
    expect((e.event.agent[0] as { network?: { address?: string } }).network?.address).toBe('127.0.0.1');
    expect(e.event.outcomeDesc).toContain(`/fhir/${path}`);
    expect(e.event.outcomeDesc).toContain('AKS_ERR_AUTH_MISSING');
    expect(Date.now() - Date.parse(e.event.recorded)).toBeLessThan(60_000);
  });

  it('a forged token (401) and a token for a unit the register does not know the person at (403)', async () => {
    const good = await t.tokenFor('silje');
    const forged = `${good.slice(0, good.lastIndexOf('.') + 1)}${'A'.repeat(40)}`;
    const wrongUnit = await signed(t, staffClaims('silje', { unit: 'lillesand-legekontor' }));
    const events = await loginEvents(async () => {
      expect((await t.fhir(`Patient/${visible}`, { token: forged })).status).toBe(401);
      expect((await t.fhir(`Patient/${visible}`, { token: wrongUnit })).status).toBe(403);
    });
    expect(events.map((e) => e.event.outcome)).toEqual(['4', '4']);
    expect(events[0]?.event.outcomeDesc).toContain('AKS_ERR_AUTH_INVALID');
    // The register refused a verified token: the person is named (national id in the contained agent only).
    const unit = events[1]?.event as StoredAudit['event'];
    expect(unit.outcomeDesc).toContain('AKS_ERR_ACCESS_UNIT');
    expect(unit.agent[0]?.name).toBe('Silje Nilsen');
    expect(events[1]?.accessTags.some((tag) => tag.startsWith('org:'))).toBe(true);
  });

  it('type-level refusals of reads and searches, once each', async () => {
    await t.fhir('Patient', { as: 'berg' }); // sign in first
    const events = await auditDuring(t, async () => {
      expect((await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld', { as: 'berg' })).status).toBe(403);
      expect((await t.fhir(`AuditEvent/${missingId()}`, { as: 'berg' })).status).toBe(403);
    });
    expect(events.map((e) => [e.event.outcome, subtypeOf(e)])).toEqual([
      ['4', 'search-type'],
      ['4', 'read'],
    ]);
  });

  it('a refused operation, once', async () => {
    await t.fhir('Patient', { as: 'silje' });
    const events = await auditDuring(t, async () => {
      expect((await t.fhir('AuditEvent/$log-review', { as: 'silje' })).status).toBe(403);
    });
    expect(refused(events)).toHaveLength(1);
    expect(refused(events)[0]?.event.outcomeDesc).toContain('$log-review');
  });
});
