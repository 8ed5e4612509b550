import { insertRelations } from '@akson/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditDuring,
  careRelationMeta,
  createAsSystem,
  decodedQuery,
  encounterAt,
  FNR,
  observationFor,
  operationParameters,
  patientExtension,
  pidOfCitizen,
  pidOfStaff,
  signed,
  sql,
  staffClaims,
  storedAudit,
  subtypeOf,
  uniqueSuffix,
  warmBasis,
  type AuditEventJson,
  type StoredAudit,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Every interaction leaves exactly the right AuditEvent(s), with the fields of HL7 Norway's trust-framework
 * mapping: who (name, PractitionerRole, 9060 category, the person with national id and HPR, the unit and its
 * municipality), which patient (extension and entity), why (the care-relation metadata: decision reference,
 * description, user-selected; purpose of use), and how it went (outcome). Events are read from the database
 * (exactly what was written) and, once, through the security officer's AuditEvent search.
 */

const MUNICIPALITY_ORGNR = '911042150';

let t: TestServer;
let ingridObservation: string;
let kariObservation: string;

beforeAll(async () => {
  t = await startTestServer();
  // Silje's unit (home care north) visits Ingrid and Kari: derived care relations.
  await createAsSystem(t, encounterAt('ingrid-fjeld', 'hjemmesykepleien-nord'));
  await createAsSystem(t, encounterAt('kari-lie', 'hjemmesykepleien-nord'));
  ingridObservation = (await createAsSystem(t, observationFor('ingrid-fjeld'))).id;
  kariObservation = (await createAsSystem(t, observationFor('kari-lie'))).id;
  // Sign in the users once, so their login events do not mix with the events under test.
  for (const who of ['silje', 'aas', 'ingeborg', 'lars', 'hilde', 'randi'])
    await t.fhir('Organization/lillesand-kommune', { as: who });
});
afterAll(async () => {
  await t?.close();
});

async function relationId(
  patientId: string,
  holder: { unit?: string; practitioner?: string },
  kind?: string,
): Promise<string> {
  const rows = await t.database.db.query<{
    id: string;
  }>(sql`SELECT id FROM care_relation WHERE patient_id = ${patientId}
    AND (unit_ref = ${holder.unit ? `Organization/${holder.unit}` : ''} OR practitioner_ref = ${holder.practitioner ? `Practitioner/${holder.practitioner}` : ''})
    AND (${kind ?? ''} = '' OR kind = ${kind ?? ''}) ORDER BY created_at DESC`);
  if (!rows[0]) throw new Error(`no care relation for ${patientId}`);
  return rows[0].id;
}

const purposeOf = (e: AuditEventJson): string | undefined =>
  e.purposeOfEvent?.[0]?.coding?.find(
    (c) => c.system === 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  )?.code;

function only(events: StoredAudit[]): StoredAudit {
  expect(events.map((e) => `${subtypeOf(e)}:${e.patientId}`)).toHaveLength(1);
  return events[0] as StoredAudit;
}

/** The agent part of the mapping, for a staff member acting in one role. */
function expectStaffAgent(
  e: AuditEventJson,
  who: { username: string; name: string; roleRef: string; category: string; hpr: string; unitName: string },
): void {
  const agent = e.agent[0];
  expect(e.agent).toHaveLength(1);
  expect(agent?.name).toBe(who.name);
  expect(agent?.who?.reference).toBe(who.roleRef);
  expect(agent?.role?.[0]?.coding?.[0]).toEqual({
    system: 'urn:oid:2.16.578.1.12.4.1.1.9060',
    code: who.category,
  });
  const practitioner = e.contained?.find((c) => c.resourceType === 'Practitioner');
  expect(practitioner?.identifier).toEqual(
    expect.arrayContaining([
      { system: FNR, value: pidOfStaff(who.username) },
      { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: who.hpr },
    ]),
  );
  const unit = e.contained?.find((c) => c.resourceType === 'Organization');
  expect(unit?.name).toBe(who.unitName);
  expect(unit?.partOf?.identifier).toEqual({
    system: 'urn:oid:2.16.578.1.12.4.1.4.101',
    value: MUNICIPALITY_ORGNR,
  });
  expect(e.source).toBeDefined();
}

