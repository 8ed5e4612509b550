import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAsSystem,
  errorCodeOf,
  observationFor,
  signed,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * A system client is limited by SMART v2 scopes: what its token carries, within the API-side policy for the
 * client. Here the policy narrows the demo integration client (registered for system/*.cruds) to
 * system/Patient.rs. Most tests use a token that asks for system/Patient.rs (so that the policy is not what
 * refuses them); one checks that the client's usual system/*.cruds token is narrowed to the policy.
 */

let t: TestServer;
let observationId: string;
/** A client-credentials-shaped token for the demo client with scope system/Patient.rs. */
let patientOnly: string;
type Init = Parameters<TestServer['fhir']>[1];
const sys = (path: string, init: Init = {}): Promise<Response> =>
  t.fhir(path, { token: patientOnly, ...init });

interface Bundle {
  resourceType: 'Bundle';
  type: string;
  entry?: {
    resource?: { resourceType: string; id: string };
    response?: { status: string; outcome?: OperationOutcomeJson };
    search?: { mode?: string };
  }[];
}

beforeAll(async () => {
  t = await startTestServer({
    AKSON_CLIENT_POLICIES: JSON.stringify({ 'lillesand-migrering': 'system/Patient.rs' }),
  });
  // Berg is Ingrid's GP (a derived relation through his office's list): he records an observation.
  observationId = (await createAsSystem(t, observationFor('ingrid-fjeld'), 'berg')).id;
  patientOnly = await signed(t, {
    client_id: 'lillesand-migrering',
    scope: ['system/Patient.rs'],
    'helseid://claims/client/client_name': 'Lillesand kommune – migreringsjobb',
  });
});
afterAll(async () => {
  await t?.close();
});

async function expectScopeRefusal(res: Response, scope?: string): Promise<void> {
  const oo = await expectStatus<OperationOutcomeJson>(res, 403);
  expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_SCOPE');
  if (scope) expect(oo.issue[0]?.details?.text).toContain(scope);
}

const typesIn = (b: Bundle): string[] => [
  ...new Set((b.entry ?? []).map((e) => e.resource?.resourceType).filter((x): x is string => !!x)),
];

describe('a client narrowed to system/Patient.rs', () => {
  it('is narrowed to the policy, not shut out, when its token says system/*.cruds', async () => {
    const wide = await t.tokenFor('lillesand-migrering');
    await expectStatus(await t.fhir('Patient/ingrid-fjeld', { token: wide }), 200);
    await expectStatus(await t.fhir('Patient?family=Fjeld', { token: wide }), 200);
  });

  it("still refuses what the policy does not allow to the client's system/*.cruds token", async () => {
    const wide = await t.tokenFor('lillesand-migrering');
    await expectScopeRefusal(await t.fhir('Observation?patient=ingrid-fjeld', { token: wide }));
    await expectScopeRefusal(
      await t.fhir('Patient', {
        method: 'POST',
        token: wide,
        json: { resourceType: 'Patient', name: [{ family: 'Ny' }] },
      }),
    );
  });

  it('reads and searches Patient', async () => {
    const ingrid = await expectStatus<{ id: string }>(await sys('Patient/ingrid-fjeld'), 200);
    expect(ingrid.id).toBe('ingrid-fjeld');
    const found = await expectStatus<Bundle>(await sys('Patient?family=Fjeld'), 200);
    expect((found.entry ?? []).map((e) => e.resource?.id).sort()).toEqual(['anne-fjeld', 'ingrid-fjeld']);
    await expectStatus(
      await sys('Patient/_search', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'family=Fjeld',
      }),
      200,
    );
    await expectStatus(await sys('Patient/ingrid-fjeld/_history'), 200);
  });

  it('is refused Observation search, read and compartment search', async () => {
    await expectScopeRefusal(await sys('Observation?patient=ingrid-fjeld'), 'system/Observation.s');
    await expectScopeRefusal(await sys(`Observation/${observationId}`), 'system/Observation.r');
    await expectScopeRefusal(await sys('Patient/ingrid-fjeld/Observation'));
    await expectScopeRefusal(await sys('Observation/_history'));
  });

  it('is refused create, update, patch and delete of Patient', async () => {
    await expectScopeRefusal(
      await sys('Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ family: 'Ny' }] } }),
      'system/Patient.c',
    );
    const ingrid = await expectStatus<Record<string, unknown>>(await sys('Patient/ingrid-fjeld'), 200);
    await expectScopeRefusal(
      await sys('Patient/ingrid-fjeld', { method: 'PUT', json: { ...ingrid, active: false } }),
      'system/Patient.u',
    );
    await expectScopeRefusal(
      await sys('Patient/ingrid-fjeld', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'add', path: '/active', value: false }]),
      }),
    );
    await expectScopeRefusal(await sys('Patient/ingrid-fjeld', { method: 'DELETE' }), 'system/Patient.d');
    // Nothing changed.
    const after = await expectStatus<{ meta: { versionId: string } }>(await sys('Patient/ingrid-fjeld'), 200);
    expect(after.meta.versionId).toBe((ingrid['meta'] as { versionId: string }).versionId);
  });

  it('is refused _include and _revinclude of types it has no scope for', async () => {
    await expectScopeRefusal(await sys('Patient?_id=ingrid-fjeld&_revinclude=Observation:patient'));
    await expectScopeRefusal(
      await sys('Patient?_id=ingrid-fjeld&_include=Patient:general-practitioner:PractitionerRole'),
    );
    await expectScopeRefusal(
      await sys('Patient?_id=ingrid-fjeld&_include=Patient:organization:Organization'),
    );
  });

  it('gets nothing but Patient from an _include without a target type', async () => {
    const res = await sys('Patient?_id=ingrid-fjeld&_include=Patient:general-practitioner');
    if (res.status === 403) return;
    const bundle = await expectStatus<Bundle>(res, 200);
    expect(typesIn(bundle)).toEqual(['Patient']);
  });

  it('may not filter by Observations it cannot read (_has)', async () => {
    const probe = await sys('Patient?_has:Observation:patient:code=http://loinc.org|8310-5');
    if (probe.status === 403) return;
    const bundle = await expectStatus<Bundle>(probe, 200);
    const negative = await expectStatus<Bundle>(
      await sys('Patient?_has:Observation:patient:code=http://loinc.org|0000-0'),
      200,
    );
    // If both answered, the answers must not differ by what the Observations say.
    expect((bundle.entry ?? []).length).toBe((negative.entry ?? []).length);
  });

  it('gets no Observation from system-wide history', async () => {
    const res = await sys('_history?_count=1000');
    if (res.status === 403) return;
    const bundle = await expectStatus<Bundle>(res, 200);
    expect(typesIn(bundle).filter((x) => x !== 'Patient')).toEqual([]);
  });

  it('is refused the audit log', async () => {
    await expectScopeRefusal(await sys('AuditEvent?patient=ingrid-fjeld'));
  });

  it('gets a 403 per refused entry of a batch, and the allowed entries answered', async () => {
    const batch = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/ingrid-fjeld' } },
        { request: { method: 'GET', url: 'Observation?patient=ingrid-fjeld' } },
        {
          request: { method: 'POST', url: 'Patient' },
          resource: { resourceType: 'Patient', name: [{ family: 'Batch' }] },
        },
        { request: { method: 'GET', url: `Observation/${observationId}` } },
        { request: { method: 'GET', url: 'Patient?family=Fjeld' } },
      ],
    };
    const response = await expectStatus<Bundle>(await sys(t.base, { method: 'POST', json: batch }), 200);
    expect(response.type).toBe('batch-response');
    const statuses = (response.entry ?? []).map((e) => e.response?.status?.split(' ')[0]);
    expect(statuses).toEqual(['200', '403', '403', '403', '200']);
    for (const i of [1, 2, 3])
      expect(errorCodeOf(response.entry?.[i]?.response?.outcome as OperationOutcomeJson)).toBe(
        'AKS_ERR_ACCESS_SCOPE',
      );
    const ingrid = response.entry?.[0]?.resource;
    expect(ingrid?.id).toBe('ingrid-fjeld');
    // The refused create wrote nothing.
    const batchPatients = await expectStatus<Bundle>(await sys('Patient?family=Batch'), 200);
    expect(batchPatients.entry ?? []).toHaveLength(0);
  });

  it('has a transaction with one refused entry refused as a whole', async () => {
    const tx = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'GET', url: 'Patient/ingrid-fjeld' } },
        {
          request: { method: 'POST', url: 'Patient' },
          resource: { resourceType: 'Patient', name: [{ family: 'Transaksjon' }] },
        },
      ],
    };
    const res = await sys(t.base, { method: 'POST', json: tx });
    expect(res.status).toBe(403);
    const created = await expectStatus<Bundle>(await sys('Patient?family=Transaksjon'), 200);
    expect(created.entry ?? []).toHaveLength(0);
  });

  it('keeps full access for a client whose policy is not narrowed (control: another server)', async () => {
    const other = await startTestServer();
    try {
      await expectStatus(await other.fhir('Observation?patient=ingrid-fjeld'), 200);
    } finally {
      await other.close();
    }
  });
});

