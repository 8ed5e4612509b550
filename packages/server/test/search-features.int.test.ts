/**
 * Search features above the single parameter: chaining, _has, _id, _count, _sort, _include/_revinclude
 * (with :iterate), _summary, _elements, _total, POST _search, compartment search, lenient handling, and the
 * 400s for bad input. All over real HTTP; expected answers come from the data each block creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  create,
  createAll,
  entries,
  errorCode,
  expectError,
  includedKeys,
  matchIds,
  search,
  searchIds,
  sortedIds,
  tagged,
  tagParam,
  type Bundle,
  type OperationOutcome,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

/**
 * A small clinical world: two organisations, three patients (one without an organisation), observations,
 * an encounter, a provenance. Shared by the chaining, _has, include and compartment tests.
 */
describe('a small clinical world', () => {
  const SET = 'world';
  let orgA: Resource;
  let orgB: Resource;
  let kari: Resource;
  let ola: Resource;
  let nils: Resource;
  let gp: Resource;
  const obs: { id: string; patient: string; code: string; value: number }[] = [];
  let encounter: Resource;
  let provenance: Resource;

  beforeAll(async () => {
    [orgA, orgB] = (await createAll(t, [
      tagged(SET, { resourceType: 'Organization', name: 'Tromsø kommune' }),
      tagged(SET, { resourceType: 'Organization', name: 'Bodø kommune' }),
    ])) as [Resource, Resource];
    gp = await create(
      t,
      tagged(SET, { resourceType: 'Practitioner', name: [{ family: 'Lege', given: ['Liv'] }] }),
    );
    [kari, ola, nils] = (await createAll(t, [
      tagged(SET, {
        resourceType: 'Patient',
        name: [{ family: 'Nordmann', given: ['Kari'] }],
        gender: 'female',
        birthDate: '1950-02-03',
        managingOrganization: { reference: `Organization/${orgA.id}` },
        generalPractitioner: [{ reference: `Practitioner/${gp.id}` }],
      }),
      tagged(SET, {
        resourceType: 'Patient',
        name: [{ family: 'Nordmann', given: ['Ola'] }],
        gender: 'male',
        birthDate: '1980-06-07',
        managingOrganization: { reference: `Organization/${orgB.id}` },
      }),
      tagged(SET, {
        resourceType: 'Patient',
        name: [{ family: 'Utenorg', given: ['Nils'] }],
        gender: 'male',
        birthDate: '2001-01-01',
      }),
    ])) as [Resource, Resource, Resource];
    const plan: [Resource, string, number][] = [
      [kari, '8867-4', 80],
      [kari, '8310-5', 37.2],
      [ola, '8867-4', 60],
      [nils, '8310-5', 38.5],
    ];
    for (const [p, code, value] of plan) {
      const o = await create(
        t,
        tagged(SET, {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code }] },
          subject: { reference: `Patient/${p.id}` },
          valueQuantity: { value },
        }),
      );
      obs.push({ id: o.id, patient: p.id, code, value });
    }
    encounter = await create(
      t,
      tagged(SET, {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH' },
        subject: { reference: `Patient/${kari.id}` },
        serviceProvider: { reference: `Organization/${orgA.id}` },
      }),
    );
    provenance = await create(
      t,
      tagged(SET, {
        resourceType: 'Provenance',
        target: [{ reference: `Observation/${obs[0]?.id}` }],
        recorded: '2024-03-05T10:00:00+01:00',
        agent: [{ who: { reference: `Practitioner/${gp.id}` } }],
      }),
    );
  });

  const obsIds = (predicate: (o: (typeof obs)[number]) => boolean) =>
    obs
      .filter(predicate)
      .map((o) => o.id)
      .sort();

  describe('chaining', () => {
    it('subject.name=, subject:Patient.birthdate= and patient.gender=', async () => {
      expect(await searchIds(t, `Observation?subject.name=nordmann&${tagParam(SET)}`)).toEqual(
        obsIds((o) => o.patient === kari.id || o.patient === ola.id),
      );
      expect(await searchIds(t, `Observation?subject:Patient.birthdate=lt1970&${tagParam(SET)}`)).toEqual(
        obsIds((o) => o.patient === kari.id),
      );
      expect(await searchIds(t, `Observation?patient.gender=male&${tagParam(SET)}`)).toEqual(
        obsIds((o) => o.patient === ola.id || o.patient === nils.id),
      );
      expect(await searchIds(t, `Observation?subject:Patient.name=nobody&${tagParam(SET)}`)).toEqual([]);
    });

    it('a chain combines with other parameters (AND) and its values with comma (OR)', async () => {
      expect(
        await searchIds(t, `Observation?subject:Patient.given=kari,nils&code=8310-5&${tagParam(SET)}`),
      ).toEqual(obsIds((o) => (o.patient === kari.id || o.patient === nils.id) && o.code === '8310-5'));
    });

    it('chains through references to other types: Patient?organization.name=, general-practitioner.family=', async () => {
      expect(
        await searchIds(t, `Patient?organization.name=${encodeURIComponent('tromsø')}&${tagParam(SET)}`),
      ).toEqual([kari.id]);
      expect(
        await searchIds(t, `Patient?general-practitioner:Practitioner.family=lege&${tagParam(SET)}`),
      ).toEqual([kari.id]);
      expect(
        await searchIds(t, `Encounter?service-provider.name=${encodeURIComponent('bodø')}&${tagParam(SET)}`),
      ).toEqual([]);
      expect(
        await searchIds(
          t,
          `Encounter?service-provider.name=${encodeURIComponent('tromsø')}&${tagParam(SET)}`,
        ),
      ).toEqual([encounter.id]);
    });

    it('refuses two levels, non-reference heads and unknown inner parameters with 400', async () => {
      await expectError(await t.fhir('Observation?subject.organization.name=x'), 400, 'AKS_ERR_SEARCH_CHAIN');
      await expectError(await t.fhir('Observation?code.name=x'), 400, 'AKS_ERR_SEARCH_CHAIN');
      await expectError(await t.fhir('Observation?subject:Patient.nonsense=x'), 400);
      await expectError(await t.fhir('Observation?subject:Medication.code=x'), 400, 'AKS_ERR_SEARCH_CHAIN');
    });
  });

  describe('_has', () => {
    it('finds patients by their observations', async () => {
      const withPulse = [...new Set(obs.filter((o) => o.code === '8867-4').map((o) => o.patient))].sort();
      expect(await searchIds(t, `Patient?_has:Observation:subject:code=8867-4&${tagParam(SET)}`)).toEqual(
        withPulse,
      );
      expect(await searchIds(t, `Patient?_has:Observation:patient:code=8867-4&${tagParam(SET)}`)).toEqual(
        withPulse,
      );
      const over38 = [...new Set(obs.filter((o) => o.value > 38).map((o) => o.patient))].sort();
      expect(
        await searchIds(t, `Patient?_has:Observation:subject:value-quantity=gt38&${tagParam(SET)}`),
      ).toEqual(over38);
    });

    it('combines with other parameters and finds organisations through encounters', async () => {
      expect(
        await searchIds(t, `Patient?_has:Observation:subject:code=8867-4&gender=male&${tagParam(SET)}`),
      ).toEqual([ola.id]);
      expect(
        await searchIds(t, `Organization?_has:Encounter:service-provider:status=finished&${tagParam(SET)}`),
      ).toEqual([orgA.id]);
      expect(
        await searchIds(t, `Observation?_has:Provenance:target:agent=Practitioner/${gp.id}&${tagParam(SET)}`),
      ).toEqual([obs[0]?.id]);
    });

    it('refuses malformed and nested _has with 400', async () => {
      await expectError(await t.fhir('Patient?_has:Observation:subject=x'), 400, 'AKS_ERR_SEARCH_CHAIN');
      await expectError(
        await t.fhir('Patient?_has:Observation:code:status=final'),
        400,
        'AKS_ERR_SEARCH_CHAIN',
      );
      await expectError(await t.fhir('Patient?_has:Nonsense:subject:code=x'), 400, 'AKS_ERR_SEARCH_CHAIN');
      await expectError(
        await t.fhir('Patient?_has:Observation:subject:_has:Provenance:target:agent=x'),
        400,
        'AKS_ERR_SEARCH_CHAIN',
      );
    });
  });

  describe('_include and _revinclude', () => {
    it('_include adds the referenced resources as include entries', async () => {
      const bundle = await search(t, `Observation?code=8867-4&_include=Observation:subject&${tagParam(SET)}`);
      const matches = obs.filter((o) => o.code === '8867-4');
      expect(matchIds(bundle).sort()).toEqual(matches.map((o) => o.id).sort());
      expect(includedKeys(bundle)).toEqual([...new Set(matches.map((o) => `Patient/${o.patient}`))].sort());
      // Each resource appears once, even if several matches reference it.
      const all = await search(t, `Observation?_include=Observation:subject&_count=100&${tagParam(SET)}`);
      expect(includedKeys(all)).toEqual([...new Set(obs.map((o) => `Patient/${o.patient}`))].sort());
    });

    it('_include with a target type, and :iterate to follow references from included resources', async () => {
      const typed = await search(
        t,
        `Observation?code=8867-4&_include=Observation:subject:Patient&${tagParam(SET)}`,
      );
      expect(includedKeys(typed).every((k) => k.startsWith('Patient/'))).toBe(true);
      const wrongType = await search(
        t,
        `Observation?code=8867-4&_include=Observation:subject:Group&${tagParam(SET)}`,
      );
      expect(includedKeys(wrongType)).toEqual([]);
      const iterated = await search(
        t,
        `Observation?code=8867-4&_include=Observation:subject&_include:iterate=Patient:organization&${tagParam(SET)}`,
      );
      expect(includedKeys(iterated)).toEqual(
        [
          `Patient/${kari.id}`,
          `Patient/${ola.id}`,
          `Organization/${orgA.id}`,
          `Organization/${orgB.id}`,
        ].sort(),
      );
      // Without :iterate, Patient:organization cannot start from Observation: the server says so (400).
      await expectError(
        await t.fhir(
          `Observation?code=8867-4&_include=Observation:subject&_include=Patient:organization&${tagParam(SET)}`,
        ),
        400,
        'AKS_ERR_SEARCH_INCLUDE',
      );
    });

    it('_revinclude adds the resources that point at the matches, with :iterate going further', async () => {
      const bundle = await search(
        t,
        `Patient?_id=${kari.id}&_revinclude=Observation:subject&${tagParam(SET)}`,
      );
      expect(matchIds(bundle)).toEqual([kari.id]);
      expect(includedKeys(bundle)).toEqual(
        obs
          .filter((o) => o.patient === kari.id)
          .map((o) => `Observation/${o.id}`)
          .sort(),
      );
      const deeper = await search(
        t,
        `Patient?_id=${kari.id}&_revinclude=Observation:subject&_revinclude:iterate=Provenance:target&${tagParam(SET)}`,
      );
      expect(includedKeys(deeper)).toContain(`Provenance/${provenance.id}`);
      const both = await search(
        t,
        `Organization?_id=${orgA.id}&_revinclude=Patient:organization&_revinclude=Encounter:service-provider`,
      );
      expect(includedKeys(both)).toEqual([`Encounter/${encounter.id}`, `Patient/${kari.id}`].sort());
    });

    it('_include of a canonical reference finds the target by its url', async () => {
      const q = await create(
        t,
        tagged(SET, {
          resourceType: 'Questionnaire',
          status: 'active',
          url: 'http://example.org/Questionnaire/phq2',
          version: '1',
        }),
      );
      const qr = await create(
        t,
        tagged(SET, {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          questionnaire: 'http://example.org/Questionnaire/phq2|1',
        }),
      );
      const bundle = await search(
        t,
        `QuestionnaireResponse?_id=${qr.id}&_include=QuestionnaireResponse:questionnaire`,
      );
      expect(includedKeys(bundle)).toEqual([`Questionnaire/${q.id}`]);
    });

    it('refuses malformed includes with 400', async () => {
      for (const bad of [
        '*',
        'Observation',
        'Observation:code',
        'Nonsense:subject',
        'Observation:subject:Medication',
        'Observation:subject:Patient:x',
      ]) {
        await expectError(
          await t.fhir(`Observation?_include=${encodeURIComponent(bad)}`),
          400,
          'AKS_ERR_SEARCH_INCLUDE',
        );
      }
      await expectError(await t.fhir('Patient?_revinclude=Observation:code'), 400, 'AKS_ERR_SEARCH_INCLUDE');
    });
  });

  describe('compartment search', () => {
    it("Patient/{id}/Observation returns the patient's observations, with further parameters", async () => {
      expect(await searchIds(t, `Patient/${kari.id}/Observation`)).toEqual(
        obsIds((o) => o.patient === kari.id),
      );
      expect(await searchIds(t, `Patient/${kari.id}/Observation?code=8867-4`)).toEqual(
        obsIds((o) => o.patient === kari.id && o.code === '8867-4'),
      );
      expect(await searchIds(t, `Patient/${kari.id}/Encounter`)).toEqual([encounter.id]);
      expect(await searchIds(t, `Patient/${nils.id}/Encounter`)).toEqual([]);
      expect(await searchIds(t, `Patient/${kari.id}/Provenance`)).toEqual([]);
    });

    it('refuses types outside the compartment and bad ids', async () => {
      await expectError(await t.fhir(`Patient/${kari.id}/Organization`), 404);
      await expectError(await t.fhir(`Patient/${'x'.repeat(70)}/Observation`), 400);
      await expectError(await t.fhir(`Organization/${orgA.id}/Patient`), 404);
    });
  });
});

