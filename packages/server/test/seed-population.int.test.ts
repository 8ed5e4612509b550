import {
  calculateNews2,
  news2ToObservation,
  NEWS2_TOTAL_SNOMED,
  toPllLine,
  validateDosage,
  vitalSignsFromObservations,
} from '@akson/clinical';
import { validateResource } from '@akson/fhir';
import type { MedicationStatement, Observation, Patient, Reference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, sql } from '../../store/src/sql/sql.ts';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { auditKey } from '../src/audit/audit-key.ts';
import { CHANGED_BY_URL, ACKNOWLEDGEMENT_URL } from '../src/medication/medication-urls.ts';
import { seedPopulation, type SeedReport } from '../src/seed/index.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * The synthetic population in the demo municipality: a small generated population plus the scenarios,
 * checked for what the record promises (docs/record.md): every kind of resource validates, dosages and NEWS2
 * are what clinical computes, the scenarios' people have their stories, the demo users see what their care
 * relations allow, and the audit log covers every citizen and still verifies.
 */

let t: TestServer;
let report: SeedReport;
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

interface Bundle<T = Record<string, unknown>> {
  entry?: { resource: T; search?: { mode?: string } }[];
}

async function search<T = Record<string, unknown>>(path: string, as?: string): Promise<T[]> {
  const bundle = await expectStatus<Bundle<T>>(await t.fhir(path, as ? { as } : {}), 200);
  return (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => e.resource);
}

async function rows(type: string): Promise<Record<string, unknown>[]> {
  const found = await t.database.db.query<{ content: string }>(
    sql`SELECT content FROM ${ident(type)} WHERE NOT deleted`,
  );
  return found.map((r) => JSON.parse(r.content) as Record<string, unknown>);
}

