/**
 * The HTTP edge over real HTTP: what caches may keep, how refusals before routing are answered, the FHIR base
 * with a trailing slash, the all-types compartment search and conditional delete (both refused with a way
 * forward), and that none of the refusals writes or deletes anything.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';
import {
  errorCode,
  expectError,
  type Bundle,
  type OperationOutcome,
  type Resource,
} from './fhir-test-kit.ts';

let t: TestServer;
let patient: Resource;
beforeAll(async () => {
  t = await startTestServer();
  patient = await expectStatus<Resource>(
    await t.fhir('Patient', {
      method: 'POST',
      json: {
        resourceType: 'Patient',
        identifier: [{ system: 'urn:akson-test:http-edge', value: 'kant-1' }],
        name: [{ family: 'Kantsen' }],
      },
    }),
    201,
  );
});
afterAll(async () => {
  await t?.close();
});

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Sends bytes as they are (fetch would refuse or repair them) and reads the answer until the server closes. */
function rawHttp(request: string): Promise<RawResponse> {
  const { port, hostname } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const done = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers = new Map(
        headerLines.map((l) => [
          l.slice(0, l.indexOf(':')).toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine?.split(' ')[1]), headers, body: text.slice(split + 4) });
    };
    // The server closes the connection after a refusal (a reset is a close too once the answer has arrived).
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.end(request);
  });
}

function expectOutcome(res: RawResponse, status: number, code: string): OperationOutcome {
  expect(res.status, res.body).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/fhir+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const oo = JSON.parse(res.body) as OperationOutcome;
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(errorCode(oo)).toBe(code);
  return oo;
}

describe('caching', () => {
  it('no health data response may be stored, yet reads keep ETag and Last-Modified', async () => {
    const read = await t.fhir(`Patient/${patient.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(read.headers.get('last-modified')).toBeTruthy();
    await read.arrayBuffer();

    const answers = [
      await t.fhir(`Patient?identifier=${encodeURIComponent('urn:akson-test:http-edge|kant-1')}`),
      await t.fhir(`Patient/${patient.id}/_history`),
      await t.fhir('Patient', {
        method: 'POST',
        json: { resourceType: 'Patient', name: [{ family: 'Ny' }] },
      }),
      await t.fhir(`Patient/${patient.id}`, { headers: { 'if-none-match': read.headers.get('etag') ?? '' } }),
      await t.fhir('Patient/finnes-ikke'),
      await t.fhir(`Patient/${patient.id}`, { token: null }),
      await fetch(`${t.url}/auth/jwks`),
      await fetch(`${t.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password',
      }),
      await fetch(`${t.url}/healthz`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 201, 304, 404, 401, 200, 400, 200]);
    for (const r of answers) {
      expect(r.headers.get('cache-control'), r.url).toBe('no-store');
      await r.arrayBuffer();
    }
  });

  it('the CapabilityStatement and the SMART configuration may be cached briefly: they hold no personal data', async () => {
    for (const path of [
      '/fhir/metadata',
      '/.well-known/smart-configuration',
      '/fhir/.well-known/smart-configuration',
    ]) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=300');
      await res.arrayBuffer();
    }
    // Refusing a format is not cacheable.
    const refused = await fetch(`${t.url}/fhir/metadata`, { headers: { accept: 'application/fhir+xml' } });
    expect(refused.status).toBe(406);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    await refused.arrayBuffer();
  });
});

