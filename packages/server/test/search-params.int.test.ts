/**
 * Search parameter types over real HTTP: string, token, reference, date, number, quantity, uri and composite,
 * with their modifiers and prefixes, :missing, comma OR and repeated-parameter AND. Each block creates a small
 * data set (kept apart by a meta.tag) and computes what every query should find from that data, so a wrong
 * answer from the server fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  create,
  createAll,
  escapeSearchValue,
  expectError,
  qs,
  searchIds,
  sortedIds,
  tagged,
  tagParam,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

/** Ids of the items for which `predicate` holds: the expected answer, computed from the data. */
function idsWhere<T>(items: readonly { id: string; data: T }[], predicate: (data: T) => boolean): string[] {
  return items
    .filter((i) => predicate(i.data))
    .map((i) => i.id)
    .sort();
}

/** FHIR string matching as R4 describes it: case- and accent-insensitive (combining marks removed). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

describe('string parameters', () => {
  const SET = 'string';
  interface Person {
    family?: string;
    given?: string[];
    city?: string;
  }
  const people: Person[] = [
    { family: 'Ærlig', given: ['Øystein'], city: 'Tromsø' },
    { family: 'Åsen', given: ['Åse', 'Marie'], city: 'Bodø' },
    { family: 'Hansen', given: ['Ole'], city: 'Oslo' },
    { family: 'Hanssen-Berg', given: ['Kari'] },
    { family: 'van der Berg', given: ['Jan'] },
    { family: 'Smith,Jr', given: ['Bob'] },
    { given: ['Nameless'] },
    {},
  ];
  let items: { id: string; data: Person }[] = [];

  beforeAll(async () => {
    const created = await createAll(
      t,
      people.map((p) =>
        tagged(SET, {
          resourceType: 'Patient',
          ...(p.family || p.given
            ? {
                name: [{ ...(p.family ? { family: p.family } : {}), ...(p.given ? { given: p.given } : {}) }],
              }
            : {}),
          ...(p.city ? { address: [{ city: p.city, country: 'NO' }] } : {}),
        }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: people[i] as Person }));
  });

  const find = (query: string) => searchIds(t, `Patient?${query}&${tagParam(SET)}`);
  const startsWith = (values: (string | undefined)[], prefix: string) =>
    values.some((v) => v !== undefined && fold(v).startsWith(fold(prefix)));

  it.each([
    'han',
    'HAN',
    'Hans',
    'hanssen-b',
    'van der',
    'åse',
    'ÅSE',
    'ase',
    'ærl',
    'ÆRLIG',
    'øys',
    'ØYSTEIN',
    'x',
  ])('family/given/name default to a case- and accent-insensitive starts-with (%s)', async (value) => {
    const v = encodeURIComponent(value);
    expect(await find(`family=${v}`)).toEqual(idsWhere(items, (p) => startsWith([p.family], value)));
    expect(await find(`given=${v}`)).toEqual(idsWhere(items, (p) => startsWith(p.given ?? [], value)));
    expect(await find(`name=${v}`)).toEqual(
      idsWhere(items, (p) => startsWith([p.family, ...(p.given ?? [])], value)),
    );
  });

  it('matches the start of a value, not the middle', async () => {
    const expected = idsWhere(items, (p) => startsWith([p.family], 'sen'));
    expect(expected).toEqual([]);
    expect(await find('family=sen')).toEqual(expected);
    expect(await find('name=berg')).toEqual([]);
  });

  it('treats æ and ø as letters of their own (only å decomposes to a + ring)', async () => {
    // Documented normalisation (store/src/indexing/normalize-string.ts): "oys" does not find "Øystein", "aerlig"
    // does not find "Ærlig", but "ase" finds "Åse" because Unicode decomposes å.
    expect(await find('given=oys')).toEqual([]);
    expect(await find('family=aerlig')).toEqual([]);
    expect(await find('given=ase')).toEqual(idsWhere(items, (p) => (p.given ?? []).includes('Åse')));
  });

  it(':exact matches the whole value, case and accents included', async () => {
    expect(await find(`family:exact=${encodeURIComponent('Åsen')}`)).toEqual(
      idsWhere(items, (p) => p.family === 'Åsen'),
    );
    expect(await find(`family:exact=${encodeURIComponent('åsen')}`)).toEqual([]);
    expect(await find(`family:exact=${encodeURIComponent('Åse')}`)).toEqual([]);
    expect(await find(`given:exact=Ole,Kari`)).toEqual(
      idsWhere(items, (p) => (p.given ?? []).some((g) => g === 'Ole' || g === 'Kari')),
    );
  });

  it(':contains matches anywhere in a value', async () => {
    for (const value of ['SEN', 'der b', 'ø', 'Øy']) {
      const expected = idsWhere(items, (p) =>
        [p.family].some((f) => f !== undefined && fold(f).includes(fold(value))),
      );
      expect(await find(`family:contains=${encodeURIComponent(value)}`), value).toEqual(expected);
    }
  });

  it('comma means OR, a repeated parameter means AND', async () => {
    expect(await find(`family=han,${encodeURIComponent('ærl')}`)).toEqual(
      idsWhere(items, (p) => startsWith([p.family], 'han') || startsWith([p.family], 'ærl')),
    );
    expect(await find('family=han&given=ole')).toEqual(
      idsWhere(items, (p) => startsWith([p.family], 'han') && startsWith(p.given ?? [], 'ole')),
    );
    expect(await find('family=han&family=hanssen')).toEqual(
      idsWhere(items, (p) => startsWith([p.family], 'hanssen')),
    );
  });

  it('an escaped comma is part of the value', async () => {
    expect(await find(`family=${encodeURIComponent(escapeSearchValue('smith,j'))}`)).toEqual(
      idsWhere(items, (p) => p.family === 'Smith,Jr'),
    );
    expect(await find(`family:exact=${encodeURIComponent(escapeSearchValue('Smith,Jr'))}`)).toEqual(
      idsWhere(items, (p) => p.family === 'Smith,Jr'),
    );
  });

  it('searches address parts', async () => {
    expect(await find(`address-city=${encodeURIComponent('tromsø')}`)).toEqual(
      idsWhere(items, (p) => p.city === 'Tromsø'),
    );
    expect(await find(`address=${encodeURIComponent('bod')}`)).toEqual(
      idsWhere(items, (p) => p.city === 'Bodø'),
    );
    expect(await find('address-country=no')).toEqual(idsWhere(items, (p) => p.city !== undefined));
  });

  it(':missing finds resources with and without a value', async () => {
    expect(await find('family:missing=true')).toEqual(idsWhere(items, (p) => p.family === undefined));
    expect(await find('family:missing=false')).toEqual(idsWhere(items, (p) => p.family !== undefined));
    expect(await find('name:missing=true')).toEqual(
      idsWhere(items, (p) => p.family === undefined && p.given === undefined),
    );
  });
});

describe('token parameters', () => {
  const SET = 'token';
  const LOINC = 'http://loinc.org';
  interface Obs {
    codings: { system?: string; code: string; display?: string }[];
    text?: string;
    status: string;
  }
  const observations: Obs[] = [
    { codings: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }], text: 'Puls', status: 'final' },
    {
      codings: [
        { system: LOINC, code: '8310-5', display: 'Body temperature' },
        { system: 'http://snomed.info/sct', code: '386725007' },
      ],
      status: 'amended',
    },
    { codings: [{ code: 'local-1', display: 'Lokal kode' }], status: 'preliminary' },
    { codings: [{ system: 'urn:local', code: '8867-4' }], text: 'Hjertefrekvens', status: 'final' },
    { codings: [{ system: 'urn:with|bar', code: 'a,b' }], status: 'final' },
  ];
  let items: { id: string; data: Obs }[] = [];

  beforeAll(async () => {
    const created = await createAll(
      t,
      observations.map((o) =>
        tagged(SET, {
          resourceType: 'Observation',
          status: o.status,
          code: { coding: o.codings, ...(o.text ? { text: o.text } : {}) },
        }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: observations[i] as Obs }));
  });

  const find = (query: string) => searchIds(t, `Observation?${query}&${tagParam(SET)}`);
  const has = (o: Obs, test: (c: Obs['codings'][number]) => boolean) => o.codings.some(test);

  it('code, system|code, |code and system|', async () => {
    expect(await find('code=8867-4')).toEqual(idsWhere(items, (o) => has(o, (c) => c.code === '8867-4')));
    expect(await find(`code=${encodeURIComponent(`${LOINC}|8867-4`)}`)).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.system === LOINC && c.code === '8867-4')),
    );
    expect(await find(`code=${encodeURIComponent('|local-1')}`)).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.system === undefined && c.code === 'local-1')),
    );
    expect(await find(`code=${encodeURIComponent('|8867-4')}`)).toEqual([]);
    expect(await find(`code=${encodeURIComponent(`${LOINC}|`)}`)).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.system === LOINC)),
    );
  });

  it('escaped separators in system and code', async () => {
    const value = `${escapeSearchValue('urn:with|bar')}|${escapeSearchValue('a,b')}`;
    expect(await find(`code=${encodeURIComponent(value)}`)).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.code === 'a,b')),
    );
  });

  it(':not excludes resources that have the code, and keeps those without', async () => {
    expect(await find('code:not=8867-4')).toEqual(
      idsWhere(items, (o) => !has(o, (c) => c.code === '8867-4')),
    );
    expect(await find('status:not=final,amended')).toEqual(
      idsWhere(items, (o) => o.status !== 'final' && o.status !== 'amended'),
    );
  });

  it(':text searches the text and the displays', async () => {
    for (const text of ['puls', 'heart', 'HEART RATE', 'lokal', 'hjerte', 'temperature']) {
      const expected = idsWhere(items, (o) =>
        [o.text, ...o.codings.map((c) => c.display)].some(
          (d) => d !== undefined && fold(d).includes(fold(text)),
        ),
      );
      expect(expected.length, text).toBeGreaterThan(0);
      expect(await find(`code:text=${encodeURIComponent(text)}`), text).toEqual(expected);
    }
  });

  it('comma OR and repeated AND', async () => {
    expect(await find('code=8867-4,8310-5')).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.code === '8867-4' || c.code === '8310-5')),
    );
    expect(await find('code=8867-4&status=final')).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.code === '8867-4') && o.status === 'final'),
    );
    expect(await find(`code=8310-5&code=${encodeURIComponent('http://snomed.info/sct|386725007')}`)).toEqual(
      idsWhere(items, (o) => has(o, (c) => c.code === '8310-5') && has(o, (c) => c.code === '386725007')),
    );
  });

  describe('identifiers, telecom and booleans (Patient)', () => {
    const PSET = 'token-patient';
    const MR = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' };
    interface P {
      identifiers: { system: string; value: string; type?: string }[];
      phone?: string;
      email?: string;
      active?: boolean;
      gender?: string;
    }
    const patients: P[] = [
      {
        identifiers: [{ system: 'urn:hospital', value: 'A1', type: 'MR' }],
        phone: '+4712345678',
        active: true,
        gender: 'female',
      },
      {
        identifiers: [{ system: 'urn:hospital', value: 'A2' }],
        email: 'kari@example.no',
        active: false,
        gender: 'male',
      },
      { identifiers: [{ system: 'urn:other', value: 'A1', type: 'MR' }], gender: 'other' },
      { identifiers: [] },
    ];
    let pitems: { id: string; data: P }[] = [];
    beforeAll(async () => {
      const created = await createAll(
        t,
        patients.map((p) =>
          tagged(PSET, {
            resourceType: 'Patient',
            ...(p.identifiers.length > 0
              ? {
                  identifier: p.identifiers.map((i) => ({
                    system: i.system,
                    value: i.value,
                    ...(i.type ? { type: { coding: [MR], text: 'Medical record number' } } : {}),
                  })),
                }
              : {}),
            telecom: [
              ...(p.phone ? [{ system: 'phone', value: p.phone }] : []),
              ...(p.email ? [{ system: 'email', value: p.email }] : []),
            ],
            ...(p.active !== undefined ? { active: p.active } : {}),
            ...(p.gender ? { gender: p.gender } : {}),
          }),
        ),
      );
      pitems = created.map((r, i) => ({ id: r.id, data: patients[i] as P }));
    });
    const pfind = (query: string) => searchIds(t, `Patient?${query}&${tagParam(PSET)}`);

    it('identifier with and without system, and :of-type', async () => {
      expect(await pfind('identifier=A1')).toEqual(
        idsWhere(pitems, (p) => p.identifiers.some((i) => i.value === 'A1')),
      );
      expect(await pfind(`identifier=${encodeURIComponent('urn:hospital|A1')}`)).toEqual(
        idsWhere(pitems, (p) => p.identifiers.some((i) => i.system === 'urn:hospital' && i.value === 'A1')),
      );
      expect(await pfind(`identifier=${encodeURIComponent('urn:hospital|')}`)).toEqual(
        idsWhere(pitems, (p) => p.identifiers.some((i) => i.system === 'urn:hospital')),
      );
      expect(await pfind(`identifier:of-type=${encodeURIComponent(`${MR.system}|MR|A1`)}`)).toEqual(
        idsWhere(pitems, (p) => p.identifiers.some((i) => i.type === 'MR' && i.value === 'A1')),
      );
      expect(await pfind(`identifier:of-type=${encodeURIComponent(`${MR.system}|MR|A2`)}`)).toEqual([]);
      expect(await pfind('identifier:text=medical')).toEqual(
        idsWhere(pitems, (p) => p.identifiers.some((i) => i.type === 'MR')),
      );
      expect(await pfind('identifier:missing=true')).toEqual(
        idsWhere(pitems, (p) => p.identifiers.length === 0),
      );
    });

    it('telecom, phone and email', async () => {
      expect(await pfind(`phone=${encodeURIComponent('+4712345678')}`)).toEqual(
        idsWhere(pitems, (p) => p.phone === '+4712345678'),
      );
      expect(await pfind('email=kari@example.no')).toEqual(
        idsWhere(pitems, (p) => p.email === 'kari@example.no'),
      );
      expect(await pfind(`telecom=${encodeURIComponent('email|kari@example.no')}`)).toEqual(
        idsWhere(pitems, (p) => p.email === 'kari@example.no'),
      );
      expect(await pfind('phone=kari@example.no')).toEqual([]);
    });

    it('booleans and codes, with :not and :missing', async () => {
      expect(await pfind('active=true')).toEqual(idsWhere(pitems, (p) => p.active === true));
      expect(await pfind('active=false')).toEqual(idsWhere(pitems, (p) => p.active === false));
      expect(await pfind('active:not=true')).toEqual(idsWhere(pitems, (p) => p.active !== true));
      expect(await pfind('active:missing=true')).toEqual(idsWhere(pitems, (p) => p.active === undefined));
      expect(await pfind('gender=female,other')).toEqual(
        idsWhere(pitems, (p) => p.gender === 'female' || p.gender === 'other'),
      );
      expect(await pfind('gender:not=male')).toEqual(idsWhere(pitems, (p) => p.gender !== 'male'));
      expect(await pfind('gender:missing=false')).toEqual(idsWhere(pitems, (p) => p.gender !== undefined));
    });
  });
});

describe('reference parameters', () => {
  const SET = 'reference';
  let patient: Resource;
  let other: Resource;
  let organization: Resource;
  const forms: { label: string; subject: (p: Resource) => Record<string, unknown> | undefined }[] = [
    { label: 'relative', subject: (p) => ({ reference: `Patient/${p.id}` }) },
    { label: 'absolute', subject: (p) => ({ reference: `${t.base}/Patient/${p.id}` }) },
    { label: 'versioned', subject: (p) => ({ reference: `Patient/${p.id}/_history/1` }) },
    {
      label: 'logical',
      subject: () => ({ identifier: { system: 'urn:hospital', value: 'MRN-7' }, display: 'By identifier' }),
    },
    { label: 'external', subject: () => ({ reference: 'http://other.example.org/fhir/Patient/99' }) },
    { label: 'other patient', subject: () => ({ reference: `Patient/${other.id}` }) },
    { label: 'group', subject: () => ({ reference: 'Group/g1' }) },
    { label: 'none', subject: () => undefined },
  ];
  let items: { id: string; data: string }[] = [];

  beforeAll(async () => {
    organization = await create(t, tagged(SET, { resourceType: 'Organization', name: 'Ref Org' }));
    patient = await create(
      t,
      tagged(SET, {
        resourceType: 'Patient',
        name: [{ family: 'Referanse' }],
        managingOrganization: { reference: `Organization/${organization.id}` },
      }),
    );
    other = await create(t, tagged(SET, { resourceType: 'Patient', name: [{ family: 'Annen' }] }));
    const created = await createAll(
      t,
      forms.map((f) => {
        const subject = f.subject(patient);
        return tagged(SET, {
          resourceType: 'Observation',
          status: 'final',
          code: { text: f.label },
          ...(subject ? { subject } : {}),
        });
      }),
    );
    items = created.map((r, i) => ({ id: r.id, data: forms[i]?.label as string }));
  });

  const find = (query: string) => searchIds(t, `Observation?${query}&${tagParam(SET)}`);
  const toPatient = ['relative', 'absolute', 'versioned'];

  it('Type/id, bare id, absolute URL under the base and a type modifier find the same resources', async () => {
    const expected = idsWhere(items, (l) => toPatient.includes(l));
    expect(await find(`subject=Patient/${patient.id}`)).toEqual(expected);
    expect(await find(`subject=${patient.id}`)).toEqual(expected);
    expect(await find(`subject=${encodeURIComponent(`${t.base}/Patient/${patient.id}`)}`)).toEqual(expected);
    expect(await find(`subject:Patient=${patient.id}`)).toEqual(expected);
    expect(await find(`subject=Patient/${patient.id}/_history/1`)).toEqual(expected);
  });

  it('patient= (subject.where(resolve() is Patient)) finds absolute references to this server too', async () => {
    expect(await find(`patient=${patient.id}`)).toEqual(idsWhere(items, (l) => toPatient.includes(l)));
    expect(await find(`patient=Patient/${other.id}`)).toEqual(idsWhere(items, (l) => l === 'other patient'));
  });

  it('OR over references, external URLs as written, and :missing', async () => {
    expect(await find(`subject=Patient/${patient.id},Patient/${other.id}`)).toEqual(
      idsWhere(items, (l) => toPatient.includes(l) || l === 'other patient'),
    );
    expect(await find(`subject=${encodeURIComponent('http://other.example.org/fhir/Patient/99')}`)).toEqual(
      idsWhere(items, (l) => l === 'external'),
    );
    expect(await find('subject=Group/g1')).toEqual(idsWhere(items, (l) => l === 'group'));
    expect(await find('subject:Group=g1')).toEqual(idsWhere(items, (l) => l === 'group'));
    expect(await find('subject:missing=true')).toEqual(idsWhere(items, (l) => l === 'none'));
  });

  it(':identifier matches logical references, with and without system', async () => {
    expect(await find(`subject:identifier=${encodeURIComponent('urn:hospital|MRN-7')}`)).toEqual(
      idsWhere(items, (l) => l === 'logical'),
    );
    expect(await find('subject:identifier=MRN-7')).toEqual(idsWhere(items, (l) => l === 'logical'));
    expect(await find(`subject:identifier=${encodeURIComponent('urn:other|MRN-7')}`)).toEqual([]);
  });

  it('refuses a type that is not a target, and a reference without a type where it is needed', async () => {
    await expectError(await t.fhir('Observation?subject=Medication/1'), 400, 'AKS_ERR_SEARCH_VALUE');
    await expectError(await t.fhir('Observation?subject:Medication=1'), 400);
    await expectError(await t.fhir('Observation?subject=a/b/c'), 400, 'AKS_ERR_SEARCH_VALUE');
    await expectError(await t.fhir('Observation?subject=Foo/1'), 400, 'AKS_ERR_SEARCH_VALUE');
  });

  it('reference parameters of other types: Patient.organization', async () => {
    expect(await searchIds(t, `Patient?organization=${organization.id}&${tagParam(SET)}`)).toEqual([
      patient.id,
    ]);
    expect(await searchIds(t, `Patient?organization:missing=true&${tagParam(SET)}`)).toEqual([other.id]);
  });

  it('canonical references match by URL, also when the URL is under this server', async () => {
    const q = await create(
      t,
      tagged(SET, {
        resourceType: 'Questionnaire',
        status: 'active',
        url: 'http://example.org/fhir/Questionnaire/phq9',
        version: '2',
      }),
    );
    const own = `${t.base}/Questionnaire/${q.id}`;
    const external = await create(
      t,
      tagged(SET, {
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        questionnaire: 'http://example.org/fhir/Questionnaire/phq9|2',
      }),
    );
    const local = await create(
      t,
      tagged(SET, { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: own }),
    );
    const qr = (query: string) => searchIds(t, `QuestionnaireResponse?${query}&${tagParam(SET)}`);
    expect(
      await qr(`questionnaire=${encodeURIComponent('http://example.org/fhir/Questionnaire/phq9')}`),
    ).toEqual([external.id]);
    expect(
      await qr(`questionnaire=${encodeURIComponent('http://example.org/fhir/Questionnaire/phq9|2')}`),
    ).toEqual([external.id]);
    expect(await qr(`questionnaire=${encodeURIComponent(own)}`)).toEqual([local.id]);
    expect(await qr(`questionnaire=Questionnaire/${q.id}`)).toEqual([local.id]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Dates. The expected answers come from an independent model: every value is a half-open UTC range
// [lo, hi) computed here with the EU daylight-saving rule for Europe/Oslo (the server's default zone), and the
// prefixes are evaluated over those ranges.
// ---------------------------------------------------------------------------------------------------------------

type Range = readonly [number, number];
const INF = Number.POSITIVE_INFINITY;

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** Europe/Oslo offset in minutes at a UTC instant (EU rule: +2 from the last Sunday of March to that of October, 01:00 UTC). */
function osloOffset(ms: number): number {
  const y = new Date(ms).getUTCFullYear();
  const start = Date.UTC(y, 2, lastSunday(y, 3), 1);
  const end = Date.UTC(y, 9, lastSunday(y, 10), 1);
  return ms >= start && ms < end ? 120 : 60;
}

