/**
 * Hostile and careless input over real HTTP: every bad request gets a clear 4xx OperationOutcome, never a 500,
 * and never writes anything (resource counts are compared before and after). Includes a bounded fuzz of query
 * strings and JSON bodies with fast-check, and read-your-own-writes under concurrency.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  countOf,
  errorCode,
  expectError,
  search,
  type Bundle,
  type OperationOutcome,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // Something to find, so that a query that wrongly matched everything would show.
  for (let i = 0; i < 3; i++) {
    await expectStatus(
      await t.fhir('Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', name: [{ family: `Robust${i}` }] },
      }),
      201,
    );
  }
});
afterAll(async () => {
  await t?.close();
});

const TYPES = ['Patient', 'Observation'];
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const type of TYPES) out[type] = await countOf(t, type);
  return out;
}

/** Runs `request`, expects a 4xx OperationOutcome (optionally with a code) and that nothing was written. */
async function refusedWithoutWriting(
  request: () => Promise<Response>,
  status: number,
  code?: string,
): Promise<OperationOutcome> {
  const before = await counts();
  const oo = await expectError(await request(), status, code);
  expect(await counts()).toEqual(before);
  return oo;
}

const raw = (
  path: string,
  body: string | Uint8Array,
  contentType = 'application/fhir+json',
  method = 'POST',
) => t.fhir(path, { method, body: body as BodyInit, headers: { 'content-type': contentType } });

