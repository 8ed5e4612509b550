import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, grant, newPatient, patientRef, unit } from './access-fixtures.ts';
import { careRelationMeta, sql } from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * How care relations live and end: a relation whose source stops implying it ends (and the grace period
 * applies) rather than vanishing, and access a clinician grants themselves holds for the unit they took it for.
 * Berg works at the GP office (lillesand-legekontor) and at the nursing home (solglott-avd-2).
 */
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

interface BasisPart {
  name: string;
  part?: {
    name: string;
    valueCode?: string;
    valueInstant?: string;
    valueReference?: { reference?: string };
  }[];
}

async function relations(as: string, patientId: string) {
  const basis = await expectStatus<{ parameter: BasisPart[] }>(
    await t.fhir(`Patient/${patientId}/$access-basis`, { as }),
    200,
  );
  return basis.parameter
    .filter((p) => p.name === 'relation')
    .map((p) => {
      const get = (n: string) => p.part?.find((x) => x.name === n);
      return {
        kind: get('kind')?.valueCode,
        end: get('end')?.valueInstant,
        unit: get('unit')?.valueReference?.reference,
      };
    });
}

const storedRelations = (patientId: string) =>
  t.database.db.query<{ id: string; kind: string; ends_at: string | null; unit_ref: string | null }>(
    sql`SELECT id, kind, ends_at, unit_ref FROM care_relation WHERE patient_id = ${patientId} ORDER BY starts_at`,
  );