function osloMidnight(y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  const winter = wall - 60 * 60_000;
  return osloOffset(winter) === 60 ? winter : wall - 120 * 60_000;
}

/** The range a FHIR date/dateTime/instant stands for (times must carry a zone here). */
function rangeOf(value: string): Range {
  const m =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.exec(
      value,
    );
  if (!m) throw new Error(`test data: ${value}`);
  const [, y, mo, d, h, , s, frac] = m;
  if (h === undefined) {
    const Y = Number(y);
    if (mo === undefined) return [osloMidnight(Y, 1, 1), osloMidnight(Y + 1, 1, 1)];
    const M = Number(mo);
    if (d === undefined)
      return [osloMidnight(Y, M, 1), M === 12 ? osloMidnight(Y + 1, 1, 1) : osloMidnight(Y, M + 1, 1)];
    const D = Number(d);
    const next = new Date(Date.UTC(Y, M - 1, D + 1));
    return [
      osloMidnight(Y, M, D),
      osloMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
    ];
  }
  const start = Date.parse(value);
  const step = s === undefined ? 60_000 : frac ? 10 ** (3 - Math.min(frac.length, 3)) : 1000;
  return [start, start + step];
}

type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

/**
 * One target range against one search range. eq/ne/gt/lt/sa/eb follow R4 3.1.1.4.5 exactly; for ge and le
 * Akson (like HAPI) reads "the target has some instant at or after/before the search range", which also takes
 * a period that starts before the search value and ends inside it (R4's wording would leave those out).
 */