describe('malformed bodies', () => {
  it.each([
    ['truncated JSON', '{"resourceType":"Patient",', 'AKS_ERR_REQUEST_INVALID_JSON'],
    ['trailing garbage', '{"resourceType":"Patient"} x', 'AKS_ERR_REQUEST_INVALID_JSON'],
    ['single quotes', "{'resourceType':'Patient'}", 'AKS_ERR_REQUEST_INVALID_JSON'],
    ['a JSON array', '[{"resourceType":"Patient"}]', undefined],
    ['a JSON string', '"Patient"', undefined],
    ['a JSON number', '42', undefined],
    ['JSON null', 'null', 'AKS_ERR_REQUEST_BODY_MISSING'],
    ['an empty object', '{}', 'AKS_ERR_RESOURCE_TYPE_MISMATCH'],
    [
      'the wrong resourceType',
      '{"resourceType":"Observation","status":"final","code":{"text":"x"}}',
      'AKS_ERR_RESOURCE_TYPE_MISMATCH',
    ],
    ['resourceType that is not a string', '{"resourceType":["Patient"]}', 'AKS_ERR_RESOURCE_TYPE_MISMATCH'],
    ['an invalid id', '{"resourceType":"Patient","id":"has spaces"}', 'AKS_ERR_RESOURCE_ID_INVALID'],
    ['an unknown element', '{"resourceType":"Patient","nonsense":true}', undefined],
  ])('POST with %s -> 400', async (_label, body, code) => {
    await refusedWithoutWriting(() => raw('Patient', body), 400, code);
  });

  it('an empty body -> 400 for create, update and transaction', async () => {
    await refusedWithoutWriting(() => raw('Patient', ''), 400, 'AKS_ERR_REQUEST_BODY_MISSING');
    await refusedWithoutWriting(
      () => t.fhir('Patient', { method: 'POST' }),
      400,
      'AKS_ERR_REQUEST_BODY_MISSING',
    );
    await refusedWithoutWriting(
      () => raw('Patient/abc', '', 'application/fhir+json', 'PUT'),
      400,
      'AKS_ERR_REQUEST_BODY_MISSING',
    );
    await refusedWithoutWriting(() => raw(t.base, ''), 400, 'AKS_ERR_REQUEST_BODY_MISSING');
  });

  it('an id that differs from the URL, and a missing id on update -> 400', async () => {
    await refusedWithoutWriting(
      () => raw('Patient/abc', '{"resourceType":"Patient","id":"def"}', 'application/fhir+json', 'PUT'),
      400,
      'AKS_ERR_RESOURCE_ID_MISMATCH',
    );
    await refusedWithoutWriting(
      () => raw('Patient/abc', '{"resourceType":"Patient"}', 'application/fhir+json', 'PUT'),
      400,
      'AKS_ERR_RESOURCE_ID_MISSING',
    );
  });

  it('invalid UTF-8 is either refused or stored as replacement characters, never a 500', async () => {
    const body = Buffer.concat([
      Buffer.from('{"resourceType":"Patient","name":[{"family":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const res = await raw('Patient', body);
    expect(res.status).toBeLessThan(500);
    await res.text();
  });

  it('deep nesting (10,000 levels) -> 400 before any parsing work, also inside a Bundle', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    await refusedWithoutWriting(
      () => raw('Patient', `{"resourceType":"Patient","extension":${deep}}`),
      400,
      'AKS_ERR_REQUEST_TOO_DEEP',
    );
    const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    await refusedWithoutWriting(() => raw('Observation', objects), 400, 'AKS_ERR_REQUEST_TOO_DEEP');
    const bundle = `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","extension":${deep}},"request":{"method":"POST","url":"Patient"}}]}`;
    await refusedWithoutWriting(() => raw(t.base, bundle), 400, 'AKS_ERR_REQUEST_TOO_DEEP');
    // Brackets inside strings do not count.
    const inString = JSON.stringify({ resourceType: 'Patient', name: [{ family: '['.repeat(5000) }] });
    const ok = await raw('Patient', inString);
    expect(ok.status).toBeLessThan(500);
    await ok.text();
  });
});

describe('content types and formats', () => {
  it.each([
    'application/xml',
    'application/fhir+xml',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
  ])('Content-Type %s -> 415', async (type) => {
    await refusedWithoutWriting(
      () => raw('Patient', '<Patient xmlns="http://hl7.org/fhir"/>', type),
      415,
      'AKS_ERR_REQUEST_MEDIA_TYPE',
    );
  });

  it('accepts FHIR JSON with parameters and plain JSON', async () => {
    for (const type of [
      'application/fhir+json; charset=utf-8',
      'application/fhir+json;fhirVersion=4.0',
      'application/json',
    ]) {
      const res = await raw('Patient', '{"resourceType":"Patient"}', type);
      expect(res.status, type).toBe(201);
      await res.text();
    }
  });

  it.each([
    ['Accept: application/fhir+xml', { accept: 'application/fhir+xml' }, ''],
    ['Accept: application/xml', { accept: 'application/xml' }, ''],
    ['Accept: text/turtle', { accept: 'text/turtle' }, ''],
    ['_format=xml', {}, '?_format=xml'],
    ['_format=application/fhir+xml', {}, `?_format=${encodeURIComponent('application/fhir+xml')}`],
    ['_format=xml wins over a JSON Accept', { accept: 'application/fhir+json' }, '?_format=xml'],
  ])('%s -> 406', async (_label, headers, query) => {
    await expectError(await t.fhir(`Patient${query}`, { headers }), 406, 'AKS_ERR_REQUEST_NOT_ACCEPTABLE');
    await refusedWithoutWriting(
      () => t.fhir(`Patient${query}`, { method: 'POST', json: { resourceType: 'Patient' }, headers }),
      406,
    );
  });

  it('answers JSON for wildcard and mixed Accept headers and for _format=json', async () => {
    for (const [headers, query] of [
      [{ accept: '*/*' }, ''],
      [{ accept: 'application/fhir+xml;q=0.9, application/fhir+json' }, ''],
      [{ accept: 'application/fhir+xml' }, '?_format=json'],
      [{}, `?_format=${encodeURIComponent('application/fhir+json')}`],
    ] as const) {
      const res = await t.fhir(`Patient${query}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/fhir+json');
      await res.text();
    }
  });
});

describe('oversized bodies (AKSON_BODY_LIMIT_BYTES=2048)', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ AKSON_BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await small?.close();
  });

  it('refuses a body over the limit with 413 and writes nothing', async () => {
    const patients = async () =>
      (await expectStatus<Bundle>(await small.fhir('Patient?_summary=count'), 200)).total;
    const before = await patients();
    const big = { resourceType: 'Patient', name: [{ family: 'x'.repeat(3000) }] };
    const res = await small.fhir('Patient', { method: 'POST', json: big });
    const oo = await expectError(res, 413, 'AKS_ERR_REQUEST_TOO_LARGE');
    expect(oo.issue[0]?.details?.text).toContain('2048');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: 40 }, () => ({
        resource: { resourceType: 'Patient' },
        request: { method: 'POST', url: 'Patient' },
      })),
    };
    await expectError(
      await small.fhir(small.base, { method: 'POST', json: bundle }),
      413,
      'AKS_ERR_REQUEST_TOO_LARGE',
    );
    expect(await patients()).toBe(before);
    // Just under the limit is fine.
    await expectStatus(
      await small.fhir('Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', name: [{ family: 'x'.repeat(1800) }] },
      }),
      201,
    );
  });
});

describe('SQL-looking input is data, not SQL', () => {
  const values = [
    "' OR 1=1 --",
    '\'; DROP TABLE "Patient"; --',
    '1;DROP TABLE "Patient"',
    '%',
    '_',
    '\\',
    '" OR ""="',
    "Robust0' --",
    'Robust%',
    'Robust_',
  ];

  it.each(values)('name=%s finds nothing and breaks nothing', async (value) => {
    const before = await counts();
    for (const param of [
      'name',
      'family:exact',
      'family:contains',
      'identifier',
      '_id',
      'general-practitioner:identifier',
      'address',
    ]) {
      const res = await t.fhir(`Patient?${encodeURIComponent(param)}=${encodeURIComponent(value)}`);
      expect(res.status, `${param}=${value}`).toBeLessThan(500);
      const body = (await res.json()) as Bundle | OperationOutcome;
      if (res.status === 200) {
        // LIKE wildcards are escaped: "Robust%" is not a prefix of "Robust0".
        expect((body as Bundle).entry ?? [], `${param}=${value}`).toEqual([]);
      } else {
        expect(body.resourceType).toBe('OperationOutcome');
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('_sort, _include and ids with SQL in them are refused with 400', async () => {
    await expectError(
      await t.fhir(`Patient?_sort=${encodeURIComponent('name; DROP TABLE "Patient"')}`),
      400,
      'AKS_ERR_SEARCH_SORT',
    );
    await expectError(
      await t.fhir(`Patient?_include=${encodeURIComponent('Patient:organization"; --')}`),
      400,
      'AKS_ERR_SEARCH_INCLUDE',
    );
    await expectError(
      await t.fhir(`Patient/${encodeURIComponent("1';DROP TABLE x")}`),
      400,
      'AKS_ERR_RESOURCE_ID_INVALID',
    );
    await expectError(await t.fhir(`${encodeURIComponent('Patient"; --')}?name=x`), 404);
    expect(await countOf(t, 'Patient')).toBeGreaterThanOrEqual(3);
  });

  it('stores and returns SQL-looking content unchanged', async () => {
    const family = 'O\'Brien"; DROP TABLE "Patient"; --';
    const created = await expectStatus<Resource>(
      await t.fhir('Patient', { method: 'POST', json: { resourceType: 'Patient', name: [{ family }] } }),
      201,
    );
    const read = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}`), 200);
    expect((read['name'] as { family: string }[])[0]?.family).toBe(family);
    const found = await search(t, `Patient?family:exact=${encodeURIComponent(family)}`);
    expect(found.entry?.map((e) => e.resource?.id)).toEqual([created.id]);
  });
});

describe('history parameters', () => {
  it.each(['0000-01-01', '9999-12-31T23:59:59-14:00'])('_history?_since=%s is not a 500', async (since) => {
    const res = await t.fhir(`Patient/_history?_since=${encodeURIComponent(since)}`);
    await res.text();
    expect(res.status).toBeLessThan(500);
  });

  it('_history with bad _since and _count values -> 400', async () => {
    await expectError(await t.fhir('Patient/_history?_since=yesterday'), 400, 'AKS_ERR_SEARCH_VALUE');
    await expectError(await t.fhir('Patient/_history?_count=-1'), 400, 'AKS_ERR_SEARCH_COUNT');
  });
});

describe('fuzzing (bounded)', () => {
  const paramNames = [
    'name',
    'family',
    'given',
    'birthdate',
    'gender',
    'identifier',
    'organization',
    'general-practitioner',
    'address',
    '_id',
    '_lastUpdated',
    '_count',
    '_sort',
    '_include',
    '_revinclude',
    '_summary',
    '_elements',
    '_total',
    '_cursor',
    '_has:Observation:subject:code',
    'organization.name',
    'general-practitioner:Practitioner.name',
    'link',
    'telecom',
    'active',
    'deceased',
    'death-date',
    '_tag',
    '_profile',
    'nonsense',
  ];
  const modifiers = [
    '',
    ':missing',
    ':exact',
    ':contains',
    ':not',
    ':text',
    ':of-type',
    ':identifier',
    ':below',
    ':above',
    ':Patient',
    ':nonsense',
    ':',
  ];
  const prefixes = ['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'xx'];
  const piece = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom(
      '|',
      ',',
      '$',
      '\\',
      '%',
      '_',
      "'",
      '"',
      ';',
      '\u0000',
      'æøå',
      'ÆØÅ',
      '+01:00',
      'T',
      'Z',
      '-',
      '/',
      '..',
      'Patient/',
      'urn:uuid:',
    ),
    fc.integer({ min: -99999, max: 99999 }).map(String),
    fc.double({ noNaN: false }).map(String),
    fc
      .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.constantFrom('2024', '2024-02', '2024-02-30', '0000', '9999-12-31', '1e999', 'true', 'null'),
  );
  const value = fc
    .tuple(fc.constantFrom(...prefixes), fc.array(piece, { minLength: 0, maxLength: 4 }))
    .map(([p, parts]) => p + parts.join(''));
  const pair = fc.tuple(fc.constantFrom(...paramNames), fc.constantFrom(...modifiers), value);
  const encodings = fc.constantFrom<'encoded' | 'raw'>('encoded', 'raw');

  it('random query strings on /Patient never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 4 }), encodings, async (pairs, encoding) => {
        const query = pairs
          .map(([name, modifier, v]) => {
            const k = name + modifier;
            return encoding === 'encoded'
              ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}`
              : `${k}=${v.replace(/[#&\s]/g, '')}`;
          })
          .join('&');
        let res: Response;
        try {
          res = await t.fhir(`Patient?${query}`);
        } catch {
          return; // a URL fetch() itself refuses to send is not the server's business
        }
        const text = await res.text();
        expect(res.status, `GET Patient?${query} -> ${text.slice(0, 300)}`).toBeLessThan(500);
        // Every refusal is an OperationOutcome, also those made before routing (431 for an over-long URL).
        if (res.status >= 400) expect(JSON.parse(text).resourceType).toBe('OperationOutcome');
      }),
      { numRuns: 250, seed: 20240305, endOnFailure: true },
    );
  });

  const observationLike = fc.record(
    {
      resourceType: fc.constantFrom('Observation', 'Observation', 'Patient', ''),
      id: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
      status: fc.oneof(fc.constantFrom('final', 'preliminary', 'amended', 'bogus'), fc.jsonValue()),
      code: fc.oneof(
        fc.constant({ text: 'x' }),
        fc.record({
          coding: fc.array(fc.record({ system: fc.webUrl(), code: fc.string() }), { maxLength: 3 }),
        }),
        fc.jsonValue(),
      ),
      subject: fc.oneof(
        fc.record({ reference: fc.oneof(fc.constant('Patient/1'), fc.string(), fc.webUrl()) }),
        fc.jsonValue(),
      ),
      effectiveDateTime: fc.oneof(
        fc.constantFrom('2024', '2024-02-30', '0001-01-01', '9999-12-31T23:59:59Z', '0000'),
        fc.string({ maxLength: 30 }),
      ),
      valueQuantity: fc.oneof(
        fc.record({ value: fc.oneof(fc.double(), fc.integer()), unit: fc.string({ maxLength: 5 }) }),
        fc.jsonValue(),
      ),
      component: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }),
      extension: fc.array(
        fc.record({ url: fc.string({ maxLength: 20 }), valueString: fc.string({ maxLength: 20 }) }),
        { maxLength: 2 },
      ),
      meta: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({ profile: fc.array(fc.webUrl(), { maxLength: 2 }) }),
      ),
    },
    { requiredKeys: [] },
  );

  /** Valid apart from the values under test, so that they get past validation into indexing and storage. */
  const nearlyValid = fc.record({
    resourceType: fc.constant('Observation'),
    status: fc.constant('final'),
    code: fc.record({
      text: fc.string({ maxLength: 20 }),
      coding: fc.array(fc.record({ system: fc.webUrl(), code: fc.stringMatching(/^[A-Za-z0-9.-]{1,10}$/) }), {
        maxLength: 2,
      }),
    }),
    effectiveDateTime: fc.oneof(
      fc.constantFrom(
        '0001-01-01',
        '0001',
        '9999',
        '9999-12-31T23:59:59-14:00',
        '2024-03-31T02:30:00+02:00',
        '1970-01-01T00:00:00Z',
      ),
      fc
        .date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
    ),
    valueQuantity: fc.record({
      value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
      unit: fc.string({ maxLength: 5 }),
      system: fc.constant('http://unitsofmeasure.org'),
      code: fc.constantFrom('mg', '/min', '%'),
    }),
    subject: fc.record({
      reference: fc.oneof(
        fc.constant('Patient/1'),
        fc.webUrl(),
        fc.constantFrom('urn:uuid:x', '#c', 'Patient/a/_history/1'),
      ),
    }),
  });

  it('random JSON bodies on POST /Observation never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(observationLike, nearlyValid, fc.jsonValue({ maxDepth: 6 })),
        async (body) => {
          const res = await t.fhir('Observation', {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/fhir+json' },
          });
          const text = await res.text();
          expect(
            res.status,
            `POST ${JSON.stringify(body).slice(0, 300)} -> ${text.slice(0, 300)}`,
          ).toBeLessThan(500);
          if (res.status === 201) expect(JSON.parse(text).resourceType).toBe('Observation');
          else expect(JSON.parse(text).resourceType).toBe('OperationOutcome');
        },
      ),
      { numRuns: 250, seed: 20240306, endOnFailure: true },
    );
  });
});

