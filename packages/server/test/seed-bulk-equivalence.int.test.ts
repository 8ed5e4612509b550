import { NEWS2_TOTAL_SNOMED } from '@akson/clinical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, sql } from '../../store/src/sql/sql.ts';
import { CHANGED_BY_URL } from '../src/medication/medication-urls.ts';
import { seedPopulation } from '../src/seed/index.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The bulk path stores exactly what the normal write path stores. A population is seeded in bulk into one
 * server; some of its citizens are then written resource by resource over HTTP (PUT, as the integration
 * client) into a second server; every row is compared: search columns, patient compartment, access tags,
 * history, care relations and blocks. NEWS2 is left to the second server's own rule, and its result compared
 * with the seeded one. Demo users then see the same in both.
 */

let bulk: TestServer;
let http: TestServer;
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

/** Resources are written in an order that lets the rules find what they read (allergies before medicines). */
const ORDER = [
  'Patient',
  'RelatedPerson',
  'Consent',
  'AllergyIntolerance',
  'Condition',
  'Flag',
  'EpisodeOfCare',
  'Encounter',
  'MedicationStatement',
  'Observation',
  'Goal',
  'CarePlan',
  'Task',
  'QuestionnaireResponse',
  'Composition',
  'Immunization',
  'Appointment',
];

type Row = Record<string, unknown> & {
  id: string;
  content: string;
  access_tags: string[];
  patient_id: string;
};

async function rowsOf(
  t: TestServer,
  type: string,
  where: { patientId?: string; ids?: string[] },
): Promise<Row[]> {
  const filter = where.ids ? sql`id = ANY(${where.ids}::text[])` : sql`patient_id = ${where.patientId ?? ''}`;
  return t.database.db.query<Row>(sql`SELECT * FROM ${ident(type)} WHERE ${filter} ORDER BY id`);
}

function isNews2(content: string): boolean {
  return content.includes(`"code":"${NEWS2_TOTAL_SNOMED.code}"`);
}

/** The stored resource without what differs by writer and time: version meta, and who changed a line. */
function comparable(content: string): Record<string, unknown> {
  const resource = JSON.parse(content) as Record<string, unknown> & {
    meta?: Record<string, unknown>;
    extension?: { url: string }[];
  };
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta ?? {};
  const extension = resource.extension?.filter((e) => e.url !== CHANGED_BY_URL);
  return {
    ...resource,
    ...(Object.keys(meta).length > 0 ? { meta } : { meta: undefined }),
    extension: extension && extension.length > 0 ? extension : undefined,
  };
}

function withoutTimes(row: Row): Record<string, unknown> {
  const { last_updated: _l, content, ...columns } = row;
  return { ...columns, content: comparable(content) };
}

/** Care relations and blocks implied by a set of source resources, without the ids the store assigns. */
async function derived(t: TestServer, refs: string[], patients: string[]) {
  const relations = await t.database.db.query(sql`
    SELECT patient_id, unit_ref, practitioner_ref, kind, source_ref, reason, starts_at, ends_at, created_by
    FROM care_relation WHERE source_ref = ANY(${refs}::text[])
    ORDER BY source_ref, unit_ref, kind`);
  const blocks = await t.database.db.query(sql`
    SELECT consent_ref, patient_id, actor_kind, actor_value, scope_kind, scope_value
    FROM patient_block WHERE patient_id = ANY(${patients}::text[]) ORDER BY consent_ref, actor_value`);
  return { relations, blocks };
}

let patients: string[] = [];
const replayed = new Map<string, string[]>();

beforeAll(async () => {
  bulk = await startTestServer();
  await seedPopulation(bulk.server.app, {
    municipalities: ['4215'],
    citizens: 30,
    years: 1,
    seed: 'eq',
    now: TODAY,
  });
  // A resident of avdeling 2, a client on Silje's round, Noah (health station), Lena (a block), Per.
  const ward = await bulk.database.db.query<{ patient_id: string }>(
    sql`SELECT patient_id FROM "Encounter" WHERE content LIKE '%Organization/solglott-avd-2%' AND content LIKE '%"in-progress"%' ORDER BY patient_id LIMIT 1`,
  );
  const round = await bulk.database.db.query<{ patient_id: string }>(
    sql`SELECT patient_id FROM "Task" WHERE content LIKE '%PractitionerRole/silje-nilsen--hjemmesykepleien-nord%' AND patient_id <> 'ingrid-fjeld' ORDER BY patient_id LIMIT 1`,
  );
  patients = [ward[0]?.patient_id ?? '', round[0]?.patient_id ?? '', 'noah-aasen', 'lena-dahl', 'per-haugen'];
  expect(patients.every(Boolean)).toBe(true);

  http = await startTestServer();
  // The register entries the seeder added to Lillesand (staff for the population's size), then the citizens.
  const staff = await bulk.database.db.query<{ content: string }>(
    sql`SELECT content FROM "Practitioner" WHERE id LIKE 'k4215-%' UNION ALL SELECT content FROM "PractitionerRole" WHERE id LIKE 'k4215-%'`,
  );
  for (const { content } of staff) {
    const r = JSON.parse(content) as { resourceType: string; id: string; meta?: unknown };
    delete r.meta;
    await expectStatus(await http.fhir(`${r.resourceType}/${r.id}`, { method: 'PUT', json: r }), 201);
  }
  for (const patientId of patients) {
    for (const type of ORDER) {
      const rows = await rowsOf(bulk, type, { patientId });
      const ids: string[] = [];
      const ordered = rows.map(
        (r) =>
          JSON.parse(r.content) as Record<string, unknown> & { id: string; meta?: Record<string, unknown> },
      );
      if (type === 'Observation')
        ordered.sort((a, b) => String(a['effectiveDateTime']).localeCompare(String(b['effectiveDateTime'])));
      for (const resource of ordered) {
        if (!/^[0-9a-f-]{36}$/.test(resource.id)) continue; // the demo register's own (seedDirectory writes it)
        if (type === 'Observation' && isNews2(JSON.stringify(resource))) continue; // the server computes NEWS2
        const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta ?? {};
        const body = { ...resource, ...(Object.keys(meta).length ? { meta } : {}) };
        if (!Object.keys(meta).length) delete body.meta;
        await expectStatus(await http.fhir(`${type}/${resource.id}`, { method: 'PUT', json: body }), 201);
        ids.push(resource.id);
      }
      replayed.set(`${patientId}|${type}`, ids);
    }
  }
}, 400_000);

