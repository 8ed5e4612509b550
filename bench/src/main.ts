import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openPostgres } from '@akson/store';
import { medianResult, runLoad, type LoadResult } from './load-generator.ts';
import { accessCost, chart, table, type Row } from './report.ts';
import { runSeedSuite } from './seed-suite.ts';
import { WORKLOADS, type ServerInfo } from './workloads.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    patients: { type: 'string' },
    observations: { type: 'string' },
    seconds: { type: 'string' },
    runs: { type: 'string' },
    databases: { type: 'string' },
    workloads: { type: 'string' },
    suite: { type: 'string' },
    citizens: { type: 'string' },
    years: { type: 'string' },
  },
});
const quick = values.quick === true;
const patients = Number(values.patients ?? (quick ? 200 : 2000));
const perPatient = Number(values.observations ?? 10);
const seconds = Number(values.seconds ?? (quick ? 2 : 5));
const runs = Number(values.runs ?? (quick ? 1 : 3));
const databases = (values.databases ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const wanted = values.workloads?.split(',');
// eslint-disable-next-line no-restricted-properties -- the benchmark is a command, like the CLI
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://root@127.0.0.1:5432/test';
const serverScript = fileURLToPath(new URL('./bench-server.ts', import.meta.url));

if (values.suite === 'seed') {
  // Seeding rate and search latency by population size (bench/src/seed-suite.ts).
  await runSeedSuite({
    quick,
    databases,
    adminUrl,
    ...(values.citizens ? { citizens: values.citizens.split(',').map(Number) } : {}),
    ...(values.years ? { years: Number(values.years) } : {}),
    ...(values.seconds ? { seconds } : {}),
  });
  process.exit(0);
}

async function postgresDatabase(name: string): Promise<string> {
  const admin = await openPostgres({ connectionString: adminUrl, poolSize: 1, statementTimeoutMs: 0 });
  await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function startBenchServer(
  kind: 'pglite' | 'postgres',
  mode: 'secured' | 'open',
): Promise<{ info: ServerInfo; child: ChildProcess }> {
  const url = kind === 'postgres' ? await postgresDatabase(`akson_bench_${mode}`) : undefined;
  const child = spawn(
    process.execPath,
    [serverScript, kind, mode, String(patients), String(perPatient), ...(url ? [url] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const ready = JSON.parse(line) as ServerInfo & { data: { seconds: number; resources: number } };
  process.stderr.write(
    `  ${kind}/${mode}: seeded ${ready.data.resources} resources in ${ready.data.seconds.toFixed(1)} s (${(ready.data.resources / ready.data.seconds).toFixed(0)}/s)\n`,
  );
  return { info: ready, child };
}

const rows: Row[] = [];
const started = Date.now();
for (const database of databases) {
  for (const mode of ['secured', 'open'] as const) {
    process.stderr.write(`\n${database}, access control and audit ${mode === 'secured' ? 'on' : 'off'}\n`);
    let server: { info: ServerInfo; child: ChildProcess };
    try {
      server = await startBenchServer(database, mode);
    } catch (err) {
      process.stderr.write(`  skipped: ${String(err)}\n`);
      continue;
    }
    for (const w of WORKLOADS.filter((x) => !wanted || wanted.includes(x.name))) {
      const results: LoadResult[] = [];
      for (let run = 0; run < runs; run++) {
        results.push(
          await runLoad({
            origin: `http://127.0.0.1:${server.info.port}`,
            concurrency: w.concurrency,
            durationMs: seconds * 1000,
            expectStatus: w.expectStatus,
            next: (i) => w.next(server.info, i + run * 100_000),
          }),
        );
      }
      const result = medianResult(results);
      rows.push({ database, mode, workload: w.name, label: w.label, result });
      process.stderr.write(
        `  ${w.label.padEnd(48)} ${result.throughput.toFixed(0).padStart(6)}/s  p50 ${result.p50.toFixed(1)}  p95 ${result.p95.toFixed(1)}  p99 ${result.p99.toFixed(1)} ms${result.errors ? `  ${result.errors} errors: ${result.firstError}` : ''}\n`,
      );
    }
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
}

const report = `## Benchmark ${new Date().toISOString()}

${patients} patients × ${perPatient} observations, ${runs} run(s) of ${seconds} s per workload (median), 16 concurrent clients
(1 for transactions), load generator on the same machine.

${table(rows)}

### Cost of access control and audit (same run)

${accessCost(rows)}
`;
const outDir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.md`, report);
writeFileSync(`${outDir}latest.json`, JSON.stringify({ patients, perPatient, seconds, runs, rows }, null, 2));
writeFileSync(`${outDir}latest.svg`, chart(rows));
process.stdout.write(
  `\n${report}\nWritten to bench/results/latest.{md,json,svg} in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`,
);