describe('scope prefixes and restriction policies', () => {
  let s: TestServer;
  let patient: string;
  let confidential: string;
  let privateNote: string;
  let blockedNote: string;
  let ordinary: string;
  const SECURITY_R = [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }];
  const token = (clientId: string, scope: string[]) => signed(s, { client_id: clientId, scope });
  const status = async (path: string, clientId: string, scope: string[]) =>
    (await s.fhir(path, { token: await token(clientId, scope) })).status;

  beforeAll(async () => {
    s = await startTestServer({
      AKSON_CLIENT_POLICIES: JSON.stringify({
        'journal-integrasjon': 'system/*.rs',
        'pasient-app': 'patient/*.rs',
        importjobb: { scopes: 'system/*.rs', restrictions: 'exempt' },
      }),
    });
    // Written by the demo migration client, which the development issuer registers as exempt.
    const make = async (resource: Record<string, unknown>) =>
      (
        await expectStatus<{ id: string }>(
          await s.fhir(String(resource['resourceType']), { method: 'POST', json: resource }),
          201,
        )
      ).id;
    patient = await make({ resourceType: 'Patient', name: [{ family: 'Integrert', given: ['Test'] }] });
    const subject = { reference: `Patient/${patient}` };
    const note = (unitId: string, title: string, extra: Record<string, unknown> = {}) => ({
      resourceType: 'Composition',
      status: 'final',
      type: { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9602', code: 'J01-2' }] },
      subject,
      date: new Date().toISOString(),
      author: [{ reference: `Organization/${unitId}` }],
      custodian: { reference: `Organization/${unitId}` },
      title,
      ...extra,
    });
    confidential = await make(note('lillesand-legekontor', 'Skjermet', { meta: { security: SECURITY_R } }));
    privateNote = await make(note('lillesand-psykisk-helse-rus', 'Samtale'));
    blockedNote = await make(note('lillesand-legekontor', 'Sperret'));
    ordinary = await make(note('lillesand-legekontor', 'Vanlig'));
    await make({
      resourceType: 'Consent',
      status: 'active',
      scope: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
      },
      category: [{ coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORS' }] }],
      patient: subject,
      policyRule: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }],
      },
      provision: {
        type: 'deny',
        actor: [
          { role: { text: 'blokkert' }, reference: { reference: 'Organization/hjemmesykepleien-nord' } },
        ],
        data: [{ meaning: 'instance', reference: { reference: `Composition/${blockedNote}` } }],
      },
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('a patient/ scope without a patient context grants nothing (it is not a system/ scope)', async () => {
    const res = await s.fhir(`Patient/${patient}`, { token: await token('pasient-app', ['patient/*.rs']) });
    await expectScopeRefusal(res, 'system/Patient.r');
    // Asking for patient/ where system/ is registered does not widen into system/ either.
    await expectScopeRefusal(
      await s.fhir(`Patient/${patient}`, { token: await token('journal-integrasjon', ['patient/*.rs']) }),
    );
    expect(await status(`Patient/${patient}`, 'journal-integrasjon', ['system/*.rs'])).toBe(200);
  });

  it('a client honours blocks, private and confidential entries by default', async () => {
    const scope = ['system/*.rs'];
    expect(await status(`Composition/${ordinary}`, 'journal-integrasjon', scope)).toBe(200);
    for (const hidden of [confidential, privateNote, blockedNote])
      expect(await status(`Composition/${hidden}`, 'journal-integrasjon', scope)).toBe(404);
    const bundle = await expectStatus<{
      entry: { resource: { resourceType: string; id: string; issue?: { details?: { text?: string } }[] } }[];
    }>(
      await s.fhir(`Composition?patient=Patient/${patient}`, {
        token: await token('journal-integrasjon', scope),
      }),
      200,
    );
    expect(
      bundle.entry.filter((e) => e.resource.resourceType === 'Composition').map((e) => e.resource.id),
    ).toEqual([ordinary]);
    // Told that something is withheld, never what.
    const outcome = bundle.entry.find((e) => e.resource.resourceType === 'OperationOutcome');
    expect(outcome?.resource.issue?.[0]?.details?.text).toMatch(/^3 /);
  });

  it('a client registered as exempt, and the demo migration client, see everything', async () => {
    for (const hidden of [confidential, privateNote, blockedNote, ordinary]) {
      expect(await status(`Composition/${hidden}`, 'importjobb', ['system/*.rs'])).toBe(200);
      expect((await s.fhir(`Composition/${hidden}`)).status).toBe(200); // lillesand-migrering
    }
  });
});