const SILJE = {
  username: 'silje',
  name: 'Silje Nilsen',
  roleRef: 'PractitionerRole/silje-nilsen--hjemmesykepleien-nord',
  category: 'SP',
  hpr: '7012348',
  unitName: 'Hjemmesykepleien sone Nord',
};

function expectPatient(e: AuditEventJson, patientId: string): void {
  expect(patientExtension(e)).toBe(`Patient/${patientId}`);
  const entity = e.entity?.find((x) => x.what?.reference === `Patient/${patientId}`);
  expect(entity?.role?.code).toBe('1');
  expect(entity?.type?.code).toBe('1');
}

describe('reads', () => {
  it('read: one event with every field of the mapping', async () => {
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir('Patient/ingrid-fjeld', { as: 'silje' }), 200),
    );
    const { event, patientId, accessTags } = only(events);
    expect(patientId).toBe('ingrid-fjeld');
    expect(subtypeOf(event)).toBe('read');
    expect(event.action).toBe('R');
    expect(event.outcome).toBe('0');
    expect(event.type.code).toBe('rest');
    expectPatient(event, 'ingrid-fjeld');
    expectStaffAgent(event, SILJE);
    expect(purposeOf(event)).toBe('TREAT');
    expect(careRelationMeta(event)).toEqual({
      'decision-ref-id': await relationId('ingrid-fjeld', { unit: 'hjemmesykepleien-nord' }),
      'decision-ref-description': expect.stringContaining('encounter'),
      'decision-ref-user-selected': false,
    });
    expect(accessTags).toContain(`org:${MUNICIPALITY_ORGNR}`);
  });

  it('read: the event is in the database when the response arrives (durable before responding)', async () => {
    for (let i = 0; i < 10; i++) {
      const before = await storedAudit(t);
      const res = await t.fhir(`Observation/${ingridObservation}`, { as: 'silje' });
      // Nothing awaited between the response and this query.
      const after = await storedAudit(t);
      expect(res.status).toBe(200);
      const added = after.filter((e) => !before.some((b) => b.id === e.id));
      expect(
        added.filter((e) =>
          e.event.entity?.some((x) => x.what?.reference === `Observation/${ingridObservation}`),
        ),
      ).toHaveLength(1);
    }
  });

  it('search: concurrent searches are each durable before their own response', async () => {
    // Thirty concurrent searches with distinct queries (group-committed together): each response is checked
    // against the database the moment it arrives, for its own query.
    const missing = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const query = `Observation?patient=ingrid-fjeld&_count=${i + 1}`;
        const res = await t.fhir(query, { as: 'silje' });
        const rows = await t.database.db.query<{ content: string }>(
          sql`SELECT content FROM "AuditEvent" WHERE patient_id = 'ingrid-fjeld' AND access_tags @> ARRAY['kind:search']`,
        );
        const found = rows.some((r) => decodedQuery(JSON.parse(r.content) as AuditEventJson) === query);
        return res.status === 200 && found ? undefined : query;
      }),
    );
    expect(missing.filter(Boolean)).toEqual([]);
  });

  it('vread: one event naming the version read', async () => {
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir(`Observation/${ingridObservation}/_history/1`, { as: 'silje' }), 200),
    );
    const { event } = only(events);
    expect(subtypeOf(event)).toBe('vread');
    expect(event.action).toBe('R');
    expectPatient(event, 'ingrid-fjeld');
    expect(event.entity?.some((x) => x.what?.reference === `Observation/${ingridObservation}`)).toBe(true);
  });

  it('search: one event per patient touched, each with the query', async () => {
    const events = await auditDuring(t, async () => {
      const bundle = await expectStatus<{ entry?: unknown[] }>(
        await t.fhir('Observation?code=http://loinc.org|8310-5', { as: 'silje' }),
        200,
      );
      expect(bundle.entry).toHaveLength(2);
    });
    expect(events.map((e) => e.patientId).sort()).toEqual(['ingrid-fjeld', 'kari-lie']);
    for (const { event, patientId } of events) {
      expect(subtypeOf(event)).toBe('search-type');
      expect(event.action).toBe('E');
      expectPatient(event, patientId);
      expect(decodedQuery(event)).toBe('Observation?code=http%3A%2F%2Floinc.org%7C8310-5');
      const observation = patientId === 'ingrid-fjeld' ? ingridObservation : kariObservation;
      expect(event.entity?.map((x) => x.what?.reference).filter(Boolean)).toEqual([
        `Patient/${patientId}`,
        `Observation/${observation}`,
      ]);
      expectStaffAgent(event, SILJE);
    }
  });

  it('search: a search that finds nothing leaves one event with the query and no patient', async () => {
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir('Observation?code=http://loinc.org|0000-0', { as: 'silje' }), 200),
    );
    const { event, patientId } = only(events);
    expect(patientId).toBe('');
    expect(patientExtension(event)).toBeUndefined();
    expect(decodedQuery(event)).toBe('Observation?code=http%3A%2F%2Floinc.org%7C0000-0');
  });

  it('history: one event for the patient whose resource history was read', async () => {
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir(`Observation/${ingridObservation}/_history`, { as: 'silje' }), 200),
    );
    const { event } = only(events);
    expect(subtypeOf(event)).toBe('history-instance');
    expectPatient(event, 'ingrid-fjeld');
  });

  it('denied read: one event with outcome 4 naming the patient, and a 404 that does not say why', async () => {
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir('Patient/per-haugen', { as: 'silje' }), 404),
    );
    const { event, accessTags } = only(events);
    expect(event.outcome).toBe('4');
    expect(subtypeOf(event)).toBe('read');
    expectPatient(event, 'per-haugen');
    expectStaffAgent(event, SILJE);
    expect(accessTags).toContain('flag:denied');
  });

  it('denied read inside a batch: still one event with outcome 4', async () => {
    const batch = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ request: { method: 'GET', url: 'Patient/per-haugen' } }],
    };
    const events = await auditDuring(t, async () => {
      const res = await expectStatus<{ entry: { response: { status: string } }[] }>(
        await t.fhir(t.base, { method: 'POST', json: batch, as: 'silje' }),
        200,
      );
      expect(res.entry[0]?.response.status).toMatch(/^404/);
    });
    const { event } = only(events.filter((e) => e.event.outcome === '4'));
    expectPatient(event, 'per-haugen');
  });

  it('patient lookup by national id: one event flagged as lookup, demographics only in the answer', async () => {
    const events = await auditDuring(t, async () => {
      const bundle = await expectStatus<{ entry?: { resource: Record<string, unknown> }[] }>(
        await t.fhir(`Patient?identifier=${FNR}|${pidOfCitizen('anne')}`, { as: 'lars' }),
        200,
      );
      expect(bundle.entry).toHaveLength(1);
      expect(bundle.entry?.[0]?.resource['address']).toBeUndefined();
      expect(bundle.entry?.[0]?.resource['generalPractitioner']).toBeUndefined();
    });
    const { event, accessTags } = only(events);
    expect(subtypeOf(event)).toBe('lookup');
    expect(event.type.code).toBe('110113');
    expectPatient(event, 'anne-fjeld');
    expect(accessTags).toContain('flag:lookup');
    expect(careRelationMeta(event)?.['decision-ref-description']).toBe('Oppslag på fødselsnummer');
    expect(decodedQuery(event)).toContain(pidOfCitizen('anne'));
  });
});