describe('refusals before any route runs are OperationOutcomes with the right status', () => {
  it('headers over the limit -> 431', async () => {
    const res = await rawHttp(
      `GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const oo = expectOutcome(res, 431, 'AKS_ERR_REQUEST_HEADERS_TOO_LARGE');
    expect(oo.issue[0]?.details?.text).toContain('POST [type]/_search');
  });

  it('an over-long URL (a search in the query string) -> 431', async () => {
    const res = await rawHttp(
      `GET /fhir/Patient?name=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nAccept: application/fhir+json\r\n\r\n`,
    );
    expectOutcome(res, 431, 'AKS_ERR_REQUEST_HEADERS_TOO_LARGE');
  });

  it('a header line HTTP cannot parse -> 400', async () => {
    const res = await rawHttp('GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n');
    expectOutcome(res, 400, 'AKS_ERR_REQUEST_MALFORMED');
  });

  it('a path that is not valid percent-encoding -> 400', async () => {
    const res = await rawHttp(
      `GET /fhir/Patient/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAccept: application/fhir+json\r\nConnection: close\r\n\r\n`,
    );
    expectOutcome(res, 400, 'AKS_ERR_REQUEST_MALFORMED');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it("a path segment longer than any id is the usual 404 OperationOutcome, not the framework's JSON", async () => {
    const res = await t.fhir(`Patient/${'a'.repeat(300)}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await expectError(res, 404, 'AKS_ERR_ROUTE_NOT_FOUND');
  });
});

describe('the FHIR base with a trailing slash', () => {
  it('POST [base]/ runs a transaction exactly like POST [base]', async () => {
    for (const base of [`${t.base}/`, t.base]) {
      const res = await t.fhir(base, {
        method: 'POST',
        json: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              fullUrl: 'urn:uuid:3f0e2f6c-0a4e-4b8e-9d55-6c1f1e2c9a01',
              resource: { resourceType: 'Patient', name: [{ family: 'Skråstrek' }] },
              request: { method: 'POST', url: 'Patient' },
            },
          ],
        },
      });
      const bundle = await expectStatus<Bundle>(res, 200);
      expect(bundle.type, base).toBe('transaction-response');
      expect(bundle.entry?.[0]?.response?.status).toMatch(/^201/);
    }
  });

  it('GET [base]/ answers exactly what GET [base] does', async () => {
    const withSlash = await t.fhir(`${t.base}/`);
    const without = await t.fhir(t.base);
    expect(withSlash.status).toBe(without.status);
    const [a, b] = [await withSlash.json(), await without.json()];
    expect(a).toEqual(b);
    expect(errorCode(a as OperationOutcome)).toBe('AKS_ERR_INTERACTION_UNSUPPORTED');
    expect(withSlash.status).toBe(400);
  });
});

describe('the all-types compartment search', () => {
  it('Patient/[id]/* and its POST form are refused with what to use instead', async () => {
    for (const res of [
      await t.fhir(`Patient/${patient.id}/*`),
      await t.fhir(`Patient/${patient.id}/*?_lastUpdated=gt2020-01-01`),
      await t.fhir(`Patient/${patient.id}/_search`, {
        method: 'POST',
        body: '_lastUpdated=gt2020-01-01',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ]) {
      const oo = await expectError(res, 400, 'AKS_ERR_INTERACTION_UNSUPPORTED');
      expect(oo.issue[0]?.details?.text).toContain(`Patient/${patient.id}/$everything`);
    }
  });

  it('a one-type compartment search still works', async () => {
    const bundle = await expectStatus<Bundle>(await t.fhir(`Patient/${patient.id}/Observation`), 200);
    expect(bundle.type).toBe('searchset');
  });
});

describe('conditional delete', () => {
  it('is declared not supported, answered 400 with the way to delete, and deletes nothing', async () => {
    const capability = await expectStatus<{
      rest: { resource: { type: string; conditionalDelete?: string }[] }[];
    }>(await t.fhir('metadata'), 200);
    const declared = capability.rest[0]?.resource.find((r) => r.type === 'Patient');
    expect(declared?.conditionalDelete).toBe('not-supported');

    const criteria = encodeURIComponent('urn:akson-test:http-edge|kant-1');
    const oo = await expectError(
      await t.fhir(`Patient?identifier=${criteria}`, { method: 'DELETE' }),
      400,
      'AKS_ERR_INTERACTION_UNSUPPORTED',
    );
    expect(oo.issue[0]?.details?.text).toContain('Conditional delete');
    expect(oo.issue[0]?.details?.text).toContain('/Patient/[id]');
    await expectError(await t.fhir('Patient', { method: 'DELETE' }), 400, 'AKS_ERR_INTERACTION_UNSUPPORTED');
    expect((await t.fhir(`Patient/${patient.id}`)).status).toBe(200);
  });
});
