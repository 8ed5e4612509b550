import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDuring, errorCodeOf, subtypeOf, type OperationOutcomeJson } from './access-test-helpers.ts';
import {
  block,
  daysAgo,
  encounter,
  episode,
  immunization,
  note,
  patient,
  post,
  SKJERMET,
  type BundleJson,
} from './record-summary-fixtures.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Patient/{id}/$timeline: contacts from all services, newest first, with what, where, which service and when.
 * Noah (4) is followed by the health station (Maria) and his GP office (Lund); his mother Sara acts for him.
 * The health station's note is private to it: the GP sees that the consultation happened and that content is
 * withheld, never the note. A GP note skjermet by the GP office is the other way round for Maria.
 */

let t: TestServer;
const NOAH = 'noah-aasen';
const PER = 'per-haugen';
const ids: Record<string, string> = {};
const ENTRY_URL = 'https://akson.no/fhir/StructureDefinition/timeline-entry';

type Entry = NonNullable<BundleJson['entry']>[number];

beforeAll(async () => {
  t = await startTestServer();
  ids['healthStation'] = await post(
    t,
    episode(NOAH, 'lillesand-helsestasjon', 'helsestasjon', { period: { start: daysAgo(700) } }),
  );
  ids['physio'] = await post(
    t,
    episode(NOAH, 'lillesand-fysioterapi', 'fysioterapi', {
      status: 'finished',
      period: { start: daysAgo(200), end: daysAgo(100) },
    }),
  );
  ids['e1'] = await post(t, encounter(NOAH, 'lillesand-helsestasjon', daysAgo(30)));
  ids['n1'] = await post(
    t,
    note(NOAH, 'lillesand-helsestasjon', 'Familiesituasjon', daysAgo(30, 11), {
      encounter: { reference: `Encounter/${ids['e1']}` },
    }),
  );
  ids['weight'] = await post(t, {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: patient(NOAH),
    encounter: { reference: `Encounter/${ids['e1']}` },
    performer: [{ reference: 'Organization/lillesand-helsestasjon' }],
    effectiveDateTime: daysAgo(30),
    valueQuantity: { value: 16.2, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  });
  ids['vaccine'] = await post(t, immunization(NOAH, 'lillesand-helsestasjon', 'MMR', daysAgo(30, 12)));
  ids['e2'] = await post(t, encounter(NOAH, 'lillesand-legekontor', daysAgo(10)));
  ids['n2'] = await post(
    t,
    note(NOAH, 'lillesand-legekontor', 'Øreverk', daysAgo(10, 11), {
      encounter: { reference: `Encounter/${ids['e2']}` },
    }),
  );
  ids['e3'] = await post(t, encounter(NOAH, 'lillesand-legekontor', daysAgo(5)));
  ids['n3'] = await post(
    t,
    note(NOAH, 'lillesand-legekontor', 'Skjermet konsultasjon', daysAgo(5, 11), {
      meta: { security: SKJERMET },
      encounter: { reference: `Encounter/${ids['e3']}` },
    }),
  );
  ids['cancelled'] = await post(
    t,
    encounter(NOAH, 'lillesand-legevakt', daysAgo(60), { status: 'cancelled' }),
  );
  ids['appointment'] = await post(t, {
    resourceType: 'Appointment',
    status: 'booked',
    description: 'Kontroll hos fastlege',
    start: daysAgo(-7),
    end: new Date(Date.parse(daysAgo(-7)) + 20 * 60_000).toISOString(),
    participant: [
      { actor: patient(NOAH), status: 'accepted' },
      { actor: { reference: 'Organization/lillesand-legekontor' }, status: 'accepted' },
    ],
  });
  // Per has blocked home care; sone Sør has an episode with him (a relation), so Tone can open the record.
  await post(t, episode(PER, 'hjemmesykepleien-sor', 'hjemmesykepleie'));
  await post(t, encounter(PER, 'lillesand-legekontor', daysAgo(3)));
  await post(
    t,
    block(PER, {
      identifier: { system: 'https://akson.no/fhir/CodeSystem/service-type', value: 'hjemmesykepleie' },
    }),
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function timeline(query: string, as: string): Promise<BundleJson> {
  return expectStatus<BundleJson>(await t.fhir(`Patient/${NOAH}/$timeline${query}`, { as }), 200);
}

const partsOf = (e: Entry): Record<string, unknown> =>
  Object.fromEntries(
    (e.extension?.find((x) => x.url === ENTRY_URL)?.extension ?? []).map((p) => {
      const { url, ...value } = p;
      return [url, Object.values(value)[0]];
    }),
  );
const matches = (b: BundleJson): Entry[] => (b.entry ?? []).filter((e) => e.search?.mode === 'match');
/** "Encounter/x" for each entry, with "#end" for the end of an episode, in timeline order. */
const keys = (b: BundleJson): string[] =>
  matches(b).map(
    (e) =>
      `${e.resource?.resourceType}/${e.resource?.id}${partsOf(e)['kind'] === 'episode-end' ? '#end' : ''}`,
  );
const withheldNotice = (b: BundleJson): string | undefined =>
  ((b.entry ?? []).find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcomeJson | undefined)
    ?.issue[0]?.details?.text;

describe('what each caller sees', () => {
  it('the GP: every contact in time order, the health station consultation without its note, marked withheld', async () => {
    const b = await timeline('', 'lund');
    expect(keys(b)).toEqual([
      `Appointment/${ids['appointment']}`,
      `Composition/${ids['n3']}`,
      `Encounter/${ids['e3']}`,
      `Composition/${ids['n2']}`,
      `Encounter/${ids['e2']}`,
      `Immunization/${ids['vaccine']}`,
      `Encounter/${ids['e1']}`,
      `EpisodeOfCare/${ids['physio']}#end`,
      `EpisodeOfCare/${ids['physio']}`,
      `EpisodeOfCare/${ids['healthStation']}`,
    ]);
    const e1 = matches(b).find((e) => e.resource?.id === ids['e1']) as Entry;
    expect(partsOf(e1)).toMatchObject({
      kind: 'contact',
      what: 'Konsultasjon',
      when: daysAgo(30),
      withheld: 2, // the note and the measurement
      service: { code: 'helsestasjon', display: 'Helsestasjon' },
      unit: { reference: 'Organization/lillesand-helsestasjon', display: 'Lillesand helsestasjon' },
    });
    const e2 = matches(b).find((e) => e.resource?.id === ids['e2']) as Entry;
    expect(partsOf(e2)['withheld']).toBeUndefined();
    expect(JSON.stringify(b)).not.toContain('Familiesituasjon');
    expect(withheldNotice(b)).toMatch(/^1 oppføring er holdt tilbake/);
  });

  it('entries say what they are: notes name their contact, episodes start and end, vaccinations name the vaccine', async () => {
    const b = await timeline('', 'lund');
    const n2 = matches(b).find((e) => e.resource?.id === ids['n2']) as Entry;
    expect(partsOf(n2)).toMatchObject({
      kind: 'note',
      what: 'Øreverk',
      encounter: { reference: `Encounter/${ids['e2']}` },
    });
    const ends = matches(b)
      .filter((e) => e.resource?.id === ids['physio'])
      .map(partsOf);
    expect(ends.map((p) => [p['kind'], p['what']])).toEqual([
      ['episode-end', 'fysioterapi avsluttet'],
      ['episode-start', 'fysioterapi startet'],
    ]);
    // An episode that starts and ends on one page is two entries; the Bundle names the resource once.
    expect(matches(b).filter((e) => e.fullUrl?.endsWith(`EpisodeOfCare/${ids['physio']}`))).toHaveLength(1);
    const vaccine = matches(b).find((e) => e.resource?.id === ids['vaccine']) as Entry;
    expect(partsOf(vaccine)).toMatchObject({ kind: 'vaccination', what: 'Vaksine: MMR' });
  });

  it('the health station: its own note, not the GP office’s skjermet one (marked withheld on that contact)', async () => {
    const b = await timeline('', 'maria');
    expect(keys(b)).toContain(`Composition/${ids['n1']}`);
    expect(keys(b)).not.toContain(`Composition/${ids['n3']}`);
    const e3 = matches(b).find((e) => e.resource?.id === ids['e3']) as Entry;
    expect(partsOf(e3)['withheld']).toBe(1);
    const e1 = matches(b).find((e) => e.resource?.id === ids['e1']) as Entry;
    expect(partsOf(e1)['withheld']).toBeUndefined();
    expect(JSON.stringify(b)).not.toContain('Skjermet konsultasjon');
  });

  it('the parent sees the whole timeline, with no withheld markers', async () => {
    const b = await timeline('', 'sara');
    expect(keys(b)).toEqual(expect.arrayContaining([`Composition/${ids['n1']}`, `Composition/${ids['n3']}`]));
    expect(matches(b).every((e) => partsOf(e)['withheld'] === undefined)).toBe(true);
    expect(withheldNotice(b)).toBeUndefined();
  });

  it('cancelled contacts are not on the timeline', async () => {
    expect(keys(await timeline('', 'lund'))).not.toContain(`Encounter/${ids['cancelled']}`);
  });

  it('a blocked service sees that the patient exists and that everything is withheld, never what', async () => {
    const b = await expectStatus<BundleJson>(await t.fhir(`Patient/${PER}/$timeline`, { as: 'tone' }), 200);
    expect(matches(b)).toHaveLength(0);
    expect(withheldNotice(b)).toMatch(/^2 oppføringer er holdt tilbake/);
  });

  it('no relation: 404, as for a patient that does not exist', async () => {
    expect((await t.fhir(`Patient/${NOAH}/$timeline`, { as: 'aas' })).status).toBe(404);
    expect((await t.fhir('Patient/no-such-patient/$timeline', { as: 'lund' })).status).toBe(404);
    expect((await t.fhir(`Patient/${NOAH}/$timeline`, { as: 'anne' })).status).toBe(404);
  });
});

describe('filters and paging', () => {
  it('?service= keeps the entries one service produced', async () => {
    const b = await timeline('?service=helsestasjon', 'lund');
    expect(keys(b)).toEqual([
      `Immunization/${ids['vaccine']}`,
      `Encounter/${ids['e1']}`,
      `EpisodeOfCare/${ids['healthStation']}`,
    ]);
  });

  it('?type= keeps resource types, ?from= and ?to= a time window', async () => {
    expect(keys(await timeline('?type=Immunization,Appointment', 'lund'))).toEqual([
      `Appointment/${ids['appointment']}`,
      `Immunization/${ids['vaccine']}`,
    ]);
    const from = daysAgo(31).slice(0, 10);
    const to = daysAgo(6).slice(0, 10);
    expect(keys(await timeline(`?from=${from}&to=${to}`, 'lund'))).toEqual([
      `Composition/${ids['n2']}`,
      `Encounter/${ids['e2']}`,
      `Immunization/${ids['vaccine']}`,
      `Encounter/${ids['e1']}`,
    ]);
  });

  it('pages with next links give the same entries in the same order, each once', async () => {
    const all = keys(await timeline('', 'lund'));
    const paged: string[] = [];
    let url: string | undefined = `Patient/${NOAH}/$timeline?_count=3`;
    let pages = 0;
    while (url) {
      const page: BundleJson = await expectStatus<BundleJson>(await t.fhir(url, { as: 'lund' }), 200);
      expect(matches(page).length).toBeLessThanOrEqual(3);
      paged.push(...keys(page));
      url = page.link?.find((l) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(paged).toEqual(all);
  });

  it('events at the same instant are ordered by resource and none is lost between pages', async () => {
    const kari = 'kari-lie';
    const at = daysAgo(2);
    const same: string[] = [];
    for (let i = 0; i < 5; i++)
      same.push(await post(t, immunization(kari, 'lillesand-legekontor', `Vaksine ${i}`, at)));
    const expected = same.map((id) => `Immunization/${id}`).sort();
    const paged: string[] = [];
    let url: string | undefined = `Patient/${kari}/$timeline?_count=2`;
    while (url) {
      const page: BundleJson = await expectStatus<BundleJson>(await t.fhir(url, { as: 'berg' }), 200);
      paged.push(...keys(page));
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(paged).toEqual(expected);
  });

  it('refuses what it does not understand with 400', async () => {
    const code = async (q: string) =>
      errorCodeOf(
        await expectStatus<OperationOutcomeJson>(
          await t.fhir(`Patient/${NOAH}/$timeline${q}`, { as: 'lund' }),
          400,
        ),
      );
    expect(await code('?type=Observation')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?service=tannlege')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?from=igår')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_count=0')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_cursor=bm90LWEtY3Vyc29y')).toBe('AKS_ERR_SEARCH_CURSOR');
    expect(await code('?since=2024-01-01')).toBe('AKS_ERR_OPERATION_PARAMETER');
  });
});

describe('audit', () => {
  it('a page of the timeline is one access in the audit log', async () => {
    const events = await auditDuring(t, () => timeline('', 'lund'));
    expect(events.map((e) => [subtypeOf(e), e.patientId])).toEqual([['operation', NOAH]]);
  });
});