describe('writes', () => {
  it('create, update, delete: one event each, in the write', async () => {
    await warmBasis(t, 'silje', 'ingrid-fjeld');
    let id = '';
    const created = await auditDuring(t, async () => {
      id = (
        await expectStatus<{ id: string }>(
          // A draft (preliminary): journal entries that are part of the record are not deleted, drafts are.
          await t.fhir('Observation', {
            method: 'POST',
            json: observationFor('ingrid-fjeld', { status: 'preliminary' }),
            as: 'silje',
          }),
          201,
        )
      ).id;
    });
    const c = only(created).event;
    expect([subtypeOf(c), c.action, c.outcome]).toEqual(['create', 'C', '0']);
    expectPatient(c, 'ingrid-fjeld');
    expectStaffAgent(c, SILJE);
    expect(c.entity?.some((x) => x.what?.reference === `Observation/${id}`)).toBe(true);

    const current = await expectStatus<Record<string, unknown>>(
      await t.fhir(`Observation/${id}`, { as: 'silje' }),
      200,
    );
    const updated = await auditDuring(t, async () =>
      expectStatus(
        await t.fhir(`Observation/${id}`, {
          method: 'PUT',
          json: { ...current, note: [{ text: 'Målt på nytt' }] },
          as: 'silje',
        }),
        200,
      ),
    );
    const u = only(updated).event;
    expect([subtypeOf(u), u.action]).toEqual(['update', 'U']);
    expectPatient(u, 'ingrid-fjeld');

    const deleted = await auditDuring(t, async () => {
      const res = await t.fhir(`Observation/${id}`, { method: 'DELETE', as: 'silje' });
      expect([200, 204]).toContain(res.status);
    });
    const d = only(deleted).event;
    expect([subtypeOf(d), d.action]).toEqual(['delete', 'D']);
    expectPatient(d, 'ingrid-fjeld');
  });

  it('patch: exactly one event, for the patch', async () => {
    await warmBasis(t, 'silje', 'ingrid-fjeld');
    const events = await auditDuring(t, async () =>
      expectStatus(
        await t.fhir(`Observation/${ingridObservation}`, {
          method: 'PATCH',
          as: 'silje',
          headers: { 'content-type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'replace', path: '/status', value: 'corrected' }]),
        }),
        200,
      ),
    );
    const { event } = only(events);
    expect(event.action).toBe('U');
    expect(['patch', 'update']).toContain(subtypeOf(event));
  });

  it('denied write: one event with outcome 4, and nothing written', async () => {
    const marker = `denied-${uniqueSuffix()}`;
    const events = await auditDuring(t, async () => {
      const res = await t.fhir('Observation', {
        method: 'POST',
        as: 'silje',
        json: observationFor('per-haugen', { identifier: [{ system: 'urn:test', value: marker }] }),
      });
      expect(res.status).toBe(403);
    });
    const { event, accessTags } = only(events);
    expect(event.outcome).toBe('4');
    expectStaffAgent(event, SILJE);
    expect(accessTags).toContain('flag:denied');
    const found = await expectStatus<{ entry?: unknown[] }>(
      await t.fhir(`Observation?identifier=urn:test|${marker}`),
      200,
    );
    expect(found.entry ?? []).toHaveLength(0);
  });

  // MISSING (resource-service.ts #write): the denied write's event has no patient (entities: [], no patientId),
  // so the attempt is neither in the patient's access log nor found by AuditEvent?patient= for the officer.
  it('denied write: the event names the patient the write was for', async () => {
    const events = await auditDuring(t, async () => {
      expect(
        (await t.fhir('Observation', { method: 'POST', as: 'silje', json: observationFor('per-haugen') }))
          .status,
      ).toBe(403);
    });
    expectPatient(only(events).event, 'per-haugen');
  });

  it('a failed transaction leaves neither its resources nor their audit events', async () => {
    await warmBasis(t, 'silje', 'ingrid-fjeld');
    const marker = `tx-${uniqueSuffix()}`;
    const tagged = (patient: string) =>
      observationFor(patient, { identifier: [{ system: 'urn:test', value: marker }] });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6f1c1c7e-1111-4a4a-9b9b-000000000001',
          request: { method: 'POST', url: 'Observation' },
          resource: tagged('ingrid-fjeld'),
        },
        {
          fullUrl: 'urn:uuid:6f1c1c7e-1111-4a4a-9b9b-000000000002',
          request: { method: 'POST', url: 'Observation' },
          resource: tagged('ingrid-fjeld'),
        },
        // Silje has no relation to Per: this entry is refused and takes the whole transaction with it.
        {
          fullUrl: 'urn:uuid:6f1c1c7e-1111-4a4a-9b9b-000000000003',
          request: { method: 'POST', url: 'Observation' },
          resource: tagged('per-haugen'),
        },
      ],
    };
    const events = await auditDuring(t, async () => {
      expect((await t.fhir(t.base, { method: 'POST', json: bundle, as: 'silje' })).status).toBe(403);
    });
    // Nothing of the transaction is recorded as done; the refused entry is recorded as an attempt.
    expect(events.filter((e) => e.event.outcome === '0')).toEqual([]);
    const refused = events.filter((e) => e.event.outcome === '4');
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0]?.event)).toContain('Patient/per-haugen');
    const rows = await t.database.db.query(
      sql`SELECT id FROM "Observation" WHERE content LIKE ${`%${marker}%`}`,
    );
    expect(rows).toEqual([]);
    const history = await t.database.db.query(
      sql`SELECT id FROM "Observation_history" WHERE content LIKE ${`%${marker}%`}`,
    );
    expect(history).toEqual([]);
  });

  it('a failed transaction by an integration (invalid entry last) leaves no events either', async () => {
    const marker = `tx-sys-${uniqueSuffix()}`;
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          request: { method: 'POST', url: 'Observation' },
          resource: observationFor('kari-lie', { identifier: [{ system: 'urn:test', value: marker }] }),
        },
        {
          request: { method: 'PUT', url: 'Observation/does-not-match' },
          resource: { ...observationFor('kari-lie'), id: 'another-id' },
        },
      ],
    };
    const events = await auditDuring(t, async () => {
      expect((await t.fhir(t.base, { method: 'POST', json: bundle })).status).toBe(400);
    });
    expect(events).toEqual([]);
    expect(
      await t.database.db.query(sql`SELECT id FROM "Observation" WHERE content LIKE ${`%${marker}%`}`),
    ).toEqual([]);
  });

  it('a successful transaction: one event per write, committed with the writes', async () => {
    const marker = `tx-ok-${uniqueSuffix()}`;
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: ['ingrid-fjeld', 'kari-lie'].map((p) => ({
        request: { method: 'POST', url: 'Observation' },
        resource: observationFor(p, { identifier: [{ system: 'urn:test', value: marker }] }),
      })),
    };
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir(t.base, { method: 'POST', json: bundle }), 200),
    );
    expect(events.map((e) => `${subtypeOf(e)}:${e.patientId}`).sort()).toEqual([
      'create:ingrid-fjeld',
      'create:kari-lie',
    ]);
    // An integration's events name the client, not a person.
    expect(events[0]?.event.agent[0]?.who?.identifier?.value).toBe('lillesand-migrering');
  });
});

