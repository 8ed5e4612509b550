import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDuring, errorCodeOf, subtypeOf, type OperationOutcomeJson } from './access-test-helpers.ts';
import {
  condition,
  encounter,
  episode,
  note,
  patient,
  post,
  daysAgo,
  SKJERMET,
  type BundleJson,
  type Json,
} from './record-summary-fixtures.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Patient/{id}/$everything (FHIR R4): every resource of the record the caller may read, type by type, with the
 * register resources they refer to, paged with next links; `_since`, `_type`, `_count`.
 */

let t: TestServer;
const INGRID = 'ingrid-fjeld';
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  ids['episode'] = await post(t, episode(INGRID, 'lillesand-psykisk-helse-rus', 'psykisk-helse-rus'));
  ids['encounter'] = await post(t, encounter(INGRID, 'lillesand-legekontor', daysAgo(3)));
  ids['gpNote'] = await post(t, note(INGRID, 'lillesand-legekontor', 'Konsultasjon', daysAgo(3, 11)));
  ids['privateNote'] = await post(t, note(INGRID, 'lillesand-psykisk-helse-rus', 'Samtale', daysAgo(2)));
  ids['problem'] = await post(t, condition(INGRID, 'K77', 'Hjertesvikt'));
  ids['skjermet'] = await post(
    t,
    condition(INGRID, 'P76', 'Depressiv lidelse', {
      meta: { security: SKJERMET },
      recorder: { reference: 'Organization/lillesand-psykisk-helse-rus' },
    }),
  );
  ids['observation'] = await post(t, {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: patient(INGRID),
    effectiveDateTime: daysAgo(1),
    valueQuantity: { value: 61.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function everything(query: string, as: string): Promise<BundleJson> {
  return expectStatus<BundleJson>(await t.fhir(`Patient/${INGRID}/$everything${query}`, { as }), 200);
}

const refs = (b: BundleJson, mode: string): string[] =>
  (b.entry ?? [])
    .filter((e) => e.search?.mode === mode)
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
const notice = (b: BundleJson): string | undefined =>
  ((b.entry ?? []).find((e) => e.search?.mode === 'outcome')?.resource as OperationOutcomeJson | undefined)
    ?.issue[0]?.details?.text;

/** Patient first, then type by type alphabetically, by id within a type (the order $everything pages in). */
const inPageOrder = (list: string[]): string[] =>
  [...list].sort((a, b) => {
    const [ta = '', ia = ''] = a.split('/');
    const [tb = '', ib = ''] = b.split('/');
    if (ta !== tb) return ta === 'Patient' ? -1 : tb === 'Patient' ? 1 : ta < tb ? -1 : 1;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });

const RECORD = () =>
  inPageOrder([
    `Patient/${INGRID}`,
    `Composition/${ids['gpNote']}`,
    `Composition/${ids['privateNote']}`,
    `Condition/${ids['problem']}`,
    `Condition/${ids['skjermet']}`,
    `Encounter/${ids['encounter']}`,
    `EpisodeOfCare/${ids['episode']}`,
    `Observation/${ids['observation']}`,
    'RelatedPerson/ingrid-fjeld--anne-fjeld',
  ]);

describe('contents', () => {
  it('the integration client gets the whole record, Patient first and then type by type, with the register it refers to', async () => {
    const b = await everything('', 'lillesand-migrering');
    expect(b.type).toBe('searchset');
    expect(refs(b, 'match')).toEqual(RECORD());
    expect(refs(b, 'include')).toEqual(
      expect.arrayContaining([
        'PractitionerRole/eirik-berg--lillesand-legekontor',
        'Organization/lillesand-legekontor',
        'Organization/lillesand-psykisk-helse-rus',
      ]),
    );
    expect(notice(b)).toBeUndefined();
  });

  it('the GP gets what they may read: not the private note of psykisk helse og rus, nor what that unit skjermet', async () => {
    const b = await everything('', 'berg');
    expect(refs(b, 'match')).toEqual(
      RECORD().filter(
        (r) => r !== `Composition/${ids['privateNote']}` && r !== `Condition/${ids['skjermet']}`,
      ),
    );
    expect(notice(b)).toMatch(/^2 oppføringer er holdt tilbake/);
    expect(JSON.stringify(b)).not.toContain('Samtale');
    expect(JSON.stringify(b)).not.toContain('Depressiv');
  });

  it('psykisk helse og rus reads its own note and what it skjermet', async () => {
    expect(refs(await everything('', 'kristian'), 'match')).toEqual(RECORD());
  });

  it('the citizen reads their whole record, told of nothing withheld', async () => {
    const b = await everything('', 'ingrid');
    expect(refs(b, 'match')).toEqual(RECORD());
    expect(notice(b)).toBeUndefined();
  });

  it('no relation: 404', async () => {
    expect((await t.fhir(`Patient/${INGRID}/$everything`, { as: 'maria' })).status).toBe(404);
  });
});

describe('parameters', () => {
  it('_type keeps the named types', async () => {
    expect(refs(await everything('?_type=Condition,Observation', 'berg'), 'match')).toEqual([
      `Condition/${ids['problem']}`,
      `Observation/${ids['observation']}`,
    ]);
  });

  it('_since keeps what changed since an instant', async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const later = await post(t, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: patient(INGRID),
      effectiveDateTime: new Date().toISOString(),
      valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    });
    expect(refs(await everything(`?_since=${encodeURIComponent(since)}`, 'berg'), 'match')).toEqual([
      `Observation/${later}`,
    ]);
  });

  it('pages with _count and next links: every resource once, what is withheld counted once', async () => {
    const whole = refs(await everything('', 'berg'), 'match');
    const seen: string[] = [];
    const notices: string[] = [];
    let url: string | undefined = `Patient/${INGRID}/$everything?_count=2`;
    while (url) {
      const page: BundleJson = await expectStatus<BundleJson>(await t.fhir(url, { as: 'berg' }), 200);
      expect(refs(page, 'match').length).toBeLessThanOrEqual(2);
      seen.push(...refs(page, 'match'));
      const text = notice(page);
      if (text) notices.push(text);
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen).toEqual(whole);
    const total = notices.reduce((n, text) => n + Number(text.split(' ')[0]), 0);
    expect(total).toBe(2);
  });

  it('refuses what it does not understand with 400', async () => {
    const code = async (q: string) =>
      errorCodeOf(
        await expectStatus<OperationOutcomeJson>(
          await t.fhir(`Patient/${INGRID}/$everything${q}`, { as: 'berg' }),
          400,
        ),
      );
    expect(await code('?_type=AuditEvent')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_type=Pasient')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_since=i%20går')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?start=2024-01-01')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_count=100000')).toBe('AKS_ERR_OPERATION_PARAMETER');
    expect(await code('?_cursor=WyJGb28iLG51bGxd')).toBe('AKS_ERR_SEARCH_CURSOR');
  });
});