function matches(prefix: DatePrefix, [a, b]: Range, [lo, hi]: Range): boolean {
  switch (prefix) {
    case 'eq':
      return lo <= a && b <= hi;
    case 'ne':
      return !(lo <= a && b <= hi);
    case 'gt':
      return b > hi;
    case 'lt':
      return a < lo;
    case 'ge':
      return b > lo;
    case 'le':
      return a < hi;
    case 'sa':
      return a >= hi;
    case 'eb':
      return b <= lo;
  }
}

describe('date parameters', () => {
  const SET = 'date';
  interface Target {
    label: string;
    effective: Record<string, unknown> | undefined;
    ranges: Range[];
  }
  const targets: Target[] = [
    { label: 'year', effective: { effectiveDateTime: '2024' }, ranges: [rangeOf('2024')] },
    { label: 'month', effective: { effectiveDateTime: '2024-03' }, ranges: [rangeOf('2024-03')] },
    { label: 'day', effective: { effectiveDateTime: '2024-03-05' }, ranges: [rangeOf('2024-03-05')] },
    {
      label: 'second +01:00',
      effective: { effectiveDateTime: '2024-03-05T10:00:00+01:00' },
      ranges: [rangeOf('2024-03-05T10:00:00+01:00')],
    },
    // 23:30 UTC on 5 March is 00:30 on 6 March in Oslo: the zone decides which day it belongs to.
    {
      label: 'second Z, next day in Oslo',
      effective: { effectiveDateTime: '2024-03-05T23:30:00Z' },
      ranges: [rangeOf('2024-03-05T23:30:00Z')],
    },
    {
      label: 'summer time',
      effective: { effectiveDateTime: '2024-07-01T00:30:00+02:00' },
      ranges: [rangeOf('2024-07-01T00:30:00+02:00')],
    },
    {
      label: 'period of days',
      effective: { effectivePeriod: { start: '2024-03-01', end: '2024-03-10' } },
      ranges: [[rangeOf('2024-03-01')[0], rangeOf('2024-03-10')[1]]],
    },
    {
      label: 'open period',
      effective: { effectivePeriod: { start: '2024-03-20T08:00:00+01:00' } },
      ranges: [[rangeOf('2024-03-20T08:00:00+01:00')[0], INF]],
    },
    {
      label: 'period without start',
      effective: { effectivePeriod: { end: '2024-02-01' } },
      ranges: [[-INF, rangeOf('2024-02-01')[1]]],
    },
    {
      label: 'instant',
      effective: { effectiveInstant: '2024-06-15T12:00:00.250Z' },
      ranges: [rangeOf('2024-06-15T12:00:00.250Z')],
    },
    {
      label: 'end of 2023 in Oslo',
      effective: { effectiveDateTime: '2023-12-31T23:59:59+01:00' },
      ranges: [rangeOf('2023-12-31T23:59:59+01:00')],
    },
    { label: 'none', effective: undefined, ranges: [] },
  ];
  const searchValues = [
    '2024',
    '2023',
    '2024-02',
    '2024-03',
    '2024-03-05',
    '2024-03-06',
    '2024-07-01',
    '2024-03-05T10:00:00+01:00',
    '2024-03-05T09:00:00Z',
    '2024-03-05T10:00+01:00',
    '2024-06-15T12:00:00.250Z',
    '2024-06-15T12:00:00Z',
  ];
  let items: { id: string; data: Target }[] = [];

  beforeAll(async () => {
    const created = await createAll(
      t,
      targets.map((x) =>
        tagged(SET, {
          resourceType: 'Observation',
          status: 'final',
          code: { text: x.label },
          ...x.effective,
        }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: targets[i] as Target }));
  });

  const find = (query: string) => searchIds(t, `Observation?${query}&${tagParam(SET)}`);
  const label = (ids: string[]) => ids.map((id) => items.find((i) => i.id === id)?.data.label);

  it.each(['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const)(
    'prefix "%s" against values of every precision',
    async (prefix) => {
      const p: DatePrefix = prefix === '' ? 'eq' : prefix;
      for (const value of searchValues) {
        const search = rangeOf(value);
        const expected = idsWhere(items, (x) => x.ranges.some((r) => matches(p, r, search)));
        const actual = await find(qs([['date', `${prefix}${value}`]]));
        expect(label(actual), `date=${prefix}${value}`).toEqual(label(expected));
      }
    },
  );

  it('ap finds values near the search value and not far ones', async () => {
    const actual = label(await find('date=ap2024-03-05'));
    expect(actual).toContain('day');
    expect(actual).toContain('second +01:00');
    expect(actual).not.toContain('none');
    // Far from both: only the period without a start reaches back to 1990.
    expect(label(await find('date=ap1990-01-01'))).toEqual(['period without start']);
  });

  it('an unencoded "+" in a zone offset (sent as a space) is read as "+"', async () => {
    const encoded = await find(qs([['date', '2024-03-05T10:00:00+01:00']]));
    const unencoded = await find('date=2024-03-05T10:00:00+01:00');
    expect(unencoded).toEqual(encoded);
    expect(encoded.length).toBeGreaterThan(0);
  });

  it('comma OR and repeated AND (a range)', async () => {
    const march = rangeOf('2024-03');
    const feb = rangeOf('2024-02');
    expect(await find('date=2024-02,2024-03')).toEqual(
      idsWhere(items, (x) => x.ranges.some((r) => matches('eq', r, feb) || matches('eq', r, march))),
    );
    const from = rangeOf('2024-03-02');
    const to = rangeOf('2024-03-08');
    expect(await find('date=ge2024-03-02&date=le2024-03-08')).toEqual(
      idsWhere(
        items,
        (x) => x.ranges.some((r) => matches('ge', r, from)) && x.ranges.some((r) => matches('le', r, to)),
      ),
    );
  });

  it(':missing', async () => {
    expect(await find('date:missing=true')).toEqual(idsWhere(items, (x) => x.ranges.length === 0));
    expect(await find('date:missing=false')).toEqual(idsWhere(items, (x) => x.ranges.length > 0));
  });

  it('a resource with several values matches when any one of them does (eq, sa, eb)', async () => {
    const SET2 = 'date-multi';
    const plan = await create(
      t,
      tagged(SET2, {
        resourceType: 'CarePlan',
        status: 'active',
        intent: 'plan',
        subject: { reference: 'Patient/p-multi' },
        activity: [
          { detail: { status: 'scheduled', scheduledPeriod: { start: '2024-03-04', end: '2024-03-06' } } },
          { detail: { status: 'scheduled', scheduledPeriod: { start: '2024-05-10', end: '2024-05-12' } } },
        ],
      }),
    );
    const cp = (query: string) => searchIds(t, `CarePlan?${query}&${tagParam(SET2)}`);
    expect(await cp('activity-date=2024-03')).toEqual([plan.id]);
    expect(await cp('activity-date=2024-05')).toEqual([plan.id]);
    expect(await cp('activity-date=sa2024-04')).toEqual([plan.id]);
    expect(await cp('activity-date=eb2024-04')).toEqual([plan.id]);
    expect(await cp('activity-date=2024-04')).toEqual([]);
    expect(await cp('activity-date=sa2024-06')).toEqual([]);
  });

  it('dates at the ends of the calendar are searchable, and year 0000 is refused with a 400', async () => {
    const SET3 = 'date-edges';
    const early = await create(t, tagged(SET3, { resourceType: 'Patient', birthDate: '0001-01-01' }));
    const late = await create(t, tagged(SET3, { resourceType: 'Patient', birthDate: '9999-12-31' }));
    const p = (query: string) => searchIds(t, `Patient?${query}&${tagParam(SET3)}`);
    expect(await p('birthdate=0001-01-01')).toEqual([early.id]);
    expect(await p('birthdate=0001')).toEqual([early.id]);
    expect(await p('birthdate=9999')).toEqual([late.id]);
    expect(await p('birthdate=lt0002')).toEqual([early.id]);
    expect(await p('birthdate=gt9998')).toEqual([late.id]);
    expect((await p('birthdate=ap0001')).length).toBeGreaterThanOrEqual(1);
    expect((await p('birthdate=ap9999')).length).toBeGreaterThanOrEqual(1);
    await expectStatus(await t.fhir(`Patient?_lastUpdated=9999&${tagParam(SET3)}`), 200);
    await expectError(await t.fhir('Patient?birthdate=0000'), 400, 'AKS_ERR_SEARCH_VALUE');
  });

  it('_lastUpdated with prefixes', async () => {
    const SET4 = 'last-updated';
    const first = await create(t, tagged(SET4, { resourceType: 'Basic', code: { text: 'first' } }));
    await new Promise((r) => setTimeout(r, 20));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const second = await create(t, tagged(SET4, { resourceType: 'Basic', code: { text: 'second' } }));
    expect(first.meta?.lastUpdated && first.meta.lastUpdated < between).toBe(true);
    const b = (query: string) => searchIds(t, `Basic?${query}&${tagParam(SET4)}`);
    expect(await b(qs([['_lastUpdated', `gt${between}`]]))).toEqual([second.id]);
    expect(await b(qs([['_lastUpdated', `lt${between}`]]))).toEqual([first.id]);
    expect(await b(qs([['_lastUpdated', `eq${second.meta?.lastUpdated}`]]))).toEqual([second.id]);
    expect(await b(qs([['_lastUpdated', `ne${second.meta?.lastUpdated}`]]))).toEqual([first.id]);
    expect(await b(qs([['_lastUpdated', `ge${first.meta?.lastUpdated}`]]))).toEqual(
      sortedIds([first, second]),
    );
  });
});

describe('number parameters (RiskAssessment.probability)', () => {
  const SET = 'number';
  const UCUM = 'http://unitsofmeasure.org';
  // A probabilityRange must be in percent (ras-1); the number parameter takes its low and high values.
  const values: (number | [number, number] | undefined)[] = [0.1, 0.5, 0.55, 1, 100, [20, 40], undefined];
  let items: { id: string; data: number[] }[] = [];
  beforeAll(async () => {
    const created = await createAll(
      t,
      values.map((v) =>
        tagged(SET, {
          resourceType: 'RiskAssessment',
          status: 'final',
          subject: { reference: 'Patient/p-number' },
          ...(v === undefined
            ? {}
            : {
                prediction: [
                  Array.isArray(v)
                    ? {
                        probabilityRange: {
                          low: { value: v[0], system: UCUM, code: '%' },
                          high: { value: v[1], system: UCUM, code: '%' },
                        },
                      }
                    : { probabilityDecimal: v },
                ],
              }),
        }),
      ),
    );
    items = created.map((r, i) => {
      const v = values[i];
      return { id: r.id, data: v === undefined ? [] : Array.isArray(v) ? v : [v] };
    });
  });

  /** The implicit precision of a number as written: "0.5" is [0.45, 0.55), "100" is [99.5, 100.5). */
  function numberRange(text: string): [number, number] {
    const m = /^(-?\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m) throw new Error(text);
    const half = 0.5 * 10 ** (Number(m[3] ?? 0) - (m[2]?.length ?? 0));
    const v = Number(text);
    return [v - half, v + half];
  }
  function numberMatches(prefix: string, x: number, text: string): boolean {
    const v = Number(text);
    const [lo, hi] = numberRange(text);
    switch (prefix) {
      case '':
      case 'eq':
        return x >= lo && x < hi;
      case 'ne':
        return x < lo || x >= hi;
      case 'gt':
      case 'sa':
        return x > v;
      case 'lt':
      case 'eb':
        return x < v;
      case 'ge':
        return x >= v;
      case 'le':
        return x <= v;
      case 'ap': {
        const margin = Math.abs(v) * 0.1; // R4 recommends 10%; the interval is closed
        return x >= v - margin && x <= v + margin;
      }
      default:
        throw new Error(prefix);
    }
  }

  it.each(['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'])('prefix "%s"', async (prefix) => {
    for (const text of ['0.5', '0.50', '0.1', '1', '1.0', '100', '1e2', '0.3', '20', '30']) {
      const expected = idsWhere(items, (xs) => xs.some((x) => numberMatches(prefix, x, text)));
      const actual = await searchIds(t, `RiskAssessment?probability=${prefix}${text}&${tagParam(SET)}`);
      expect(actual, `probability=${prefix}${text}`).toEqual(expected);
    }
  });

  it(':missing and bad values', async () => {
    expect(await searchIds(t, `RiskAssessment?probability:missing=true&${tagParam(SET)}`)).toEqual(
      idsWhere(items, (xs) => xs.length === 0),
    );
    await expectError(await t.fhir('RiskAssessment?probability=abc'), 400, 'AKS_ERR_SEARCH_VALUE');
    await expectError(await t.fhir('RiskAssessment?probability=gt'), 400, 'AKS_ERR_SEARCH_VALUE');
  });
});

describe('quantity parameters', () => {
  const SET = 'quantity';
  const UCUM = 'http://unitsofmeasure.org';
  interface Q {
    value: number;
    system?: string;
    code?: string;
    unit?: string;
  }
  const quantities: (Q | undefined)[] = [
    { value: 72, system: UCUM, code: '/min', unit: 'beats/minute' },
    { value: 100.5, unit: 'mg' },
    { value: 5.4, system: UCUM, code: 'mmol/L', unit: 'mmol/l' },
    { value: 72, system: 'http://other.example.org/units', code: '/min' },
    { value: -3, system: UCUM, code: 'Cel' },
    undefined,
  ];
  let items: { id: string; data: Q | undefined }[] = [];
  beforeAll(async () => {
    const created = await createAll(
      t,
      quantities.map((q) =>
        tagged(SET, {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'quantity' },
          ...(q ? { valueQuantity: q } : { valueString: 'no quantity' }),
        }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: quantities[i] }));
  });
  const find = (query: string) => searchIds(t, `Observation?${query}&${tagParam(SET)}`);

  it('value only, with prefixes', async () => {
    const cases: [string, (q: Q) => boolean][] = [
      ['72', (q) => q.value >= 71.5 && q.value < 72.5],
      ['gt72', (q) => q.value > 72],
      ['le72', (q) => q.value <= 72],
      ['ne72', (q) => q.value < 71.5 || q.value >= 72.5],
      ['ap100', (q) => q.value >= 90 && q.value <= 110],
      ['lt0', (q) => q.value < 0],
      ['-3', (q) => q.value === -3],
      ['5.40', (q) => q.value >= 5.395 && q.value < 5.405],
    ];
    for (const [value, predicate] of cases) {
      expect(await find(`value-quantity=${encodeURIComponent(value)}`), value).toEqual(
        idsWhere(items, (q) => q !== undefined && predicate(q)),
      );
    }
  });

  it('with system and code, with code only (matching code or unit), and the wrong system', async () => {
    expect(await find(`value-quantity=${encodeURIComponent(`72|${UCUM}|/min`)}`)).toEqual(
      idsWhere(items, (q) => q?.value === 72 && q.system === UCUM && q.code === '/min'),
    );
    expect(await find(`value-quantity=${encodeURIComponent('72||/min')}`)).toEqual(
      idsWhere(items, (q) => q?.value === 72 && q.code === '/min'),
    );
    expect(await find(`value-quantity=${encodeURIComponent('100.5||mg')}`)).toEqual(
      idsWhere(items, (q) => q?.unit === 'mg'),
    );
    expect(await find(`value-quantity=${encodeURIComponent(`gt0|${UCUM}|mmol/L`)}`)).toEqual(
      idsWhere(items, (q) => q?.code === 'mmol/L'),
    );
    expect(await find(`value-quantity=${encodeURIComponent('72|http://nowhere|/min')}`)).toEqual([]);
  });

  it('OR, :missing and bad values', async () => {
    expect(await find('value-quantity=72,5.4')).toEqual(
      idsWhere(items, (q) => q?.value === 72 || q?.value === 5.4),
    );
    expect(await find('value-quantity:missing=true')).toEqual(idsWhere(items, (q) => q === undefined));
    for (const bad of ['abc', '72|a', '1|2|3|4', 'gt', '1e400']) {
      await expectError(
        await t.fhir(`Observation?value-quantity=${encodeURIComponent(bad)}`),
        400,
        'AKS_ERR_SEARCH_VALUE',
      );
    }
  });

  it('quantities of other types: Encounter.length (Duration)', async () => {
    const long = await create(
      t,
      tagged(SET, {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        length: { value: 90, system: UCUM, code: 'min' },
      }),
    );
    await create(
      t,
      tagged(SET, {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        length: { value: 15, system: UCUM, code: 'min' },
      }),
    );
    expect(await searchIds(t, `Encounter?length=gt60&${tagParam(SET)}`)).toEqual([long.id]);
    expect(
      await searchIds(t, `Encounter?length=${encodeURIComponent(`90|${UCUM}|min`)}&${tagParam(SET)}`),
    ).toEqual([long.id]);
  });
});