describe('access a clinician grants themselves', () => {
  it('emergency access: one BTG event with the reason, and later reads are BTG and flagged', async () => {
    const reason = 'Akutt innleggelse, pasienten er bevisstløs';
    let granted = '';
    const events = await auditDuring(t, async () => {
      const res = await expectStatus<{ parameter: { name: string; valueString?: string }[] }>(
        await t.fhir('Patient/per-haugen/$emergency-access', {
          method: 'POST',
          as: 'aas',
          json: operationParameters({ reason }),
        }),
        200,
      );
      granted = res.parameter.find((p) => p.name === 'relation')?.valueString ?? '';
    });
    const { event, accessTags } = only(events);
    expect(subtypeOf(event)).toBe('emergency-access');
    expect(event.type.code).toBe('110113');
    expect(purposeOf(event)).toBe('BTG');
    expectPatient(event, 'per-haugen');
    expect(careRelationMeta(event)).toEqual({
      'decision-ref-id': granted,
      'decision-ref-description': reason,
      'decision-ref-user-selected': true,
    });
    expect(accessTags).toEqual(expect.arrayContaining(['flag:emergency', 'basis:emergency']));
    expect(event.agent[0]?.name).toBe('Jonas Aas');

    const read = only(
      await auditDuring(t, async () => expectStatus(await t.fhir('Patient/per-haugen', { as: 'aas' }), 200)),
    );
    expect(purposeOf(read.event)).toBe('BTG');
    expect(careRelationMeta(read.event)?.['decision-ref-id']).toBe(granted);
    expect(careRelationMeta(read.event)?.['decision-ref-user-selected']).toBe(true);
    expect(read.accessTags).toContain('flag:emergency');
  });

  it('emergency access needs a reason (and a refused attempt grants nothing)', async () => {
    const res = await t.fhir('Patient/lena-dahl/$emergency-access', {
      method: 'POST',
      as: 'aas',
      json: operationParameters({ reason: 'akutt' }),
    });
    expect(res.status).toBe(400);
    expect((await t.fhir('Patient/lena-dahl', { as: 'aas' })).status).toBe(404);
  });

  it('self-declared relation: one event, user-selected, flagged; later reads carry the same basis', async () => {
    const reason = 'Skal vurdere hjelpemidler i hjemmet etter fall';
    const events = await auditDuring(t, async () =>
      expectStatus(
        await t.fhir('Patient/olav-bakke/$declare-relation', {
          method: 'POST',
          as: 'ingeborg',
          json: operationParameters({ reason }),
        }),
        200,
      ),
    );
    const { event, accessTags } = only(events);
    expect(subtypeOf(event)).toBe('self-declared-relation');
    expect(purposeOf(event)).toBe('TREAT');
    expect(careRelationMeta(event)).toEqual({
      'decision-ref-id': await relationId('olav-bakke', { practitioner: 'ingeborg-vik' }, 'self-declared'),
      'decision-ref-description': reason,
      'decision-ref-user-selected': true,
    });
    expect(accessTags).toContain('flag:self-declared');
    const read = only(
      await auditDuring(t, async () =>
        expectStatus(await t.fhir('Patient/olav-bakke', { as: 'ingeborg' }), 200),
      ),
    );
    expect(careRelationMeta(read.event)?.['decision-ref-user-selected']).toBe(true);
    expect(read.accessTags).toContain('flag:self-declared');
  });
});

