import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnBenchServer, stopBenchServer } from './bench-process.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load-generator.ts';
import { writeResults, type SuiteReport } from './results.ts';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.ts';

/**
 * The seeding suite (`npm run bench -- --suite seed`): how fast `akson seed` loads a population on PGlite and
 * PostgreSQL, and how search latency grows from a small to a large population (typical clinical searches as
 * the demo users, access control and audit on, one client so the numbers are latencies, not queueing).
 */

export interface SeedSuiteOptions {
  readonly quick: boolean;
  readonly databases: readonly ('pglite' | 'postgres')[];
  /** Population sizes; PGlite seeds only the smallest (its rate is the same, and its use is the demo). */
  readonly citizens?: readonly number[];
  readonly years?: number;
  readonly seconds?: number;
  readonly adminUrl: string;
}

/** Agder: Lillesand (the demo users' municipality) and its neighbours, spread by population. */
const MUNICIPALITIES = ['4215', '4204', '4203', '4202'];
const SCRATCH_DATABASE = 'akson_bench_seed';
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly tokens: { gp: string; nurse: string; system: string };
  readonly seeding: { citizens: number; resources: number; seconds: number };
}

interface SeedRow {
  readonly database: 'pglite' | 'postgres';
  readonly citizens: number;
  readonly seededCitizens: number;
  readonly resources: number;
  readonly seconds: number;
}

interface LatencyRow {
  readonly database: 'pglite' | 'postgres';
  readonly citizens: number;
  readonly search: string;
  readonly result: LoadResult;
}

interface Samples {
  readonly fnrs: string[];
  readonly surnames: string[];
  readonly homeCarePatients: string[];
}

const serverScript = fileURLToPath(new URL('./seed-bench-server.ts', import.meta.url));

export async function runSeedSuite(options: SeedSuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const sizes = options.citizens ?? (options.quick ? [1000, 10_000] : [1000, 100_000]);
  const years = options.years ?? 1;
  const seconds = options.seconds ?? (options.quick ? 2 : 5);
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  const seeding: SeedRow[] = [];
  const latency: LatencyRow[] = [];
  for (const database of options.databases) {
    for (const citizens of database === 'pglite' ? sizes.slice(0, 1) : sizes) {
      process.stderr.write(
        `\n${database}, ${citizens.toLocaleString('en')} citizens (${years} years of history)\n`,
      );
      const url =
        database === 'postgres' ? await createScratchDatabase(options.adminUrl, SCRATCH_DATABASE) : undefined;
      let server: Started;
      try {
        server = await start(
          database,
          { municipalities: MUNICIPALITIES, citizens, years, seed: '42', now },
          url,
        );
      } catch (err) {
        process.stderr.write(`  skipped: ${String(err)}\n`);
        continue;
      }
      const s = server.seeding;
      seeding.push({
        database,
        citizens,
        seededCitizens: s.citizens,
        resources: s.resources,
        seconds: s.seconds,
      });
      process.stderr.write(
        `  seeded ${s.resources.toLocaleString('en')} resources in ${s.seconds.toFixed(1)} s (${Math.round(s.resources / s.seconds)}/s)\n`,
      );
      const samples = await collectSamples(server);
      for (const search of searches(server, samples, now)) {
        const result = await runLoad({
          origin: `http://127.0.0.1:${server.port}`,
          concurrency: 1,
          durationMs: seconds * 1000,
          expectStatus: 200,
          next: search.next,
        });
        latency.push({ database, citizens, search: search.label, result });
        process.stderr.write(
          `  ${search.label.padEnd(44)} p50 ${result.p50.toFixed(1)}  p95 ${result.p95.toFixed(1)}  p99 ${result.p99.toFixed(1)} ms  (${result.requests} requests${result.errors ? `, ${result.errors} errors: ${result.firstError}` : ''})\n`,
        );
      }
      await stopBenchServer(server.child);
      if (url) await dropScratchDatabase(options.adminUrl, SCRATCH_DATABASE);
    }
  }
  return writeResults('seed', {
    markdown: `${markdown(seeding, latency, sizes, years)}\n![Search latency by population](seed-latest.svg)\n`,
    json: { years, sizes, seeding, latency },
    svg: chart(latency, sizes),
    elapsedSeconds: (Date.now() - started) / 1000,
  });
}

