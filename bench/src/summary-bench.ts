import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, seedDirectory, startServer, type RunningServer } from '@akson/server';
import { openPostgres } from '@akson/store';
import { history, medicationLines, ref } from './summary-bench-patient.ts';

/**
 * $summary for a citizen with five years of history (about 2,000 resources), on PGlite and on PostgreSQL.
 * Starts a server in this process, loads the patient through the API as the integration client (transaction
 * bundles, as an import would), then asks for the summary sequentially as the patient's GP (the costliest
 * caller: every section also counts what is withheld) and reports p50/p95/p99 of the server time (the
 * Server-Timing header the operation sets) and of the round trip. $timeline and $everything pages are measured
 * the same way for comparison.
 *
 *   node bench/src/summary-bench.ts [--databases pglite,postgres] [--iterations 200] [--years 5]
 *
 * PostgreSQL: a scratch database akson_bench_summary is (re)created on BENCH_DATABASE_URL's server
 * (default postgres://root@127.0.0.1:5432/test; that database itself is only used to create the scratch one).
 */
const { values } = parseArgs({
  options: {
    databases: { type: 'string' },
    iterations: { type: 'string' },
    years: { type: 'string' },
  },
});
const databases = (values.databases ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const iterations = Number(values.iterations ?? 200);
const years = Number(values.years ?? 5);
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://root@127.0.0.1:5432/test';
const SCRATCH_DATABASE = 'akson_bench_summary';

async function scratchDatabase(): Promise<string> {
  const admin = await openPostgres({ connectionString: adminUrl, poolSize: 1, statementTimeoutMs: 0 });
  await admin.exec(`DROP DATABASE IF EXISTS ${SCRATCH_DATABASE} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${SCRATCH_DATABASE}`);
  await admin.close();
  const u = new URL(adminUrl);
  u.pathname = `/${SCRATCH_DATABASE}`;
  return u.toString();
}

async function start(kind: 'pglite' | 'postgres'): Promise<RunningServer> {
  const url = kind === 'postgres' ? await scratchDatabase() : undefined;
  const config = loadConfig(
    {},
    {
      AKSON_PORT: '0',
      AKSON_HOST: '127.0.0.1',
      AKSON_LOG_LEVEL: 'silent',
      AKSON_DATA_DIR: mkdtempSync(join(tmpdir(), 'akson-summary-bench-')),
      AKSON_AUDIT_KEY: 'c'.repeat(64),
      ...(url ? { DATABASE_URL: url, AKSON_DB_POOL_SIZE: '16' } : {}),
    },
  );
  const server = await startServer(config);
  await seedDirectory(server.app);
  return server;
}

interface Client {
  request(path: string, as: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

function client(server: RunningServer): Client {
  const issuer = server.app.akson.devIssuer;
  if (!issuer) throw new Error('the benchmark needs the development issuer');
  const tokens = new Map<string, string>();
  return {
    async request(path, as, init = {}) {
      let token = tokens.get(as);
      if (!token) tokens.set(as, (token = await issuer.tokenFor(as)));
      return fetch(path ? `${server.url}/fhir/${path}` : `${server.url}/fhir`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/fhir+json',
          ...(init.body ? { 'content-type': 'application/fhir+json' } : {}),
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    },
  };
}

async function load(c: Client): Promise<{ patientId: string; resources: number; seconds: number }> {
  const started = performance.now();
  const patientResponse = await c.request('Patient', 'lillesand-migrering', {
    method: 'POST',
    body: {
      resourceType: 'Patient',
      name: [{ family: 'Benk', given: ['Historikk'] }],
      birthDate: '1941-05-05',
      generalPractitioner: [
        ref('PractitionerRole', 'eirik-berg--lillesand-legekontor'),
        ref('Organization', 'lillesand-legekontor'),
      ],
    },
  });
  const patientId = ((await patientResponse.json()) as { id: string }).id;
  let resources = 1;
  for (const entries of history(patientId, Date.now(), years)) {
    const res = await c.request('', 'lillesand-migrering', {
      method: 'POST',
      body: { resourceType: 'Bundle', type: 'transaction', entry: entries },
    });
    if (res.status !== 200)
      throw new Error(`loading failed: ${res.status} ${(await res.text()).slice(0, 500)}`);
    resources += entries.length;
  }
  for (const line of medicationLines(patientId)) {
    const res = await c.request('MedicationStatement', 'berg', { method: 'POST', body: line });
    if (res.status !== 201)
      throw new Error(`medication line: ${res.status} ${(await res.text()).slice(0, 500)}`);
    resources++;
  }
  // Everything the server derived (NEWS2 for every full set of vital signs) is part of the record too.
  const everything = await c.request(`Patient/${patientId}/$everything?_count=1000`, 'lillesand-migrering');
  let total = 0;
  let page = (await everything.json()) as {
    entry?: { search?: { mode?: string } }[];
    link?: { relation: string; url: string }[];
  };
  for (;;) {
    total += (page.entry ?? []).filter((e) => e.search?.mode === 'match').length;
    const next = page.link?.find((l) => l.relation === 'next')?.url;
    if (!next) break;
    page = (await (
      await c.request(next.replace(/^.*\/fhir\//, ''), 'lillesand-migrering')
    ).json()) as typeof page;
  }
  return { patientId, resources: Math.max(resources, total), seconds: (performance.now() - started) / 1000 };
}

interface Timing {
  readonly server: number[];
  readonly total: number[];
  /**
   * CPU time this process spent per request. With PGlite the database runs in this process too, so on a busy
   * machine (other processes competing for the cores) this is what the request costs when it has a core to
   * itself; with PostgreSQL it leaves out the database's own work.
   */
  readonly cpu: number[];
}

async function measure(c: Client, path: string, as: string, n: number): Promise<Timing> {
  const server: number[] = [];
  const total: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await c.request(path, as);
    await res.arrayBuffer();
    const t1 = performance.now();
    const used = process.cpuUsage(c0);
    if (res.status !== 200) throw new Error(`${path} as ${as}: ${res.status}`);
    if (i < 10) continue; // warm-up: code systems, caches, the JIT
    const dur = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
    if (dur) server.push(Number(dur));
    total.push(t1 - t0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { server, total, cpu };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const line = (label: string, values: readonly number[]): string =>
  `${label.padEnd(56)} p50 ${percentile(values, 50).toFixed(1).padStart(6)}  p95 ${percentile(values, 95).toFixed(1).padStart(6)}  p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms`;

for (const kind of databases) {
  let server: RunningServer;
  try {
    server = await start(kind);
  } catch (err) {
    process.stdout.write(`\n${kind}: skipped (${String(err)})\n`);
    continue;
  }
  try {
    const c = client(server);
    const data = await load(c);
    process.stdout.write(
      `\n${kind}: loaded a patient with ${data.resources} resources over ${years} years in ${data.seconds.toFixed(1)} s\n`,
    );
    const cases: [string, string, string][] = [
      ['$summary as the GP (berg)', `Patient/${data.patientId}/$summary`, 'berg'],
      ['$summary as home care (silje)', `Patient/${data.patientId}/$summary`, 'silje'],
      ['$summary as the integration client', `Patient/${data.patientId}/$summary`, 'lillesand-migrering'],
      ['$timeline, first page of 50, as the GP', `Patient/${data.patientId}/$timeline?_count=50`, 'berg'],
      [
        '$everything, first page of 100, as the GP',
        `Patient/${data.patientId}/$everything?_count=100`,
        'berg',
      ],
    ];
    for (const [label, path, as] of cases) {
      const n = label.startsWith('$summary as the GP')
        ? iterations
        : Math.max(20, Math.floor(iterations / 4));
      const timing = await measure(c, path, as, n);
      process.stdout.write(`${line(`${label}, server`, timing.server)}\n`);
      process.stdout.write(`${line(`${label}, round trip`, timing.total)}\n`);
      if (kind === 'pglite') process.stdout.write(`${line(`${label}, CPU time`, timing.cpu)}\n`);
    }
  } finally {
    await server.close();
  }
}