describe('_id and _lastUpdated', () => {
  it('_id with one and several values, and with :not', async () => {
    const [a, b, c] = (await createAll(
      t,
      [1, 2, 3].map((n) => tagged('ids', { resourceType: 'Patient', name: [{ family: `Id${n}` }] })),
    )) as [Resource, Resource, Resource];
    expect(await searchIds(t, `Patient?_id=${a.id}`)).toEqual([a.id]);
    expect(await searchIds(t, `Patient?_id=${a.id},${b.id},does-not-exist`)).toEqual(sortedIds([a, b]));
    expect(await searchIds(t, `Patient?_id:not=${a.id}&${tagParam('ids')}`)).toEqual(sortedIds([b, c]));
    expect(await searchIds(t, `Patient?_id=${a.id}&_id=${b.id}`)).toEqual([]);
    await expectStatus(await t.fhir(`Patient/${c.id}`, { method: 'DELETE' }), 204);
    expect(await searchIds(t, `Patient?_id=${c.id}`)).toEqual([]);
  });
});

describe('_count, _total and _summary=count', () => {
  const SET = 'count';
  let all: Resource[] = [];
  beforeAll(async () => {
    all = await createAll(
      t,
      Array.from({ length: 7 }, (_, i) =>
        tagged(SET, { resourceType: 'Patient', name: [{ family: `Count${i}` }] }),
      ),
    );
  });

  it('_count limits the page and says there is more', async () => {
    const page = await search(t, `Patient?_count=3&${tagParam(SET)}`);
    expect(matchIds(page)).toHaveLength(3);
    expect(page.link?.some((l) => l.relation === 'next')).toBe(true);
    const whole = await search(t, `Patient?_count=${all.length}&${tagParam(SET)}`);
    expect(matchIds(whole).sort()).toEqual(sortedIds(all));
    expect(whole.link?.some((l) => l.relation === 'next')).toBe(false);
  });

  it('_total=accurate counts all matches, _total=none leaves it out', async () => {
    expect((await search(t, `Patient?_count=2&_total=accurate&${tagParam(SET)}`)).total).toBe(all.length);
    expect((await search(t, `Patient?_count=2&_total=none&${tagParam(SET)}`)).total).toBeUndefined();
    expect((await search(t, `Patient?_count=2&_total=accurate&name=count1&${tagParam(SET)}`)).total).toBe(1);
  });

  it('_summary=count and _count=0 return no entries', async () => {
    const count = await search(t, `Patient?_summary=count&${tagParam(SET)}`);
    expect(count.total).toBe(all.length);
    expect(count.entry ?? []).toHaveLength(0);
    const zero = await search(t, `Patient?_count=0&${tagParam(SET)}`);
    expect(entries(zero)).toHaveLength(0);
  });

  it('refuses bad _count and _total with 400', async () => {
    for (const bad of ['-1', 'abc', '1.5', '100000']) {
      await expectError(await t.fhir(`Patient?_count=${bad}`), 400, 'AKS_ERR_SEARCH_COUNT');
    }
    await expectError(await t.fhir('Patient?_total=maybe'), 400, 'AKS_ERR_SEARCH_VALUE');
  });
});