describe('reading your own writes', () => {
  it('create, read, search and update, many clients at once', async () => {
    const clients = 24;
    const rounds = 3;
    const client = async (n: number) => {
      for (let round = 0; round < rounds; round++) {
        const value = `ryw-${n}-${round}-${randomUUID()}`;
        const created = await expectStatus<Resource>(
          await t.fhir('Patient', {
            method: 'POST',
            json: {
              resourceType: 'Patient',
              identifier: [{ system: 'urn:ryw', value }],
              name: [{ family: 'Skriv' }],
            },
          }),
          201,
        );
        const read = await expectStatus<Resource>(await t.fhir(`Patient/${created.id}`), 200);
        expect(read).toEqual(created);
        const found = await search(t, `Patient?identifier=urn:ryw|${value}`);
        expect(found.entry?.map((e) => e.resource?.id)).toEqual([created.id]);
        const updated = await expectStatus<Resource>(
          await t.fhir(`Patient/${created.id}`, {
            method: 'PUT',
            json: { ...created, name: [{ family: 'Skrevet' }] },
            headers: { 'if-match': 'W/"1"' },
          }),
          200,
        );
        expect(updated.meta?.versionId).toBe('2');
        const again = await search(t, `Patient?identifier=urn:ryw|${value}&family=skrevet`);
        expect(again.entry?.map((e) => e.resource?.meta?.versionId)).toEqual(['2']);
        const history = await expectStatus<Bundle>(await t.fhir(`Patient/${created.id}/_history`), 200);
        expect(history.entry).toHaveLength(2);
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
    expect(await countOf(t, 'Patient?identifier=urn:ryw|')).toBe(clients * rounds);
  });

  it('error responses carry the request id that was sent', async () => {
    const res = await t.fhir('Patient?nonsense=1', { headers: { 'x-request-id': 'robust-test-42' } });
    expect(res.headers.get('x-request-id')).toBe('robust-test-42');
    const oo = (await res.json()) as OperationOutcome;
    expect(errorCode(oo)).toBe('AKS_ERR_SEARCH_PARAM_UNKNOWN');
  });
});