describe('sign-in', () => {
  it('login: one event the first time a token is used, none after', async () => {
    const token = await signed(t, staffClaims('silje'));
    const first = await auditDuring(
      t,
      async () => expectStatus(await t.fhir('Organization/lillesand-kommune', { token }), 200),
      { logins: true },
    );
    const login = only(first.filter((e) => subtypeOf(e) === 'login')).event;
    expect(login.type).toMatchObject({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110114',
    });
    expect(login.outcome).toBe('0');
    expect(patientExtension(login)).toBeUndefined();
    expectStaffAgent(login, SILJE);
    const second = await auditDuring(
      t,
      async () => expectStatus(await t.fhir('Organization/lillesand-kommune', { token }), 200),
      { logins: true },
    );
    expect(second.filter((e) => subtypeOf(e) === 'login')).toEqual([]);
  });

  it("records the purpose of use of this token, not an earlier one's", async () => {
    // Silje's usual (TREAT) token was just used, as it would be in a working day.
    await expectStatus(await t.fhir('Organization/lillesand-kommune', { as: 'silje' }), 200);
    const etreat = await signed(t, staffClaims('silje', {}, { purpose: 'ETREAT' }));
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir('Patient/ingrid-fjeld', { token: etreat }), 200),
    );
    expect(purposeOf(only(events).event)).toBe('ETREAT');
  });
});