describe('_sort', () => {
  const SET = 'sort';
  interface Row {
    family?: string;
    given?: string;
    birthDate?: string;
    gender?: string;
  }
  const rows: Row[] = [
    { family: 'Berg', given: 'Anne', birthDate: '1990-05-01', gender: 'female' },
    { family: 'Aas', given: 'Per', birthDate: '1985', gender: 'male' },
    { family: 'Berg', given: 'Bjørn', birthDate: '1970-01-01', gender: 'male' },
    { family: 'Dahl', birthDate: '2000-12-24', gender: 'other' },
    { family: 'Cappelen', given: 'Siri', gender: 'female' },
    { given: 'Uten', birthDate: '1990-05-01' },
    { family: 'Berg', given: 'Aud' },
  ];
  let items: { id: string; data: Row }[] = [];
  beforeAll(async () => {
    const created = await createAll(
      t,
      rows.map((r) =>
        tagged(SET, {
          resourceType: 'Patient',
          name: [{ ...(r.family ? { family: r.family } : {}), ...(r.given ? { given: [r.given] } : {}) }],
          ...(r.birthDate ? { birthDate: r.birthDate } : {}),
          ...(r.gender ? { gender: r.gender } : {}),
        }),
      ),
    );
    items = created.map((r, i) => ({ id: r.id, data: rows[i] as Row }));
  });

  /** Start of a birthDate's range, for ordering ("1985" starts 1985-01-01). */
  const start = (d: string | undefined) => (d === undefined ? undefined : d.padEnd(10, '-01'));
  type Key = (r: Row) => string | undefined;
  /** Expected order: by each key (missing last in either direction), then by id, as the server promises. */
  function expectedOrder(keys: { key: Key; desc: boolean }[]): string[] {
    return [...items]
      .sort((x, y) => {
        for (const { key, desc } of keys) {
          const a = key(x.data);
          const b = key(y.data);
          if (a === b) continue;
          if (a === undefined) return 1;
          if (b === undefined) return -1;
          return (a < b ? -1 : 1) * (desc ? -1 : 1);
        }
        return x.id < y.id ? -1 : 1;
      })
      .map((i) => i.id);
  }
  const family: Key = (r) => r.family?.toLowerCase();
  const birth: Key = (r) => start(r.birthDate);
  const gender: Key = (r) => r.gender;
  const order = async (sort: string) =>
    matchIds(await search(t, `Patient?_sort=${sort}&_count=100&${tagParam(SET)}`));

  it('by a string, ascending and descending, missing values last', async () => {
    expect(await order('family')).toEqual(expectedOrder([{ key: family, desc: false }]));
    expect(await order('-family')).toEqual(expectedOrder([{ key: family, desc: true }]));
  });

  it('by a date, ascending and descending, missing values last', async () => {
    expect(await order('birthdate')).toEqual(expectedOrder([{ key: birth, desc: false }]));
    expect(await order('-birthdate')).toEqual(expectedOrder([{ key: birth, desc: true }]));
  });

  it('by several keys, mixing directions and types (token, string, date)', async () => {
    expect(await order('gender,-birthdate')).toEqual(
      expectedOrder([
        { key: gender, desc: false },
        { key: birth, desc: true },
      ]),
    );
    expect(await order('family,birthdate')).toEqual(
      expectedOrder([
        { key: family, desc: false },
        { key: birth, desc: false },
      ]),
    );
    expect(await order('-gender,family')).toEqual(
      expectedOrder([
        { key: gender, desc: true },
        { key: family, desc: false },
      ]),
    );
  });

  it('by _id and _lastUpdated', async () => {
    expect(await order('_id')).toEqual(items.map((i) => i.id).sort());
    expect(await order('-_id')).toEqual(
      items
        .map((i) => i.id)
        .sort()
        .reverse(),
    );
    const byUpdated = await order('_lastUpdated');
    expect(byUpdated).toHaveLength(items.length);
  });

  it('refuses unknown and unsortable parameters with 400', async () => {
    await expectError(await t.fhir('Patient?_sort=nonexistent'), 400, 'AKS_ERR_SEARCH_SORT');
    await expectError(await t.fhir('Patient?_sort=-'), 400, 'AKS_ERR_SEARCH_SORT');
    await expectError(await t.fhir('Patient?_sort=family;DROP TABLE x'), 400, 'AKS_ERR_SEARCH_SORT');
    await expectError(await t.fhir('Observation?_sort=code-value-quantity'), 400, 'AKS_ERR_SEARCH_SORT');
  });
});

