import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_STAFF_PIDS,
  createAsSystem,
  encounterAt,
  errorCodeOf,
  FNR,
  observationFor,
  operationParameters,
  pidOfCitizen,
  pidOfStaff,
  type AuditEventJson,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * A citizen (signed in through ID-porten, here the development issuer) reads their own record and those they
 * act for (a child under 12, or by power of attorney), sees who has looked at it (never a staff national id),
 * manages their own blocks, and nothing else. Entries labelled hidden from the patient (Volven 9603 NORU) are
 * withheld from them.
 */

let t: TestServer;
const obs: Record<string, string> = {};
const EMERGENCY_REASON = 'Bevisstløs ved ankomst legevakt, trenger medisinliste';

interface Bundle<R = { resourceType: string; id: string; [k: string]: unknown }> {
  resourceType: 'Bundle';
  total?: number;
  entry?: { resource: R; search?: { mode?: string } }[];
}
interface Parameters {
  resourceType: 'Parameters';
  parameter?: {
    name: string;
    valueString?: string;
    valueBoolean?: boolean;
    part?: { name: string; valueString?: string; valueBoolean?: boolean }[];
  }[];
}

const ids = (b: Bundle): string[] =>
  (b.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`).sort();
const yearsAgo = (years: number, days = 0): string => {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() - days);
  return d.toISOString().slice(0, 10);
};

/** Every string in a JSON value, with base64 fields (AuditEvent.entity.query) decoded as well. */
function allText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      out.push(v);
      if (key === 'query' || key === 'data') out.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(value);
  return out.join('\n');
}

beforeAll(async () => {
  t = await startTestServer();
  // A child of 11 and a teenager of 13 with Sara as parent, and Kari (adult) with Sara wrongly registered as
  // parent: only the child is hers to act for. Registered before Sara first signs in (the register is cached).
  const child = await createAsSystem(t, {
    resourceType: 'Patient',
    name: [{ family: 'Aasen', given: ['Emma'] }],
    birthDate: yearsAgo(11),
  });
  const teen = await createAsSystem(t, {
    resourceType: 'Patient',
    name: [{ family: 'Aasen', given: ['Jonas'] }],
    birthDate: yearsAgo(13),
  });
  for (const patient of [child.id, teen.id, 'kari-lie']) {
    await createAsSystem(t, {
      resourceType: 'RelatedPerson',
      active: true,
      patient: { reference: `Patient/${patient}` },
      identifier: [{ system: FNR, value: pidOfCitizen('sara') }],
      relationship: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PRN' }] },
      ],
      name: [{ family: 'Aasen', given: ['Sara'] }],
    });
  }
  obs['child'] = child.id;
  obs['teen'] = teen.id;
  for (const p of ['ingrid-fjeld', 'per-haugen', 'noah-aasen', 'kari-lie', child.id, teen.id])
    obs[p] = (await createAsSystem(t, observationFor(p))).id;
  obs['ingrid-noru'] = (
    await createAsSystem(
      t,
      observationFor('ingrid-fjeld', {
        meta: {
          security: [
            {
              system: 'urn:oid:2.16.578.1.12.4.1.1.9603',
              code: 'NORU',
              display: 'Utsatt innsyn for innbygger',
            },
          ],
        },
        code: {
          coding: [{ system: 'http://loinc.org', code: '11502-2', display: 'Laboratory report' }],
          text: 'Prøvesvar, utsatt innsyn',
        },
      }),
    )
  ).id;
  obs['ingrid-by-berg'] = (
    await createAsSystem(
      t,
      observationFor('ingrid-fjeld', { performer: [{ reference: 'Practitioner/eirik-berg' }] }),
    )
  ).id;

  // Staff look at Ingrid's record: Silje through her unit, Berg as GP, Aas through emergency access.
  await createAsSystem(t, encounterAt('ingrid-fjeld', 'hjemmesykepleien-nord'));
  await expectStatus(await t.fhir('Patient/ingrid-fjeld', { as: 'silje' }), 200);
  await expectStatus(await t.fhir('Observation?patient=ingrid-fjeld', { as: 'silje' }), 200);
  await expectStatus(await t.fhir(`Observation/${obs['ingrid-noru']}`, { as: 'silje' }), 200);
  await expectStatus(await t.fhir('Patient/ingrid-fjeld', { as: 'berg' }), 200);
  await expectStatus(
    await t.fhir('Patient/ingrid-fjeld/$emergency-access', {
      method: 'POST',
      as: 'aas',
      json: operationParameters({ reason: EMERGENCY_REASON }),
    }),
    200,
  );
  await expectStatus(await t.fhir(`Observation?patient=ingrid-fjeld`, { as: 'aas' }), 200);
  // A search whose query names the GP himself (an app asking for "observations I performed").
  await expectStatus(
    await t.fhir(
      `Observation?patient=ingrid-fjeld&performer:Practitioner.identifier=${FNR}|${pidOfStaff('berg')}`,
      { as: 'berg' },
    ),
    200,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('a citizen and their own record', () => {
  it('reads their Patient and searches their data', async () => {
    const me = await expectStatus<{ id: string }>(
      await t.fhir('Patient/ingrid-fjeld', { as: 'ingrid' }),
      200,
    );
    expect(me.id).toBe('ingrid-fjeld');
    const mine = await expectStatus<Bundle>(
      await t.fhir('Observation?patient=ingrid-fjeld', { as: 'ingrid' }),
      200,
    );
    expect(ids(mine)).toEqual(
      [`Observation/${obs['ingrid-fjeld']}`, `Observation/${obs['ingrid-by-berg']}`].sort(),
    );
    const compartment = await expectStatus<Bundle>(
      await t.fhir('Patient/ingrid-fjeld/Observation', { as: 'ingrid' }),
      200,
    );
    expect(ids(compartment)).toEqual(ids(mine));
    await expectStatus(await t.fhir(`Observation/${obs['ingrid-fjeld']}`, { as: 'ingrid' }), 200);
  });

  it('gets nothing of others: 404 on read, empty searches, no counts', async () => {
    for (const path of [
      'Patient/per-haugen',
      `Observation/${obs['per-haugen']}`,
      `Observation/${obs['per-haugen']}/_history/1`,
      'Patient/anne-fjeld',
    ]) {
      expect((await t.fhir(path, { as: 'ingrid' })).status, path).toBe(404);
    }
    for (const path of [
      'Observation?patient=per-haugen',
      'Patient?family=Haugen',
      'Patient/per-haugen/Observation',
      `Patient?identifier=${FNR}|${pidOfCitizen('per')}`,
    ]) {
      const b = await expectStatus<Bundle>(
        await t.fhir(`${path}${path.includes('?') ? '&' : '?'}_total=accurate`, { as: 'ingrid' }),
        200,
      );
      expect(b.entry ?? [], path).toEqual([]);
      expect(b.total ?? 0, path).toBe(0);
    }
    // Searching everything returns only her own: the total counts only what she may see.
    const all = await expectStatus<Bundle>(
      await t.fhir('Observation?_total=accurate&_count=100', { as: 'ingrid' }),
      200,
    );
    expect(all.total).toBe(2);
    expect(
      (all.entry ?? []).every(
        (e) => (e.resource['subject'] as { reference: string }).reference === 'Patient/ingrid-fjeld',
      ),
    ).toBe(true);
    const patients = await expectStatus<Bundle>(
      await t.fhir('Patient?_total=accurate', { as: 'ingrid' }),
      200,
    );
    expect(ids(patients)).toEqual(['Patient/ingrid-fjeld']);
  });

  it('cannot reach others through _include, _revinclude, _has or history', async () => {
    const viaHas = await expectStatus<Bundle>(
      await t.fhir(`Patient?_has:Observation:patient:_id=${obs['per-haugen']}`, { as: 'ingrid' }),
      200,
    );
    expect(viaHas.entry ?? []).toEqual([]);
    const viaRev = await expectStatus<Bundle>(
      await t.fhir('Patient?_id=per-haugen&_revinclude=Observation:patient', { as: 'ingrid' }),
      200,
    );
    expect(viaRev.entry ?? []).toEqual([]);
    const history = await t.fhir('Observation/_history?_count=100', { as: 'ingrid' });
    if (history.status === 200) {
      const ids = ((await history.json()) as Bundle).entry?.map((e) => e.resource?.id) ?? [];
      expect(ids).not.toContain(obs['per-haugen']);
    } else expect(history.status).toBe(403);
    expect((await t.fhir('_history', { as: 'ingrid' })).status).toBe(403);
  });

  it('does not see entries labelled hidden from the patient (NORU), anywhere', async () => {
    expect((await t.fhir(`Observation/${obs['ingrid-noru']}`, { as: 'ingrid' })).status).toBe(404);
    expect((await t.fhir(`Observation/${obs['ingrid-noru']}/_history/1`, { as: 'ingrid' })).status).toBe(404);
    expect((await t.fhir(`Observation/${obs['ingrid-noru']}/_history`, { as: 'ingrid' })).status).toBe(404);
    for (const path of [
      'Observation?patient=ingrid-fjeld',
      `Observation?_id=${obs['ingrid-noru']}`,
      'Observation?code=http://loinc.org|11502-2',
      'Patient?_id=ingrid-fjeld&_revinclude=Observation:patient',
      `Patient?_has:Observation:patient:_id=${obs['ingrid-noru']}`,
      'Observation/_history',
    ]) {
      // The entries, not the links (which echo the query).
      const entries = JSON.stringify(
        (await expectStatus<Bundle>(await t.fhir(path, { as: 'ingrid' }), 200)).entry ?? [],
      );
      expect(entries, path).not.toContain(obs['ingrid-noru']);
      expect(entries, path).not.toContain('utsatt innsyn');
    }
    // Her representative does not see it either; staff with a relation do.
    expect((await t.fhir(`Observation/${obs['ingrid-noru']}`, { as: 'anne' })).status).toBe(404);
    await expectStatus(await t.fhir(`Observation/${obs['ingrid-noru']}`, { as: 'silje' }), 200);
  });

  // LEAK (minor; audit-event.ts entities + citizen-view.ts): the access log names the resources staff read, so
  // the citizen's AuditEvents carry the id of an entry withheld from her ("someone read Observation/x").
  it('does not learn the id of a withheld entry from the access log either', async () => {
    const body = await (
      await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld&_count=1000', { as: 'ingrid' })
    ).text();
    expect(body).not.toContain(obs['ingrid-noru']);
  });
});

describe("a citizen's access log", () => {
  async function accessLog(
    as: string,
    patient = 'ingrid-fjeld',
  ): Promise<Record<string, string | boolean>[]> {
    const p = await expectStatus<Parameters>(
      await t.fhir(`Patient/${patient}/$access-log?_count=1000`, { as }),
      200,
    );
    return (p.parameter ?? [])
      .filter((x) => x.name === 'entry')
      .map((x) =>
        Object.fromEntries((x.part ?? []).map((q) => [q.name, q.valueString ?? q.valueBoolean ?? ''])),
      );
  }

  it('lists who looked, with name, unit and organisation', async () => {
    const log = await accessLog('ingrid');
    const silje = log.find((e) => e['who'] === 'Silje Nilsen');
    expect(silje).toMatchObject({
      unit: 'Hjemmesykepleien sone Nord',
      organisation: 'Lillesand kommune',
      personnelCategory: 'SP',
      outcome: 'allowed',
      emergency: false,
    });
    expect(log.find((e) => e['who'] === 'Eirik Berg')).toMatchObject({
      unit: 'Lillesand legekontor',
      organisation: 'Lillesand kommune',
    });
    // Her own reading of her record is not in it.
    expect(log.some((e) => e['who'] === 'Ingrid Fjeld')).toBe(false);
  });

  it('shows emergency accesses with their reason', async () => {
    const log = await accessLog('ingrid');
    const emergency = log.filter((e) => e['emergency'] === true);
    expect(emergency.length).toBeGreaterThanOrEqual(2); // the grant and the search under it
    for (const e of emergency) {
      expect(e).toMatchObject({ who: 'Jonas Aas', unit: 'Lillesand legevakt', outcome: 'allowed' });
      expect(e['basis']).toContain(EMERGENCY_REASON);
    }
  });

  it('never contains a staff national id, in the operation or in AuditEvent?patient=', async () => {
    const op = await (await t.fhir('Patient/ingrid-fjeld/$access-log?_count=1000', { as: 'ingrid' })).text();
    const search = await (
      await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld&_count=1000', { as: 'ingrid' })
    ).text();
    const events = (JSON.parse(search) as Bundle<AuditEventJson>).entry ?? [];
    expect(events.length).toBeGreaterThan(5);
    for (const pid of ALL_STAFF_PIDS) {
      expect(op).not.toContain(pid);
      expect(search).not.toContain(pid);
    }
    // The person is still named, with the HPR number.
    const silje = events.find((e) => e.resource.agent[0]?.name === 'Silje Nilsen')?.resource;
    const practitioner = silje?.contained?.find((c) => c.resourceType === 'Practitioner');
    expect(practitioner?.identifier).toEqual([{ system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '7012348' }]);
  });

  // LEAK (citizen-view.ts): the projection removes the staff national id from the contained Practitioner but
  // leaves AuditEvent.entity.query (base64 of the search as sent), so a search that named a staff member's
  // national id (Berg's app asking for observations he performed) shows it to the patient once decoded.
  it('never contains a staff national id, not even inside the encoded search query', async () => {
    const search = await expectStatus<Bundle>(
      await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld&_count=1000', { as: 'ingrid' }),
      200,
    );
    const text = allText(search);
    for (const pid of ALL_STAFF_PIDS) expect(text).not.toContain(pid);
  });

  it('is the patient’s and their representatives’ only: not another citizen’s', async () => {
    const foreign = await t.fhir('Patient/ingrid-fjeld/$access-log', { as: 'per' });
    if (foreign.status === 200)
      expect((await foreign.json()) as Parameters).toEqual({ resourceType: 'Parameters', parameter: [] });
    else expect([403, 404]).toContain(foreign.status);
    // Per finds only events about his own record (some name Ingrid as the agent: her refused attempts to read
    // his record above are in his log, with her name).
    const other = await expectStatus<Bundle<AuditEventJson>>(
      await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld', { as: 'per' }),
      200,
    );
    for (const e of other.entry ?? []) {
      expect(JSON.stringify(e.resource.extension ?? [])).toContain('Patient/per-haugen');
      expect(e.resource.outcome).toBe('4');
    }
    const everything = await expectStatus<Bundle<AuditEventJson>>(
      await t.fhir('AuditEvent?_count=1000', { as: 'per' }),
      200,
    );
    for (const e of everything.entry ?? [])
      expect(JSON.stringify(e.resource.extension ?? [])).toContain('Patient/per-haugen');
    expect((await t.fhir('Patient/ingrid-fjeld/$access-log', { as: 'silje' })).status).toBe(403);
  });

  // MISSING (access-log-service.ts isCitizenOwn): every event whose agent is a citizen is dropped as "the
  // citizen's own reading", so Ingrid never sees that Anne (her power of attorney) read her record.
  it("shows her representative's reading of her record", async () => {
    await expectStatus(await t.fhir('Observation?patient=ingrid-fjeld', { as: 'anne' }), 200);
    const log = await accessLog('ingrid');
    expect(log.some((e) => e['who'] === 'Anne Fjeld')).toBe(true);
  });
});

describe('acting for others', () => {
  it('a parent acts for a child of 4 (Noah) and of 11', async () => {
    await expectStatus(await t.fhir('Patient/noah-aasen', { as: 'sara' }), 200);
    const noah = await expectStatus<Bundle>(
      await t.fhir('Observation?patient=noah-aasen', { as: 'sara' }),
      200,
    );
    expect(ids(noah)).toEqual([`Observation/${obs['noah-aasen']}`]);
    await expectStatus(await t.fhir(`Patient/${obs['child']}`, { as: 'sara' }), 200);
    const log = await expectStatus<Parameters>(
      await t.fhir('Patient/noah-aasen/$access-log', { as: 'sara' }),
      200,
    );
    expect(log.resourceType).toBe('Parameters');
  });

  it('a parent does not act for a child of 13, nor for an adult registered as her "child"', async () => {
    for (const patient of [obs['teen'] as string, 'kari-lie']) {
      expect((await t.fhir(`Patient/${patient}`, { as: 'sara' })).status, patient).toBe(404);
      const b = await expectStatus<Bundle>(
        await t.fhir(`Observation?patient=${patient}`, { as: 'sara' }),
        200,
      );
      expect(b.entry ?? [], patient).toEqual([]);
    }
  });

  it('a child does not act for the parent', async () => {
    // Noah does not sign in himself (under 16); Anne, an adult with no representation, is refused Sara.
    expect((await t.fhir('Patient/sara-aasen', { as: 'anne' })).status).toBe(404);
  });

  it('a power of attorney (Anne) acts for Ingrid, and sees her access log', async () => {
    await expectStatus(await t.fhir('Patient/ingrid-fjeld', { as: 'anne' }), 200);
    const b = await expectStatus<Bundle>(
      await t.fhir('Observation?patient=ingrid-fjeld', { as: 'anne' }),
      200,
    );
    expect(ids(b)).toEqual(
      [`Observation/${obs['ingrid-fjeld']}`, `Observation/${obs['ingrid-by-berg']}`].sort(),
    );
    const log = await expectStatus<Parameters>(
      await t.fhir('Patient/ingrid-fjeld/$access-log?_count=1000', { as: 'anne' }),
      200,
    );
    expect(JSON.stringify(log)).toContain('Silje Nilsen');
    // Ingrid does not act for Anne.
    expect((await t.fhir('Patient/anne-fjeld', { as: 'ingrid' })).status).toBe(404);
  });
});

describe('what a citizen may write', () => {
  const block = (patient: string, blocked: string) => ({
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [
      { coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.9603', code: 'NORS', display: 'Sperret' }] },
    ],
    patient: { reference: `Patient/${patient}` },
    dateTime: new Date().toISOString(),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      actor: [
        {
          role: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' }],
          },
          reference: { reference: blocked },
        },
      ],
    },
  });

  it('creates a block (Consent) on her own record, and reads it back', async () => {
    const created = await expectStatus<{ id: string }>(
      await t.fhir('Consent', {
        method: 'POST',
        as: 'kari',
        json: block('kari-lie', 'Organization/lillesand-fysioterapi'),
      }),
      201,
    );
    await expectStatus(await t.fhir(`Consent/${created.id}`, { as: 'kari' }), 200);
  });

  it('creates a block for someone she acts for (Sara for Noah, Anne for Ingrid)', async () => {
    await expectStatus(
      await t.fhir('Consent', {
        method: 'POST',
        as: 'sara',
        json: block('noah-aasen', 'Organization/lillesand-fysioterapi'),
      }),
      201,
    );
    await expectStatus(
      await t.fhir('Consent', {
        method: 'POST',
        as: 'anne',
        json: block('ingrid-fjeld', 'Organization/lillesand-fysioterapi'),
      }),
      201,
    );
  });

  it('may not create a block for someone else (403)', async () => {
    const oo = await expectStatus<OperationOutcomeJson>(
      await t.fhir('Consent', {
        method: 'POST',
        as: 'per',
        json: block('kari-lie', 'Organization/lillesand-legekontor'),
      }),
      403,
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_DENIED');
  });

  it('may not create an Observation, even on her own record (403), nor change her Patient', async () => {
    const oo = await expectStatus<OperationOutcomeJson>(
      await t.fhir('Observation', { method: 'POST', as: 'ingrid', json: observationFor('ingrid-fjeld') }),
      403,
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_DENIED');
    const me = await expectStatus<Record<string, unknown>>(
      await t.fhir('Patient/ingrid-fjeld', { as: 'ingrid' }),
      200,
    );
    expect(
      (await t.fhir('Patient/ingrid-fjeld', { method: 'PUT', as: 'ingrid', json: { ...me, gender: 'male' } }))
        .status,
    ).toBe(403);
    expect(
      (await t.fhir(`Observation/${obs['ingrid-fjeld']}`, { method: 'DELETE', as: 'ingrid' })).status,
    ).toBe(403);
  });

  it("a block keeps the blocked unit out of the record (the citizen's block works)", async () => {
    // Kari blocked physiotherapy above. Give physiotherapy a relation to Kari: her data stays withheld.
    await createAsSystem(t, encounterAt('kari-lie', 'lillesand-fysioterapi'));
    const b = await expectStatus<Bundle>(
      await t.fhir('Observation?patient=kari-lie', { as: 'ingeborg' }),
      200,
    );
    // Nothing of hers, only the note that something is withheld.
    expect((b.entry ?? []).map((e) => e.resource.resourceType)).toEqual(['OperationOutcome']);
    // Control: an unblocked unit with the same kind of relation sees the observation.
    await createAsSystem(t, encounterAt('kari-lie', 'lillesand-ergoterapi'));
    const control = await expectStatus<Bundle>(
      await t.fhir('Observation?patient=kari-lie', { as: 'lars' }),
      200,
    );
    expect(ids(control)).toEqual([`Observation/${obs['kari-lie']}`]);
  });
});