async function start(
  database: 'pglite' | 'postgres',
  options: Record<string, unknown>,
  url: string | undefined,
): Promise<Started> {
  const { child, ready } = await spawnBenchServer<Omit<Started, 'child'>>(serverScript, [
    database,
    JSON.stringify(options),
    ...(url ? [url] : []),
  ]);
  return { child, ...ready };
}

/** Who and what to search for, found through the API as the integration client. */
async function collectSamples(server: Started): Promise<Samples> {
  const get = async <T>(path: string): Promise<T[]> => {
    const res = await fetch(`http://127.0.0.1:${server.port}/fhir/${path}`, {
      headers: { authorization: `Bearer ${server.tokens.system}`, accept: 'application/fhir+json' },
    });
    const bundle = (await res.json()) as { entry?: { resource: T }[] };
    return (bundle.entry ?? []).map((e) => e.resource);
  };
  const patients = await get<{
    identifier?: { system?: string; value?: string }[];
    name?: { family?: string }[];
  }>('Patient?general-practitioner=Organization/lillesand-legekontor&_count=200');
  const episodes = await get<{ patient?: { reference?: string } }>(
    'EpisodeOfCare?organization=Organization/hjemmesykepleien-nord&status=active&_count=200',
  );
  return {
    fnrs: patients.flatMap(
      (p) => p.identifier?.filter((i) => i.system === FNR).map((i) => i.value ?? '') ?? [],
    ),
    surnames: [...new Set(patients.map((p) => p.name?.[0]?.family ?? '').filter(Boolean))],
    homeCarePatients: episodes.map((e) => e.patient?.reference?.split('/')[1] ?? '').filter(Boolean),
  };
}

