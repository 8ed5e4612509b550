import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/index.ts';
import { registerWebApp } from '../../server/src/web/web-app.ts';
import { startTestServer, type TestServer } from '../../server/test/test-server.ts';
import { buildAppIfNeeded } from '../scripts/build-if-needed.ts';

/**
 * How the server serves the app: index.html for client routes (never cached), hashed assets (cached for a year),
 * strict security headers, its settings from /app-config.json, a clear page when the app is not built, and never
 * in the way of the FHIR API, the issuer or the health checks.
 */

let t: TestServer;

beforeAll(async () => {
  await buildAppIfNeeded({ quiet: true });
  t = await startTestServer();
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the built app at /', () => {
  it('answers client routes with index.html, not cached, with a strict CSP', async () => {
    for (const path of ['/', '/pasient/ingrid-fjeld/legemidler', '/innbygger/kari-lie/innsyn', '/logg-inn']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toMatch(/<div id="root">/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('serves hashed assets with a long cache, and 404 for missing ones', async () => {
    const index = await (await fetch(`${t.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${t.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${t.url}/assets/nope-12345678.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/favicon.ico`)).status).toBe(404);
  });

  it('tells the app where the API and the issuer are', async () => {
    const response = await fetch(`${t.url}/app-config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      fhirBase: `${t.url}/fhir`,
      clientId: 'akson-web',
      issuers: [{ issuer: `${t.url}/auth`, kinds: ['personnel', 'citizen'] }],
      demo: true,
      emergencyHours: t.config.access.emergencyHours,
      selfDeclaredHours: t.config.access.selfDeclaredHours,
    });
  });

  it('never shadows the API, the issuer or the health checks', async () => {
    const fhir = await fetch(`${t.url}/fhir/Patient/x/y/z/w`);
    expect(fhir.status).toBe(404);
    expect(fhir.headers.get('content-type')).toMatch(/fhir\+json/);
    expect(((await fhir.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fetch(`${t.url}/fhir/metadata`)).status).toBe(200);
    expect((await fetch(`${t.url}/fhir/Patient`)).status).toBe(401);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${t.url}/auth/.well-known/openid-configuration`)).status).toBe(200);
    const unknownAuth = await fetch(`${t.url}/auth/unknown`);
    expect(unknownAuth.status).toBe(404);
    expect(unknownAuth.headers.get('content-type')).toMatch(/fhir\+json/);
    expect((await fetch(`${t.url}/healthz/x`)).status).toBe(404);
  });
});

describe('a server whose app is not built', () => {
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'akson-dist-'));
    const config = loadConfig(
      {},
      {
        AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-web-')),
        AKSON_LOG_LEVEL: 'silent',
        AKSON_AUDIT_KEY: 'a'.repeat(64),
      },
    );
    app = Fastify();
    await registerWebApp(app, config, { distDir: join(dist, 'missing') });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('says how to build it instead of a bare 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/pasient/x' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build:app');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves a dist folder that appears later without a restart', async () => {
    mkdirSync(join(dist, 'missing', 'assets'), { recursive: true });
    writeFileSync(join(dist, 'missing', 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'missing', 'assets', 'app-abc123.js'), 'console.log(1)');
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/app-abc123.js' })).statusCode).toBe(200);
  });
});