describe('uri parameters', () => {
  const SET = 'uri';
  const urls = [
    'http://example.org/fhir/Questionnaire/q1',
    'http://example.org/fhir/Questionnaire/q1/sub',
    'http://example.org/fhir/Questionnaire/q10',
    'http://example.org/other',
    'urn:oid:2.16.578.1.12.4.1.1.7617',
    undefined,
  ];
  let items: { id: string; data: string | undefined }[] = [];
  beforeAll(async () => {
    const created = await createAll(
      t,
      urls.map((url) =>
        tagged(SET, { resourceType: 'Questionnaire', status: 'active', ...(url ? { url } : {}) }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: urls[i] }));
  });
  const find = (query: string) => searchIds(t, `Questionnaire?${query}&${tagParam(SET)}`);
  /** Path-segment ancestry: a is b, or b continues a with "/". */
  const isBelow = (url: string, base: string) =>
    url === base || url.startsWith(base.replace(/\/$/, '') + '/');

  it('exact match by default', async () => {
    expect(await find(`url=${encodeURIComponent('http://example.org/fhir/Questionnaire/q1')}`)).toEqual(
      idsWhere(items, (u) => u === 'http://example.org/fhir/Questionnaire/q1'),
    );
    expect(await find(`url=${encodeURIComponent('http://example.org/fhir/Questionnaire')}`)).toEqual([]);
  });

  it(':below matches the URL and everything under it, by path segment', async () => {
    for (const base of [
      'http://example.org/fhir',
      'http://example.org/fhir/',
      'http://example.org/fhir/Questionnaire/q1',
    ]) {
      expect(await find(`url:below=${encodeURIComponent(base)}`), base).toEqual(
        idsWhere(items, (u) => u !== undefined && isBelow(u, base)),
      );
    }
  });

  it(':above matches the URL and every URL it is under, by path segment', async () => {
    for (const value of [
      'http://example.org/fhir/Questionnaire/q1/sub/deeper',
      'http://example.org/fhir/Questionnaire/q1x',
      'http://example.org/other/x',
    ]) {
      expect(await find(`url:above=${encodeURIComponent(value)}`), value).toEqual(
        idsWhere(items, (u) => u !== undefined && isBelow(value, u)),
      );
    }
  });

  it('URNs are compared as text prefixes, and :missing works', async () => {
    expect(await find(`url:below=${encodeURIComponent('urn:oid:2.16.578.1.12.4')}`)).toEqual(
      idsWhere(items, (u) => u?.startsWith('urn:oid:') === true),
    );
    expect(await find('url:missing=true')).toEqual(idsWhere(items, (u) => u === undefined));
  });

  it('uri parameters of other types: CarePlan.instantiates-uri and Subscription.url', async () => {
    const plan = await create(
      t,
      tagged(SET, {
        resourceType: 'CarePlan',
        status: 'active',
        intent: 'plan',
        subject: { reference: 'Patient/p-uri' },
        instantiatesUri: ['http://example.org/protocols/diabetes'],
      }),
    );
    expect(
      await searchIds(
        t,
        `CarePlan?instantiates-uri:below=${encodeURIComponent('http://example.org/protocols')}&${tagParam(SET)}`,
      ),
    ).toEqual([plan.id]);
    const sub = await create(
      t,
      tagged(SET, {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'test',
        criteria: 'Observation?code=8867-4',
        channel: { type: 'rest-hook', endpoint: 'https://hooks.example.org/akson/1' },
      }),
    );
    expect(
      await searchIds(
        t,
        `Subscription?url=${encodeURIComponent('https://hooks.example.org/akson/1')}&${tagParam(SET)}`,
      ),
    ).toEqual([sub.id]);
    expect(
      await searchIds(
        t,
        `Subscription?url:below=${encodeURIComponent('https://hooks.example.org')}&${tagParam(SET)}`,
      ),
    ).toEqual([sub.id]);
  });
});