function searches(
  server: Started,
  samples: Samples,
  today: string,
): { label: string; next: (i: number) => LoadRequest }[] {
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/fhir+json' });
  const pick = <T>(list: readonly T[], i: number): T => list[(i * 7919) % Math.max(1, list.length)] as T;
  const daysAgo = (n: number) =>
    new Date(Date.parse(`${today}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      label: 'Patient by identifier (GP)',
      next: (i) => ({
        method: 'GET',
        path: `/fhir/Patient?identifier=${encodeURIComponent(`${FNR}|${pick(samples.fnrs, i)}`)}`,
        headers: headers(server.tokens.gp),
      }),
    },
    {
      label: 'Patient by name (GP)',
      next: (i) => ({
        method: 'GET',
        path: `/fhir/Patient?name=${encodeURIComponent(pick(samples.surnames, i))}&_count=20`,
        headers: headers(server.tokens.gp),
      }),
    },
    {
      label: 'Observation by patient and date (home care)',
      next: (i) => ({
        method: 'GET',
        path: `/fhir/Observation?patient=${pick(samples.homeCarePatients, i)}&date=ge${daysAgo(30)}&_count=50`,
        headers: headers(server.tokens.nurse),
      }),
    },
    {
      label: 'Encounter by service provider and date (GP)',
      next: () => ({
        method: 'GET',
        path: `/fhir/Encounter?service-provider=Organization/lillesand-legekontor&date=ge${daysAgo(7)}&date=lt${today}&_count=20`,
        headers: headers(server.tokens.gp),
      }),
    },
  ];
}

function markdown(
  seeding: readonly SeedRow[],
  latency: readonly LatencyRow[],
  sizes: readonly number[],
  years: number,
): string {
  const lines = [
    `## Seeding and search latency by population size`,
    '',
    `\`akson seed\` into an empty database: municipalities ${MUNICIPALITIES.join(', ')} (spread by population),`,
    `${years} year(s) of history, plus the demo scenarios in Lillesand. Server and load generator on the same machine.`,
    '',
    '| database | citizens | resources | seconds | resources/s |',
    '|---|---:|---:|---:|---:|',
    ...seeding.map(
      (r) =>
        `| ${r.database} | ${r.seededCitizens.toLocaleString('en')} | ${r.resources.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(r.resources / r.seconds).toLocaleString('en')} |`,
    ),
    '',
    '### Search latency (one client, as the demo GP and home-care nurse, access control and audit on)',
    '',
    '| database | citizens | search | p50 ms | p95 ms | p99 ms | requests | errors |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
    ...latency.map(
      (r) =>
        `| ${r.database} | ${r.citizens.toLocaleString('en')} | ${r.search} | ${r.result.p50.toFixed(1)} | ${r.result.p95.toFixed(1)} | ${r.result.p99.toFixed(1)} | ${r.result.requests} | ${r.result.errors} |`,
    ),
  ];
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  if (small !== undefined && large !== undefined && large !== small) {
    lines.push(
      '',
      `### Latency at ${large.toLocaleString('en')} citizens relative to ${small.toLocaleString('en')}`,
      '',
      '| database | search | p50 ratio | p95 ratio | p99 ratio |',
      '|---|---|---:|---:|---:|',
    );
    for (const r of latency.filter((x) => x.citizens === large)) {
      const base = latency.find(
        (x) => x.citizens === small && x.database === r.database && x.search === r.search,
      );
      if (!base) continue;
      const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
      lines.push(
        `| ${r.database} | ${r.search} | ${ratio(r.result.p50, base.result.p50)} | ${ratio(r.result.p95, base.result.p95)} | ${ratio(r.result.p99, base.result.p99)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** p50 latency per search and population size (PostgreSQL where measured, else PGlite). */
function chart(latency: readonly LatencyRow[], sizes: readonly number[]): string {
  const searchesMeasured = [...new Set(latency.map((r) => r.search))];
  const colors = ['#8db7de', '#1f5f99', '#0b2f55'];
  const rowFor = (search: string, citizens: number) =>
    latency.find((r) => r.search === search && r.citizens === citizens && r.database === 'postgres') ??
    latency.find((r) => r.search === search && r.citizens === citizens);
  const max = Math.max(1, ...latency.map((r) => r.result.p50));
  const barW = 22;
  const groupW = sizes.length * barW + 40;
  const height = 280;
  const width = 80 + searchesMeasured.length * groupW;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 100}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="18" font-size="14">Akson search latency, p50 ms (lower is better), by population size</text>`,
  ];
  searchesMeasured.forEach((search, gi) => {
    const x0 = 60 + gi * groupW;
    sizes.forEach((citizens, si) => {
      const r = rowFor(search, citizens);
      if (!r) return;
      const h = (r.result.p50 / max) * (height - 60);
      parts.push(
        `<rect x="${x0 + si * barW}" y="${height - h}" width="${barW - 2}" height="${h}" fill="${colors[si % colors.length]}"><title>${search}, ${citizens} citizens (${r.database}): p50 ${r.result.p50.toFixed(1)} ms, p95 ${r.result.p95.toFixed(1)} ms</title></rect>`,
      );
    });
    parts.push(`<text x="${x0}" y="${height + 16}">${search.replace(/ \(.*\)$/, '')}</text>`);
  });
  sizes.forEach((citizens, i) =>
    parts.push(
      `<rect x="60" y="${height + 34 + i * 16}" width="10" height="10" fill="${colors[i % colors.length]}"/><text x="76" y="${height + 43 + i * 16}">${citizens.toLocaleString('en')} citizens</text>`,
    ),
  );
  parts.push('</svg>');
  return parts.join('\n');
}