describe('the audit record over time', () => {
  it('names the relation that exists now, not one cached from before it existed', async () => {
    await expectStatus(
      await t.fhir(`Patient?identifier=${FNR}|${pidOfCitizen('sara')}`, { as: 'randi' }),
      200,
    );
    await createAsSystem(t, encounterAt('sara-aasen', 'lillesand-jordmor'));
    const events = await auditDuring(t, async () =>
      expectStatus(await t.fhir('Patient/sara-aasen', { as: 'randi' }), 200),
    );
    const meta = careRelationMeta(only(events).event);
    expect(meta?.['decision-ref-description']).not.toBe('Ingen tjenstlig behov registrert');
    expect(meta?.['decision-ref-id']).toBe(await relationId('sara-aasen', { unit: 'lillesand-jordmor' }));
  });
});

describe('relations that have ended', () => {
  const daysAgo = (d: number): string => new Date(Date.now() - d * 86_400_000).toISOString();

  it('a derived relation gives read access for the grace period after it ends, and then not', async () => {
    // Occupational therapy had Lena as a patient; the relation ended 31 days ago (grace: 30 days).
    await insertRelations(t.database.db, [
      {
        patientId: 'lena-dahl',
        unitRef: 'Organization/lillesand-ergoterapi',
        practitionerRef: undefined,
        kind: 'episode',
        sourceRef: 'EpisodeOfCare/old',
        reason: undefined,
        startsAt: daysAgo(200),
        endsAt: daysAgo(31),
        createdBy: undefined,
      },
    ]);
    const denied = only(
      await auditDuring(t, async () => expectStatus(await t.fhir('Patient/lena-dahl', { as: 'lars' }), 404)),
    );
    expect(denied.event.outcome).toBe('4');
    expectPatient(denied.event, 'lena-dahl');
    // Another episode that ended 29 days ago: still within the grace period.
    const [id] = await insertRelations(t.database.db, [
      {
        patientId: 'lena-dahl',
        unitRef: 'Organization/lillesand-ergoterapi',
        practitionerRef: undefined,
        kind: 'episode',
        sourceRef: 'EpisodeOfCare/recent',
        reason: undefined,
        startsAt: daysAgo(100),
        endsAt: daysAgo(29),
        createdBy: undefined,
      },
    ]);
    const allowed = only(
      await auditDuring(t, async () => expectStatus(await t.fhir('Patient/lena-dahl', { as: 'lars' }), 200)),
    );
    expect(careRelationMeta(allowed.event)).toMatchObject({
      'decision-ref-id': id,
      'decision-ref-user-selected': false,
    });
  });

  it('emergency and self-declared access end when they end (no grace period)', async () => {
    await insertRelations(t.database.db, [
      {
        patientId: 'noah-aasen',
        unitRef: undefined,
        practitionerRef: 'Practitioner/anders-bakken',
        kind: 'self-declared',
        sourceRef: undefined,
        reason: 'Saksbehandling av søknad',
        startsAt: daysAgo(4),
        endsAt: daysAgo(0.001),
        createdBy: 'PractitionerRole/anders-bakken--lillesand-tildeling',
      },
    ]);
    expect((await t.fhir('Patient/noah-aasen', { as: 'anders' })).status).toBe(404);
  });
});