beforeAll(async () => {
  t = await startTestServer();
  report = await seedPopulation(t.server.app, {
    municipalities: ['4215'],
    citizens: 40,
    years: 2,
    seed: 'test',
    now: TODAY,
  });
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('the seeded population', () => {
  it('reports what it wrote', () => {
    expect(report.citizens).toBe(40 + 8 + 22);
    expect(report.scenarios).toBe(true);
    expect(report.resources).toBeGreaterThan(1000);
    for (const type of [
      'Patient',
      'Encounter',
      'Composition',
      'Observation',
      'Condition',
      'MedicationStatement',
    ]) {
      expect(report.byType.get(type), type).toBeGreaterThan(0);
    }
  });

  it('validates: a sample of every resource type written passes validateResource without errors', async () => {
    const types = [...report.byType.keys()];
    expect(types.length).toBeGreaterThanOrEqual(18);
    for (const type of types) {
      const sample = await t.database.db.query<{ content: string }>(
        sql`SELECT content FROM ${ident(type)} ORDER BY id LIMIT 25`,
      );
      expect(sample.length, type).toBeGreaterThan(0);
      for (const row of sample) {
        const resource = JSON.parse(row.content) as { resourceType: string; id: string };
        let problem: unknown;
        try {
          validateResource(resource);
        } catch (err) {
          problem = (err as { issues?: unknown }).issues ?? err;
        }
        expect(problem, `${resource.resourceType}/${resource.id}`).toBeUndefined();
      }
    }
  });

  it('writes medication lines whose dosage passes validateDosage and that PLL can carry', async () => {
    const lines = (await rows('MedicationStatement')) as unknown as MedicationStatement[];
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      const validation = validateDosage(line.dosage ?? []);
      expect(validation.valid, line.id).toBe(true);
      expect(validation.issues, line.id).toEqual([]);
      expect(line.identifier?.[0]?.system).toBe('https://akson.no/fhir/NamingSystem/medication-line');
      // The export view leaves out what the server keeps for itself (changed-by, acknowledgements).
      const exported = (line.extension ?? []).filter(
        (e) => e.url !== CHANGED_BY_URL && e.url !== ACKNOWLEDGEMENT_URL,
      );
      const { meta: _meta, ...statement } = { ...line, extension: exported };
      if (exported.length === 0) delete (statement as { extension?: unknown }).extension;
      expect(() => toPllLine(statement as MedicationStatement), line.id).not.toThrow();
    }
  });

  it('computes every NEWS2 from its vital signs exactly as clinical does', async () => {
    const observations = (await rows('Observation')) as unknown as Observation[];
    const byId = new Map(observations.map((o) => [o.id, o]));
    const scores = observations.filter((o) =>
      o.code?.coding?.some((c) => c.code === NEWS2_TOTAL_SNOMED.code),
    );
    expect(scores.length).toBeGreaterThan(20);
    for (const news2 of scores) {
      const sources = (news2.derivedFrom ?? []).map(
        (r) => byId.get(r.reference?.split('/')[1] ?? '') as Observation,
      );
      const scale2 = news2.component?.some((c) => c.code?.coding?.[0]?.code === '1104321000000108');
      const reading = vitalSignsFromObservations(sources, { maxAgeMinutes: 60, spo2Scale: scale2 ? 2 : 1 });
      const expected = news2ToObservation(calculateNews2(reading.input), {
        subject: news2.subject as Reference<Patient>,
        effectiveDateTime: reading.effectiveDateTime as string,
        derivedFrom: reading.derivedFrom,
        ...(news2.identifier ? { identifier: news2.identifier } : {}),
        ...(news2.performer ? { performer: news2.performer } : {}),
        ...(news2.encounter ? { encounter: news2.encounter } : {}),
      });
      const { id: _id, meta: _meta, ...stored } = news2;
      expect(stored, news2.id).toEqual(expected);
    }
  });

  it('gives every citizen with seeded content a sealed audit entry, and the log still verifies', async () => {
    const patients = await t.database.db.query<{ n: string }>(
      sql`SELECT count(DISTINCT patient_id) AS n FROM "AuditEvent" WHERE content LIKE '%Akson seed%' AND patient_id <> ''`,
    );
    expect(Number(patients[0]?.n)).toBe(report.citizens);
    const verified = await verifyAuditChain(t.database.db, auditKey(t.config), {
      index: { baseUrl: `${t.url}/fhir`, timeZone: t.config.timeZone },
    });
    expect(verified.problems).toEqual([]);
  });
});

describe('the scenarios (SCENARIOS.md)', () => {
  it('Ingrid: critical penicillin allergy, warfarin, ibuprofen, metoprolol, paracetamol, GP Berg, home care four times a day', async () => {
    const asBerg = await search<{ criticality?: string; code?: { text?: string } }>(
      'AllergyIntolerance?patient=ingrid-fjeld',
      'berg',
    );
    expect(asBerg.some((a) => a.criticality === 'high' && a.code?.text === 'Penicillin')).toBe(true);
    const lines = await search<MedicationStatement>(
      'MedicationStatement?patient=ingrid-fjeld&status=active',
      'silje',
    );
    const atc = lines.map((l) => l.medicationCodeableConcept?.coding?.[0]?.code).sort();
    expect(atc).toEqual(expect.arrayContaining(['B01AA03', 'C07AB02', 'M01AE01', 'N02BE01']));
    const ibuprofen = lines.find((l) => l.medicationCodeableConcept?.coding?.[0]?.code === 'M01AE01');
    expect(ibuprofen?.extension?.some((e) => e.url === ACKNOWLEDGEMENT_URL)).toBe(true);
    const patient = await expectStatus<{ generalPractitioner?: { reference?: string }[] }>(
      await t.fhir('Patient/ingrid-fjeld', { as: 'silje' }),
      200,
    );
    expect(patient.generalPractitioner?.[0]?.reference).toBe(
      'PractitionerRole/eirik-berg--lillesand-legekontor',
    );
    const episodes = await search<{
      type?: { coding?: { code?: string }[] }[];
      managingOrganization?: { reference?: string };
    }>('EpisodeOfCare?patient=ingrid-fjeld&status=active', 'silje');
    const homeCare = episodes.find((e) => e.type?.[1]?.coding?.[0]?.code === 'hjemmesykepleie');
    expect(homeCare?.managingOrganization?.reference).toBe('Organization/hjemmesykepleien-nord');
    const plans = await search<{
      activity?: { detail?: { scheduledTiming?: { repeat?: { frequency?: number } } } }[];
    }>('CarePlan?patient=ingrid-fjeld', 'silje');
    expect(plans[0]?.activity?.[0]?.detail?.scheduledTiming?.repeat?.frequency).toBe(4);
  });

  it("Ingrid: last evening's vital signs at 21:00 with NEWS2 3", async () => {
    const news2 = await search<Observation>(
      `Observation?patient=ingrid-fjeld&code=http://snomed.info/sct|${NEWS2_TOTAL_SNOMED.code}&_sort=-date&_count=1`,
      'silje',
    );
    expect(news2[0]?.valueQuantity?.value).toBe(3);
    expect(news2[0]?.effectiveDateTime?.slice(11, 16)).toBe('21:00');
  });

  it("Silje's worklist: twelve visits today, Ingrid's at 08:00", async () => {
    const next = new Date(Date.parse(`${TODAY}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const tasks = await search<{ for?: { reference?: string }; executionPeriod?: { start?: string } }>(
      `Task?owner=PractitionerRole/silje-nilsen--hjemmesykepleien-nord&period=ge${TODAY}&period=lt${next}&_count=100`,
      'silje',
    );
    expect(tasks).toHaveLength(12);
    const ingrids = tasks.filter((task) => task.for?.reference === 'Patient/ingrid-fjeld');
    expect(ingrids.map((task) => task.executionPeriod?.start?.slice(11, 16)).sort()).toEqual([
      '08:00',
      '12:00',
    ]);
  });

  it('Per: notes from psykisk helse og rus are private: Kristian reads them, Dr. Berg is told something is withheld', async () => {
    const asKristian = await search<{ author?: { reference?: string }[] }>(
      'Composition?patient=per-haugen',
      'kristian',
    );
    const kristians = asKristian.filter(
      (c) => c.author?.[0]?.reference === 'PractitionerRole/kristian-dahl--lillesand-psykisk-helse-rus',
    );
    expect(kristians.length).toBeGreaterThanOrEqual(5);
    const bundle = await expectStatus<Bundle<{ resourceType: string; author?: { reference?: string }[] }>>(
      await t.fhir('Composition?patient=per-haugen', { as: 'berg' }),
      200,
    );
    const shown = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === 'Composition');
    expect(shown.some((c) => c.author?.[0]?.reference?.includes('kristian-dahl'))).toBe(false);
    expect(JSON.stringify(bundle)).toMatch(/holdt tilbake/);
    // The contacts themselves are shared: Dr. Berg sees that Per was followed up.
    const contacts = await search<{ serviceProvider?: { reference?: string } }>(
      'Encounter?patient=per-haugen',
      'berg',
    );
    expect(
      contacts.some((e) => e.serviceProvider?.reference === 'Organization/lillesand-psykisk-helse-rus'),
    ).toBe(true);
  });

  it('Noah: followed by the health station, vaccinations from the programme, growth measured', async () => {
    const vaccinations = await search<{ vaccineCode?: { coding?: { code?: string }[] } }>(
      'Immunization?patient=noah-aasen',
      'maria',
    );
    const atc = vaccinations.flatMap((v) => v.vaccineCode?.coding?.map((c) => c.code) ?? []);
    expect(atc.filter((c) => c === 'J07CA09')).toHaveLength(3);
    expect(atc).toEqual(expect.arrayContaining(['J07AL02', 'J07BD52', 'J07BH01']));
    const weights = await search('Observation?patient=noah-aasen&code=http://loinc.org|29463-7', 'maria');
    expect(weights.length).toBeGreaterThanOrEqual(8);
    const notesForBerg = await search<{ resourceType: string; custodian?: { reference?: string } }>(
      'Composition?patient=noah-aasen',
      'berg',
    );
    expect(notesForBerg.some((c) => c.custodian?.reference === 'Organization/lillesand-helsestasjon')).toBe(
      false,
    );
  });

  it('Solgløtt avdeling 2 has fourteen residents today, with NEWS2 for those measured this morning', async () => {
    const stays = await search<{ subject?: { reference?: string } }>(
      'Encounter?service-provider=Organization/solglott-avd-2&status=in-progress&_count=100',
      'moen@solglott-avd-2',
    );
    expect(stays).toHaveLength(14);
    const todays = await search<Observation>(
      `Observation?code=http://snomed.info/sct|${NEWS2_TOTAL_SNOMED.code}&date=ge${TODAY}&_count=100`,
      'moen@solglott-avd-2',
    );
    const residents = new Set(stays.map((s) => s.subject?.reference));
    const measured = new Set(todays.map((o) => o.subject?.reference).filter((r) => residents.has(r)));
    expect(measured.size).toBe(10);
    const open = await search(
      'Task?owner=Organization/solglott-avd-2&status=requested,in-progress&_count=100',
      'moen@solglott-avd-2',
    );
    expect(open.length).toBeGreaterThan(0);
  });

  it('Kari sees her own record in the portal', async () => {
    const own = await search<{ resourceType: string }>('MedicationStatement?patient=kari-lie', 'kari');
    expect(own.length).toBeGreaterThanOrEqual(2);
  });
});
