/**
 * What the server writes to its log, read from the real log stream of a server on a real port: the FEST load
 * statistics at start, and no national id anywhere, whether it came in the path, the query or the body, or
 * with a failed database call (route patterns instead of URLs, errors reduced to class, code and message).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTIFIER_SYSTEMS, syntheticNationalId } from '@akson/fhir';
import { openPostgres, type Db } from '@akson/store';
import { openTestDatabase, type TestDatabase } from '@akson/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { DEMO_INTEGRATION_CLIENT } from '../src/demo/demo-municipality.ts';
import { seedDirectory } from '../src/demo/seed-directory.ts';
import { loadConfig } from '../src/index.ts';
import { TEST_AUDIT_KEY } from './test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'akson-http-logging-'));
const FEST = join(dir, 'fest.xml');
// One usable interaction and one withdrawn entry: the start log must say 1 loaded and 1 skipped (Status U).
const interaction = `<OppfInteraksjon><Id>A</Id><Status V="A"/><Interaksjon><Id>I1</Id><Relevans V="1" DN="Bør unngås"/>
  <KliniskKonsekvens>Økt blødningsrisiko.</KliniskKonsekvens>
  <Substansgruppe><Substans><Substans>Warfarin</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
  <Substansgruppe><Substans><Substans>Naproksen</Substans><Atc V="M01AE02"/></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>`;
writeFileSync(
  FEST,
  `<?xml version="1.0" encoding="UTF-8"?><FEST><HentetDato>2026-02-01T00:00:00</HentetDato><KatInteraksjon>${interaction}${interaction.replace('<Id>A</Id><Status V="A"/>', '<Id>B</Id><Status V="U"/>')}</KatInteraksjon></FEST>`,
);

const fnr = syntheticNationalId({ birthDate: '1950-03-17', gender: 'female', sequence: 4 });
const lines: string[] = [];
let database: TestDatabase;
let db: Db;
let app: FastifyInstance;
let base: string;
let token: string;

beforeAll(async () => {
  database = await openTestDatabase();
  // On PostgreSQL a second pool to the same database, so that closing it (to make calls fail) leaves the test
  // database itself to be dropped; PGlite's in-memory copy is simply closed.
  db = database.url
    ? await openPostgres({ connectionString: database.url, poolSize: 4, statementTimeoutMs: 0 })
    : database.db;
  const config = loadConfig(
    {},
    {
      AKSON_PORT: '0',
      AKSON_HOST: '127.0.0.1',
      AKSON_LOG_LEVEL: 'info',
      AKSON_DATA_DIR: dir,
      AKSON_AUDIT_KEY: TEST_AUDIT_KEY,
      AKSON_FEST_FILE: FEST,
    },
  );
  app = await buildApp(config, { db, logDestination: { write: (line) => void lines.push(line) } });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  base = `${address}/fhir`;
  await seedDirectory(app);
  token = await (app.akson.devIssuer as NonNullable<typeof app.akson.devIssuer>).tokenFor(
    DEMO_INTEGRATION_CLIENT.clientId,
  );
});
afterAll(async () => {
  await app?.close().catch(() => undefined);
  if (db !== database?.db) await db?.close().catch(() => undefined);
  await database?.close().catch(() => undefined);
});

const fhir = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${base}/${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/fhir+json',
      ...(init.json !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });

const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the start log', () => {
  it('says how many FEST interactions were loaded and what was skipped, and why', () => {
    const loaded = entries().find((e) => e['msg'] === 'FEST interaction catalogue loaded: 1 interactions');
    expect(loaded, lines.join('\n')).toBeDefined();
    expect(loaded?.['fest']).toMatchObject({
      source: 'fest.xml',
      entries: 2,
      interactions: 1,
      skipped: 1,
      skippedBecause: { 'Status U': 1 },
    });
  });
});

describe('no national id in the log', () => {
  it('not from the path, the query or the body of requests that succeed or are refused', async () => {
    const from = lines.length;
    const statuses = [
      // A client-chosen id that is a national id, with an invalid field beside the national id in the body.
      await fhir(`Patient/${fnr}`, {
        method: 'PUT',
        json: {
          resourceType: 'Patient',
          id: fnr,
          identifier: [{ system: IDENTIFIER_SYSTEMS.fnr, value: fnr }],
          birthDate: 'not a date',
        },
      }),
      // A national id with a wrong check digit: a validation error about the very value.
      await fhir('Patient', {
        method: 'POST',
        json: {
          resourceType: 'Patient',
          identifier: [
            { system: IDENTIFIER_SYSTEMS.fnr, value: `${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}` },
          ],
        },
      }),
      await fhir(`Patient?identifier=${encodeURIComponent(`${IDENTIFIER_SYSTEMS.fnr}|${fnr}`)}`),
      await fhir(`Patient/${fnr}`),
      await fhir(`Patient/${fnr}/Observation?code=${fnr}`),
    ].map((r) => r.status);
    expect(statuses).toEqual([400, 400, 200, 404, 200]);
    const logged = lines.slice(from);
    expect(logged.length).toBeGreaterThanOrEqual(10); // incoming + completed for each
    const text = logged.join('\n');
    expect(text).not.toContain(fnr);
    expect(text).not.toContain(fnr.slice(0, 10));
    const routes = entries()
      .slice(from)
      .map((e) => (e['req'] as { route?: unknown } | undefined)?.route)
      .filter(Boolean);
    expect(new Set(routes)).toEqual(new Set(['/fhir/:type/:id', '/fhir/:type', '/fhir/:type/:id/:sub']));
  });

  it('not from a failed database call: the error is logged as class, code and message with the route pattern', async () => {
    await db.close();
    const from = lines.length;
    const res = await fhir(`Patient/${fnr}/_history?_since=${fnr}`);
    expect(res.status).toBeGreaterThanOrEqual(500);
    const body = await res.text();
    expect(body).toContain('OperationOutcome');
    const logged = entries().slice(from);
    const error = logged.find((e) => e['level'] === 50);
    expect(error, JSON.stringify(logged)).toBeDefined();
    expect(error?.['route']).toBe('/fhir/:type/:id/_history');
    const err = error?.['err'] as Record<string, unknown>;
    expect(Object.keys(err).sort()).toEqual(expect.arrayContaining(['message', 'type']));
    for (const key of Object.keys(err)) expect(['type', 'code', 'message', 'stack']).toContain(key);
    expect(lines.slice(from).join('\n')).not.toContain(fnr);
  });
});