describe('read back by the security officer', () => {
  async function officerSees(patientId: string): Promise<Map<string, AuditEventJson>> {
    const bundle = await expectStatus<{ entry?: { resource: AuditEventJson }[] }>(
      await t.fhir(`AuditEvent?patient=Patient/${patientId}&_count=1000`, { as: 'hilde' }),
      200,
    );
    return new Map((bundle.entry ?? []).map((e) => [e.resource.id, e.resource]));
  }

  it("finds the municipality's staff's events through AuditEvent?patient=, exactly as stored", async () => {
    const stored = (await storedAudit(t)).filter(
      (e) => e.patientId === 'ingrid-fjeld' && e.accessTags.includes(`org:${MUNICIPALITY_ORGNR}`),
    );
    expect(stored.length).toBeGreaterThan(5);
    const byId = await officerSees('ingrid-fjeld');
    expect(stored.filter((e) => !byId.has(e.id)).map((e) => e.id)).toEqual([]);
    for (const e of stored) expect(byId.get(e.id)).toEqual(e.event);
    // And by kind of event.
    const emergencies = await expectStatus<{ entry?: { resource: AuditEventJson }[] }>(
      await t.fhir(
        'AuditEvent?patient=Patient/per-haugen&subtype=https://akson.no/fhir/CodeSystem/audit-subtype|emergency-access',
        { as: 'hilde' },
      ),
      200,
    );
    expect(emergencies.entry).toHaveLength(1);
  });

  // MISSING (audit-event.ts buildAuditEvent + read-scope-for.ts): the officer sees only events tagged with the
  // municipality's orgnr; an integration's events carry it only if its token has orgnr_parent (the demo
  // client's tokens do not) and the platform's never do, so what integrations did to a patient's record cannot
  // be reviewed by the security officer at all.
  it("finds an integration's accesses to the patient too", async () => {
    const stored = (await storedAudit(t)).filter(
      (e) => e.patientId === 'ingrid-fjeld' && e.accessTags.includes('agent:client:lillesand-migrering'),
    );
    expect(stored.length).toBeGreaterThan(0);
    const byId = await officerSees('ingrid-fjeld');
    expect(stored.filter((e) => !byId.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('is refused to clinicians', async () => {
    expect((await t.fhir('AuditEvent?patient=Patient/ingrid-fjeld', { as: 'silje' })).status).toBe(403);
  });
});

describe('a clinician writing to a patient before reading them (own server: the failure wedges PGlite)', () => {
  it('answers a clinician’s first write to a patient', async () => {
    const own = await startTestServer();
    let wedged = false;
    try {
      const write = own.fhir('Observation', {
        method: 'POST',
        as: 'berg',
        json: observationFor('kari-lie'),
      });
      const outcome = await Promise.race([
        write.then((r) => r.status),
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 8000)),
      ]);
      wedged = outcome === 'timeout';
      expect(outcome).toBe(201);
    } finally {
      // A wedged PGlite never closes; leave it to the process's end.
      if (!wedged) await own.close();
      else void own.server.app.close().catch(() => undefined);
    }
  }, 20_000);
});