describe('a derived relation whose source no longer implies it ends, with the grace period', () => {
  it('a GP-list change ends the old office’s relation (still readable in the grace period), keeping its id', async () => {
    const patient = await create<{ id: string; generalPractitioner?: unknown }>(t, {
      resourceType: 'Patient',
      name: [{ family: 'Listebytter', given: ['Test'] }],
      generalPractitioner: [unit('lillesand-legekontor')],
    });
    const read = await expectStatus<Record<string, unknown>>(
      await t.fhir(`Patient/${patient.id}`, { as: 'berg' }),
      200,
    );
    const [before] = await storedRelations(patient.id);
    expect(before?.ends_at).toBeNull();
    await expectStatus(
      await t.fhir(`Patient/${patient.id}`, {
        method: 'PUT',
        json: { ...read, generalPractitioner: [unit('solglott-avd-2')] },
      }),
      200,
    );
    const after = await storedRelations(patient.id);
    const old = after.find((r) => r.id === before?.id);
    expect(old?.ends_at).toBeTruthy();
    expect(
      after.find((r) => r.unit_ref === 'Organization/solglott-avd-2' && r.ends_at === null),
    ).toBeDefined();
    // The grace period (30 days by default) applies to the ended relation.
    expect((await t.fhir(`Patient/${patient.id}`, { as: 'berg@lillesand-legekontor' })).status).toBe(200);
    const basis = await relations('berg@lillesand-legekontor', patient.id);
    expect(basis.find((r) => r.kind === 'gp-list')?.end).toBeDefined();
  });

  it('the audit events of reads under the old relation still name a relation that exists', async () => {
    const patientId = await newPatient(t, 'Revisjonsspor', {
      generalPractitioner: [unit('lillesand-legekontor')],
    });
    await expectStatus(await t.fhir(`Patient/${patientId}`, { as: 'berg' }), 200);
    const [event] = await t.database.db.query<{ content: string }>(
      sql`SELECT content FROM "AuditEvent" WHERE patient_id = ${patientId} AND 'kind:read' = ANY(access_tags)`,
    );
    const relationId = careRelationMeta(JSON.parse(event?.content ?? '{}'))?.['decision-ref-id'];
    expect(relationId).toBeTruthy();
    const current = await expectStatus<Record<string, unknown>>(await t.fhir(`Patient/${patientId}`), 200);
    await expectStatus(
      await t.fhir(`Patient/${patientId}`, {
        method: 'PUT',
        json: { ...current, generalPractitioner: undefined },
      }),
      200,
    );
    expect((await storedRelations(patientId)).map((r) => r.id)).toContain(relationId);
  });

  it('a cancelled or entered-in-error episode ends the relation', async () => {
    const patientId = await newPatient(t, 'Avlyst');
    const episode = await create<Record<string, unknown>>(t, {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: patientRef(patientId),
      managingOrganization: unit('hjemmesykepleien-nord'),
      period: { start: new Date(Date.now() - 86_400_000).toISOString() },
    });
    expect((await t.fhir(`Patient/${patientId}`, { as: 'silje' })).status).toBe(200);
    await expectStatus(
      await t.fhir(`EpisodeOfCare/${episode.id}`, {
        method: 'PUT',
        json: { ...episode, status: 'cancelled' },
      }),
      200,
    );
    const [ended] = await storedRelations(patientId);
    expect(ended?.ends_at).toBeTruthy();
    expect((await t.fhir(`Patient/${patientId}`, { as: 'silje' })).status).toBe(200); // grace period
    // Entered in error: the source implies nothing any more, and the relation ends the same way.
    const other = await newPatient(t, 'Feilregistrert');
    const mistaken = await create<Record<string, unknown>>(t, {
      ...episode,
      id: undefined,
      patient: patientRef(other),
    });
    await expectStatus(
      await t.fhir(`EpisodeOfCare/${mistaken.id}`, {
        method: 'PUT',
        json: { ...mistaken, status: 'entered-in-error' },
      }),
      200,
    );
    const [afterError] = await storedRelations(other);
    expect(afterError?.ends_at).toBeTruthy();
  });

  it('Patient.deceasedDateTime ends the GP-list relation, as deceasedBoolean does', async () => {
    for (const deceased of [{ deceasedDateTime: '2024-03-01T10:00:00Z' }, { deceasedBoolean: true }]) {
      const patientId = await newPatient(t, 'Avdød', { generalPractitioner: [unit('lillesand-legekontor')] });
      const current = await expectStatus<Record<string, unknown>>(await t.fhir(`Patient/${patientId}`), 200);
      await expectStatus(
        await t.fhir(`Patient/${patientId}`, { method: 'PUT', json: { ...current, ...deceased } }),
        200,
      );
      const stored = await storedRelations(patientId);
      expect(stored.filter((r) => r.kind === 'gp-list' && r.ends_at === null)).toEqual([]);
      expect(stored.filter((r) => r.kind === 'gp-list')).toHaveLength(1);
    }
  });

  it('with no grace period, the ended relation gives no access at once', async () => {
    const strict = await startTestServer({ AKSON_RELATION_GRACE_DAYS: '0' });
    try {
      const patientId = (
        await expectStatus<{ id: string }>(
          await strict.fhir('Patient', {
            method: 'POST',
            json: {
              resourceType: 'Patient',
              name: [{ family: 'Uten', given: ['Frist'] }],
              generalPractitioner: [unit('lillesand-legekontor')],
            },
          }),
          201,
        )
      ).id;
      expect((await strict.fhir(`Patient/${patientId}`, { as: 'berg' })).status).toBe(200);
      const current = await expectStatus<Record<string, unknown>>(
        await strict.fhir(`Patient/${patientId}`),
        200,
      );
      await expectStatus(
        await strict.fhir(`Patient/${patientId}`, {
          method: 'PUT',
          json: { ...current, generalPractitioner: [unit('solglott-avd-2')] },
        }),
        200,
      );
      expect((await strict.fhir(`Patient/${patientId}`, { as: 'berg@lillesand-legekontor' })).status).toBe(
        404,
      );
      expect((await strict.fhir(`Patient/${patientId}`, { as: 'berg@solglott-avd-2' })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('emergency access and self-declared relations hold for the unit they were taken for', () => {
  it.each(['emergency-access', 'declare-relation'] as const)(
    '%s at one unit does not carry over to another',
    async (op) => {
      const patientId = await newPatient(t, `Enhetsbundet-${op}`);
      expect((await t.fhir(`Patient/${patientId}`, { as: 'berg@solglott-avd-2' })).status).toBe(404);
      await grant(t, 'berg@solglott-avd-2', patientId, op);
      expect((await t.fhir(`Patient/${patientId}`, { as: 'berg@solglott-avd-2' })).status).toBe(200);
      expect((await t.fhir(`Patient/${patientId}`, { as: 'berg@lillesand-legekontor' })).status).toBe(404);
      // Personal still: nobody else gets anything from it.
      expect((await t.fhir(`Patient/${patientId}`, { as: 'aas' })).status).toBe(404);
      const [stored] = await storedRelations(patientId);
      expect(stored?.unit_ref).toBe('Organization/solglott-avd-2');
      expect((await relations('berg@solglott-avd-2', patientId))[0]?.unit).toBe(
        'Organization/solglott-avd-2',
      );
      expect(await relations('berg@lillesand-legekontor', patientId)).toEqual([]);
    },
  );
});