describe('_summary and _elements', () => {
  const SET = 'summary';
  let patient: Resource;
  beforeAll(async () => {
    patient = await create(
      t,
      tagged(SET, {
        resourceType: 'Patient',
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kari Nordmann</div>' },
        name: [{ family: 'Summary', given: ['Kari'] }],
        gender: 'female',
        birthDate: '1960-01-01',
        maritalStatus: { text: 'Gift' },
        photo: [{ contentType: 'image/png', data: 'iVBORw0KGgo=' }],
        communication: [{ language: { text: 'norsk' } }],
      }),
    );
  });
  const only = async (query: string) => {
    const bundle = await search(t, `Patient?_id=${patient.id}&${query}`);
    const e = entries(bundle);
    expect(e).toHaveLength(1);
    return e[0]?.resource as Resource;
  };
  const isSubsetted = (r: Resource) => JSON.stringify(r.meta?.tag ?? []).includes('SUBSETTED');

  it('_summary=true keeps the summary elements only and marks the result', async () => {
    const r = await only('_summary=true');
    expect(r['name']).toBeDefined();
    expect(r['gender']).toBe('female');
    expect(r['birthDate']).toBe('1960-01-01');
    expect(r['text']).toBeUndefined();
    expect(r['photo']).toBeUndefined();
    expect(r['maritalStatus']).toBeUndefined();
    expect(isSubsetted(r)).toBe(true);
  });

  it('_summary=text keeps text, id and meta (and mandatory elements)', async () => {
    const r = await only('_summary=text');
    expect(r['text']).toBeDefined();
    expect(r['name']).toBeUndefined();
    expect(r.id).toBe(patient.id);
    expect(isSubsetted(r)).toBe(true);
  });

  it('_summary=data drops the narrative only; _summary=false returns the whole resource', async () => {
    const data = await only('_summary=data');
    expect(data['text']).toBeUndefined();
    expect(data['photo']).toBeDefined();
    expect(isSubsetted(data)).toBe(true);
    const whole = await only('_summary=false');
    expect(whole).toEqual(patient);
  });

  it('_elements returns the named elements (and id, meta)', async () => {
    const r = await only('_elements=birthDate,gender');
    expect(Object.keys(r).sort()).toEqual(['birthDate', 'gender', 'id', 'meta', 'resourceType']);
    expect(isSubsetted(r)).toBe(true);
    const typed = await only('_elements=Patient.name');
    expect(typed['name']).toEqual(patient['name']);
    expect(typed['gender']).toBeUndefined();
  });

  it('refuses an unknown _summary value with 400', async () => {
    await expectError(await t.fhir('Patient?_summary=maybe'), 400, 'AKS_ERR_SEARCH_VALUE');
  });
});

