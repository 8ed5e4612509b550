import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

/** Prometheus metrics: request counts and latency by route pattern, pool and audit gauges, and no personal data. */

const servers: TestServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('/metrics', () => {
  it('counts requests by route pattern without ever naming what was asked for', async () => {
    const t = await startTestServer();
    servers.push(t);
    const fnr = '17838699865';
    await t.fhir(`Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|${fnr}`);
    await t.fhir('Patient/ingrid-fjeld');
    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(
      /akson_http_requests_total\{method="GET",route="\/fhir\/:type\/:id",status="2xx"\} \d+/,
    );
    expect(text).toContain('akson_http_request_duration_seconds_bucket');
    expect(text).toMatch(/akson_db_connections\{state="total"\} \d+/);
    expect(text).toMatch(/akson_audit_backlog\{state="queued"\} \d+/);
    expect(text).toContain('akson_process_cpu_user_seconds_total');
    expect(text).not.toContain(fnr);
    expect(text).not.toContain('ingrid');
  });

  it('asks for the token when one is configured', async () => {
    const t = await startTestServer({ AKSON_METRICS_TOKEN: 'scrape-token-0123456789' });
    servers.push(t);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(403);
    const wrong = await fetch(`${t.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-token-0123456788' },
    });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${t.url}/metrics`, {
      headers: { authorization: 'Bearer scrape-token-0123456789' },
    });
    expect(right.status).toBe(200);
  });

  it('is absent when switched off', async () => {
    const t = await startTestServer({ AKSON_METRICS: 'off' });
    servers.push(t);
    // (The web app may answer the path with its own page; what matters is that no metrics are served.)
    expect(await (await fetch(`${t.url}/metrics`)).text()).not.toContain('akson_http_requests_total');
  });
});