describe('composite parameters', () => {
  const SET = 'composite';
  const LOINC = 'http://loinc.org';
  const UCUM = 'http://unitsofmeasure.org';
  let pulse: Resource;
  let pressure: Resource;
  let concept: Resource;
  beforeAll(async () => {
    [pulse, pressure, concept] = (await createAll(t, [
      tagged(SET, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: LOINC, code: '8867-4' }] },
        valueQuantity: { value: 72, system: UCUM, code: '/min' },
      }),
      tagged(SET, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: LOINC, code: '85354-9' }] },
        component: [
          {
            code: { coding: [{ system: LOINC, code: '8480-6' }] },
            valueQuantity: { value: 120, system: UCUM, code: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: LOINC, code: '8462-4' }] },
            valueQuantity: { value: 80, system: UCUM, code: 'mm[Hg]' },
          },
        ],
      }),
      tagged(SET, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: LOINC, code: '883-9' }] },
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '112144000' }] },
      }),
    ])) as [Resource, Resource, Resource];
  });
  const find = (query: string) => searchIds(t, `Observation?${query}&${tagParam(SET)}`);

  it('code-value-quantity pairs the code with the value of the same observation', async () => {
    expect(await find(`code-value-quantity=${encodeURIComponent(`${LOINC}|8867-4$72`)}`)).toEqual([pulse.id]);
    expect(await find(`code-value-quantity=${encodeURIComponent('8867-4$gt70')}`)).toEqual([pulse.id]);
    expect(await find(`code-value-quantity=${encodeURIComponent(`8867-4$72|${UCUM}|/min`)}`)).toEqual([
      pulse.id,
    ]);
    expect(await find(`code-value-quantity=${encodeURIComponent('8867-4$lt70')}`)).toEqual([]);
    expect(await find(`code-value-quantity=${encodeURIComponent('8480-6$120')}`)).toEqual([]);
  });

  it('component-code-value-quantity pairs within one component, not across components', async () => {
    expect(await find(`component-code-value-quantity=${encodeURIComponent(`${LOINC}|8480-6$120`)}`)).toEqual([
      pressure.id,
    ]);
    expect(await find(`component-code-value-quantity=${encodeURIComponent('8462-4$gt70')}`)).toEqual([
      pressure.id,
    ]);
    expect(await find(`component-code-value-quantity=${encodeURIComponent('8480-6$80')}`)).toEqual([]);
    expect(await find(`component-code-value-quantity=${encodeURIComponent('8480-6$80,8462-4$80')}`)).toEqual([
      pressure.id,
    ]);
  });

  it('code-value-concept', async () => {
    expect(
      await find(`code-value-concept=${encodeURIComponent('883-9$http://snomed.info/sct|112144000')}`),
    ).toEqual([concept.id]);
    expect(await find(`code-value-concept=${encodeURIComponent('883-9$112144000')}`)).toEqual([concept.id]);
    expect(await find(`code-value-concept=${encodeURIComponent('8867-4$112144000')}`)).toEqual([]);
  });

  it('combo-code-value-quantity searches the observation and its components', async () => {
    expect(await find(`combo-code-value-quantity=${encodeURIComponent('8480-6$120')}`)).toEqual([
      pressure.id,
    ]);
  });

  it("combo-code-value-quantity also matches the observation's own code and value", async () => {
    expect(await find(`combo-code-value-quantity=${encodeURIComponent('8867-4$72')}`)).toEqual([pulse.id]);
  });

  it('refuses the wrong number of components and bad component values', async () => {
    for (const bad of ['8867-4', '8867-4$72$1', '8867-4$abc', '$']) {
      await expectError(
        await t.fhir(`Observation?code-value-quantity=${encodeURIComponent(bad)}`),
        400,
        'AKS_ERR_SEARCH_VALUE',
      );
    }
  });
});