describe('POST _search', () => {
  const SET = 'post-search';
  it('takes the parameters as a form body, combined with those in the URL', async () => {
    const [a, b] = (await createAll(t, [
      tagged(SET, { resourceType: 'Patient', name: [{ family: 'Postesen' }], gender: 'female' }),
      tagged(SET, { resourceType: 'Patient', name: [{ family: 'Postesen' }], gender: 'male' }),
    ])) as [Resource, Resource];
    const form = (body: string, query = '') =>
      t.fhir(`Patient/_search${query}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const both = await expectStatus<Bundle>(await form(`family=postesen&${tagParam(SET)}`), 200);
    expect(matchIds(both).sort()).toEqual(sortedIds([a, b]));
    const combined = await expectStatus<Bundle>(
      await form(`family=postesen&${tagParam(SET)}`, '?gender=male'),
      200,
    );
    expect(matchIds(combined)).toEqual([b.id]);
    const get = await search(t, `Patient?family=postesen&gender=male&${tagParam(SET)}`);
    expect(matchIds(combined)).toEqual(matchIds(get));
    // The same errors as GET.
    await expectError(await form('nonsense=1'), 400, 'AKS_ERR_SEARCH_PARAM_UNKNOWN');
  });
});

describe('unknown parameters and lenient handling', () => {
  it('an unknown parameter is a 400 OperationOutcome naming it', async () => {
    const oo = await expectError(await t.fhir('Patient?nonsense=1'), 400, 'AKS_ERR_SEARCH_PARAM_UNKNOWN');
    expect(oo.issue[0]?.details?.text).toContain('nonsense');
    await expectError(await t.fhir('Patient?name:nonsense=x'), 400, 'AKS_ERR_SEARCH_MODIFIER');
    await expectError(await t.fhir('Patient?phonetic=x'), 400, 'AKS_ERR_SEARCH_PARAM_UNSUPPORTED');
  });

  it('with Prefer: handling=lenient, the search runs without it and says so in an outcome entry', async () => {
    const p = await create(t, tagged('lenient', { resourceType: 'Patient', name: [{ family: 'Lenient' }] }));
    const bundle = await search(t, `Patient?nonsense=1&family=lenient&${tagParam('lenient')}`, {
      headers: { prefer: 'handling=lenient' },
    });
    expect(matchIds(bundle)).toEqual([p.id]);
    const outcome = entries(bundle, 'outcome');
    expect(outcome).toHaveLength(1);
    const oo = outcome[0]?.resource as unknown as OperationOutcome;
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue[0]?.severity).toBe('warning');
    expect(oo.issue[0]?.details?.text).toContain('nonsense');
    // handling=strict is the default behaviour.
    await expectError(await t.fhir('Patient?nonsense=1', { headers: { prefer: 'handling=strict' } }), 400);
    // Lenient handling is for unknown parameters, not for bad values of known ones.
    await expectError(
      await t.fhir('Patient?birthdate=notadate', { headers: { prefer: 'handling=lenient' } }),
      400,
      'AKS_ERR_SEARCH_VALUE',
    );
  });
});

describe('bad values are 400s, never 500s', () => {
  const cases: [string, string | undefined][] = [
    ['Patient?birthdate=notadate', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?birthdate=2024-13', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?birthdate=2024-02-30', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?birthdate=2024-01-01T25:00:00Z', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?birthdate=xx2024', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?birthdate=0000', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?_lastUpdated=yesterday', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?_count=-1', 'AKS_ERR_SEARCH_COUNT'],
    ['Patient?_sort=nonexistent', 'AKS_ERR_SEARCH_SORT'],
    ['Observation?value-quantity=abc', 'AKS_ERR_SEARCH_VALUE'],
    ['Observation?value-quantity=1e400', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?gender:missing=maybe', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?identifier=%7C', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?identifier:of-type=a%7Cb', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?gender:of-type=a%7Cb%7Cc', 'AKS_ERR_SEARCH_MODIFIER'],
    ['Patient?_id:text=x', 'AKS_ERR_SEARCH_MODIFIER'],
    ['Patient?name=%00', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?_id=a%00b', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?family%00=x', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?_cursor=not-a-cursor', 'AKS_ERR_SEARCH_CURSOR'],
    ['Patient?_summary=everything', 'AKS_ERR_SEARCH_VALUE'],
    ['Patient?_include=Patient:nothing', 'AKS_ERR_SEARCH_INCLUDE'],
    ['Nonsense?name=x', undefined],
  ];
  it.each(cases)('%s', async (path, code) => {
    const res = await t.fhir(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const oo = (await res.json()) as OperationOutcome;
    expect(oo.resourceType).toBe('OperationOutcome');
    if (code) expect(errorCode(oo)).toBe(code);
  });
});