afterAll(async () => {
  await bulk?.close();
  await http?.close();
});

describe('bulk seeding and the normal write path', () => {
  it('store the same rows: search columns, patient compartment, access tags and content', async () => {
    let compared = 0;
    for (const patientId of patients) {
      for (const type of ORDER) {
        const ids = replayed.get(`${patientId}|${type}`) ?? [];
        if (ids.length === 0) continue;
        const [a, b] = await Promise.all([rowsOf(bulk, type, { ids }), rowsOf(http, type, { ids })]);
        expect(b.length, `${type} of ${patientId}`).toBe(a.length);
        a.forEach((row, i) =>
          expect(withoutTimes(b[i] as Row), `${type}/${row.id}`).toEqual(withoutTimes(row)),
        );
        compared += a.length;
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('keep one history row per seeded resource', async () => {
    for (const type of ['Composition', 'Encounter', 'MedicationStatement']) {
      const ids = patients.flatMap((p) => replayed.get(`${p}|${type}`) ?? []);
      const history = (t: TestServer) =>
        t.database.db.query<{ id: string; version_id: number }>(
          sql`SELECT id, version_id FROM ${ident(`${type}_history`)} WHERE id = ANY(${ids}::text[]) ORDER BY id`,
        );
      expect(await history(http)).toEqual(await history(bulk));
    }
  });

  it('derive the same care relations and blocks', async () => {
    const refs = patients.flatMap((p) =>
      ORDER.flatMap((type) => (replayed.get(`${p}|${type}`) ?? []).map((id) => `${type}/${id}`)),
    );
    const [a, b] = await Promise.all([derived(bulk, refs, patients), derived(http, refs, patients)]);
    expect(a.relations.length).toBeGreaterThan(10);
    expect(a.blocks.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it("computes the same NEWS2 as the server's rule does when the vital signs are written", async () => {
    let compared = 0;
    for (const patientId of patients) {
      const seeded = (await rowsOf(bulk, 'Observation', { patientId })).filter((r) => isNews2(r.content));
      const computed = (await rowsOf(http, 'Observation', { patientId })).filter((r) => isNews2(r.content));
      const key = (r: Row) =>
        (JSON.parse(r.content) as { identifier?: { value?: string }[] }).identifier?.[0]?.value ?? '';
      expect(computed.map(key).sort(), patientId).toEqual(seeded.map(key).sort());
      for (const row of seeded) {
        const other = computed.find((c) => key(c) === key(row)) as Row;
        const { id: _a, ...mine } = withoutTimes(row) as { id: string; content: Record<string, unknown> };
        const { id: _b, ...theirs } = withoutTimes(other) as { id: string; content: Record<string, unknown> };
        expect({ ...theirs, content: { ...theirs.content, id: undefined } }).toEqual({
          ...mine,
          content: { ...mine.content, id: undefined },
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('show demo users the same (and only what their care relations allow)', async () => {
    const users = ['berg', 'lund', 'silje', 'moen@solglott-avd-2', 'kristian', 'maria', 'aas'];
    for (const patientId of patients) {
      for (const as of users) {
        for (const type of ['Composition', 'Encounter', 'MedicationStatement', 'Immunization']) {
          const ids = async (t: TestServer) => {
            const res = await t.fhir(`${type}?patient=${patientId}&_count=500&_elements=id`, { as });
            const bundle = (await res.json()) as {
              entry?: { resource: { resourceType: string; id: string } }[];
            };
            return (bundle.entry ?? [])
              .filter((e) => e.resource.resourceType === type)
              .map((e) => e.resource.id)
              .sort();
          };
          expect(await ids(http), `${as}: ${type} of ${patientId}`).toEqual(await ids(bulk));
        }
      }
    }
    // Lena blocked the emergency clinic: the legevakt doctor sees none of her record.
    const forAas = await bulk.fhir('Encounter?patient=lena-dahl', { as: 'aas' });
    const bundle = (await forAas.json()) as { entry?: { resource: { resourceType: string } }[] };
    expect((bundle.entry ?? []).filter((e) => e.resource.resourceType === 'Encounter')).toEqual([]);
  });
});