describe('withheld counting in the store', () => {
  it('is the same whether the first page holds every match (counted from the page) or not (counted apart)', async () => {
    await post(t, note(INGRID, 'lillesand-legekontor', 'Telefon', daysAgo(1)));
    const withheldOf = async (count: number) =>
      notice(
        await expectStatus<BundleJson>(
          await t.fhir(`Composition?patient=Patient/${INGRID}&_count=${count}`, { as: 'berg' }),
          200,
        ),
      );
    expect(await withheldOf(50)).toMatch(/^1 /);
    expect(await withheldOf(1)).toMatch(/^1 /);
  });
});

describe('audit and address protection', () => {
  it('a page is one access in the audit log', async () => {
    const events = await auditDuring(t, () => everything('', 'berg'));
    expect(events.map((e) => [subtypeOf(e), e.patientId])).toEqual([['operation', INGRID]]);
  });

  it('a patient with a protected address shows no address to clinicians', async () => {
    const lenaOf = async (as: string) =>
      (
        await expectStatus<BundleJson>(await t.fhir('Patient/lena-dahl/$everything', { as }), 200)
      ).entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Json & { address?: Json[] };
    const own = (await lenaOf('lena')).address?.[0];
    const shown = (await lenaOf('lund')).address?.[0];
    expect((own?.['line'] as string[] | undefined)?.length).toBeGreaterThan(0);
    for (const field of ['line', 'postalCode', 'city']) expect(shown?.[field]).toBeUndefined();
    expect(JSON.stringify(shown)).toContain('strengt-fortrolig');
  });
});
