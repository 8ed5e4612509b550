import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, seedDirectory, startServer, type RunningServer } from '@akson/server';
import { percentiles, type Percentiles } from './percentiles.ts';
import { writeResults, type SuiteReport } from './results.ts';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.ts';
import { history, medicationLines, ref } from './summary-patient.ts';

/**
 * $summary for a citizen with five years of history (about 2,000 resources), on PGlite and on PostgreSQL.
 * Starts a server in this process, loads the patient through the API as the integration client (transaction
 * bundles, as an import would), then asks for the summary sequentially as the patient's GP (the costliest
 * caller: every section also counts what is withheld) and reports p50/p95/p99 of the server time (the
 * Server-Timing header the operation sets) and of the round trip. $timeline and $everything pages are measured
 * the same way, and a plain read of the same Patient is the baseline measured in the same run: the ratio to it
 * says how much of a change is the machine's mood and how much the summary's.
 */
export interface SummarySuiteOptions {
  readonly databases: readonly ('pglite' | 'postgres')[];
  readonly adminUrl: string;
  readonly iterations: number;
  readonly years: number;
}

const SCRATCH_DATABASE = 'akson_bench_summary';
/** DESIGN.md §6: patient summary for a patient with 5 years of history, server time. */
const SUMMARY_BAR_MS = 50;

async function start(kind: 'pglite' | 'postgres', adminUrl: string): Promise<RunningServer> {
  const url = kind === 'postgres' ? await createScratchDatabase(adminUrl, SCRATCH_DATABASE) : undefined;
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

async function load(
  c: Client,
  years: number,
): Promise<{ patientId: string; resources: number; seconds: number }> {
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

interface Case {
  readonly database: 'pglite' | 'postgres';
  readonly label: string;
  readonly requests: number;
  readonly server: Percentiles;
  readonly roundTrip: Percentiles;
  readonly cpu: Percentiles;
}

const fmt = (p: Percentiles): string => `${p.p50.toFixed(1)} | ${p.p95.toFixed(1)} | ${p.p99.toFixed(1)}`;

export async function runSummarySuite(options: SummarySuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const cases: Case[] = [];
  const loaded: { database: string; resources: number; seconds: number }[] = [];
  for (const database of options.databases) {
    process.stderr.write(`\n${database}: loading a patient with ${options.years} years of history\n`);
    let server: RunningServer;
    try {
      server = await start(database, options.adminUrl);
    } catch (err) {
      process.stderr.write(`  skipped: ${String(err)}\n`);
      continue;
    }
    try {
      const c = client(server);
      const data = await load(c, options.years);
      loaded.push({ database, resources: data.resources, seconds: data.seconds });
      process.stderr.write(`  ${data.resources} resources in ${data.seconds.toFixed(1)} s\n`);
      const id = data.patientId;
      const plan: [string, string, string][] = [
        ['Patient read by id as the GP (baseline)', `Patient/${id}`, 'berg'],
        ['$summary as the GP (berg)', `Patient/${id}/$summary`, 'berg'],
        ['$summary as home care (silje)', `Patient/${id}/$summary`, 'silje'],
        ['$summary as the integration client', `Patient/${id}/$summary`, 'lillesand-migrering'],
        ['$timeline, first page of 50, as the GP', `Patient/${id}/$timeline?_count=50`, 'berg'],
        ['$everything, first page of 100, as the GP', `Patient/${id}/$everything?_count=100`, 'berg'],
      ];
      for (const [label, path, as] of plan) {
        const n = label.startsWith('$summary as the GP')
          ? options.iterations
          : Math.max(20, Math.floor(options.iterations / 4));
        const timing = await measure(c, path, as, n);
        const row: Case = {
          database,
          label,
          requests: timing.total.length,
          // A plain read sets no Server-Timing header: its server time is shown as its round trip.
          server: percentiles(timing.server.length ? timing.server : timing.total),
          roundTrip: percentiles(timing.total),
          cpu: percentiles(timing.cpu),
        };
        cases.push(row);
        process.stderr.write(
          `  ${label.padEnd(46)} server p50 ${row.server.p50.toFixed(1)}  p95 ${row.server.p95.toFixed(1)}  p99 ${row.server.p99.toFixed(1)} ms\n`,
        );
      }
    } finally {
      await server.close();
      if (database === 'postgres') await dropScratchDatabase(options.adminUrl, SCRATCH_DATABASE);
    }
  }
  const baselineOf = (database: string) =>
    cases.find((x) => x.database === database && x.label.endsWith('(baseline)'));
  const lines = [
    `## Patient summary, timeline and $everything`,
    '',
    `One citizen with ${options.years} years of history (${loaded.map((l) => `${l.resources} resources on ${l.database}`).join(', ')}),`,
    `loaded through the API as an import would; requests one at a time after 10 warm-up requests. Server time is the`,
    `operation's Server-Timing header; CPU is this process's CPU time per request (on PGlite it includes the database).`,
    `The plain read of the same Patient is the baseline measured in the same run.`,
    '',
    '| database | request | n | server p50 | p95 | p99 ms | round trip p50 | p95 | p99 ms | CPU p50 ms | round trip ÷ baseline | bar |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...cases.map((r) => {
      const base = baselineOf(r.database);
      const ratio = base && base !== r ? (r.roundTrip.p50 / base.roundTrip.p50).toFixed(1) : '';
      const bar = r.label.startsWith('$summary as the GP')
        ? `${r.server.p50 <= SUMMARY_BAR_MS ? '✔' : '✘'} p50 ≤ ${SUMMARY_BAR_MS} ms, ${r.server.p95 <= SUMMARY_BAR_MS ? '✔' : '✘'} p95`
        : '';
      return `| ${r.database} | ${r.label} | ${r.requests} | ${fmt(r.server)} | ${fmt(r.roundTrip)} | ${r.cpu.p50.toFixed(1)} | ${ratio} | ${bar} |`;
    }),
    '',
  ];
  return writeResults('summary', {
    markdown: lines.join('\n'),
    json: { ...options, loaded, cases },
    elapsedSeconds: (Date.now() - started) / 1000,
  });
}
