import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnBenchServer, stopBenchServer } from './bench-process.ts';
import { medianResult, runLoad, type LoadResult } from './load-generator.ts';
import { accessCost, chart, table, type Row } from './report.ts';
import { writeResults, type SuiteReport } from './results.ts';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.ts';
import { WORKLOADS, type ServerInfo } from './workloads.ts';

/**
 * The core suite: read by id, search by identifier, search by date range and patient, create, and a
 * 100-entry transaction, with 16 concurrent clients (1 for transactions), on PGlite and PostgreSQL, each with
 * access control and audit on (the product) and off (the baseline measured in the same run).
 */
export interface CoreSuiteOptions {
  readonly databases: readonly ('pglite' | 'postgres')[];
  readonly adminUrl: string;
  readonly patients: number;
  readonly perPatient: number;
  readonly seconds: number;
  readonly runs: number;
  readonly workloads?: readonly string[];
}

const serverScript = fileURLToPath(new URL('./bench-server.ts', import.meta.url));

type Ready = ServerInfo & { data: { seconds: number; resources: number } };

async function startBenchServer(
  options: CoreSuiteOptions,
  kind: 'pglite' | 'postgres',
  mode: 'secured' | 'open',
): Promise<{ info: ServerInfo; child: ChildProcess; database?: string }> {
  const database = kind === 'postgres' ? `akson_bench_${mode}` : undefined;
  const url = database ? await createScratchDatabase(options.adminUrl, database) : undefined;
  const { child, ready } = await spawnBenchServer<Ready>(serverScript, [
    kind,
    mode,
    String(options.patients),
    String(options.perPatient),
    ...(url ? [url] : []),
  ]);
  process.stderr.write(
    `  ${kind}/${mode}: seeded ${ready.data.resources} resources in ${ready.data.seconds.toFixed(1)} s (${(ready.data.resources / ready.data.seconds).toFixed(0)}/s)\n`,
  );
  return { info: ready, child, ...(database ? { database } : {}) };
}

export async function runCoreSuite(options: CoreSuiteOptions): Promise<SuiteReport> {
  const rows: Row[] = [];
  const started = Date.now();
  for (const database of options.databases) {
    for (const mode of ['secured', 'open'] as const) {
      process.stderr.write(`\n${database}, access control and audit ${mode === 'secured' ? 'on' : 'off'}\n`);
      let server: Awaited<ReturnType<typeof startBenchServer>>;
      try {
        server = await startBenchServer(options, database, mode);
      } catch (err) {
        process.stderr.write(`  skipped: ${String(err)}\n`);
        continue;
      }
      try {
        for (const w of WORKLOADS.filter((x) => !options.workloads || options.workloads.includes(x.name))) {
          const results: LoadResult[] = [];
          for (let run = 0; run < options.runs; run++) {
            results.push(
              await runLoad({
                origin: `http://127.0.0.1:${server.info.port}`,
                concurrency: w.concurrency,
                durationMs: options.seconds * 1000,
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
      } finally {
        await stopBenchServer(server.child);
        if (server.database) await dropScratchDatabase(options.adminUrl, server.database);
      }
    }
  }
  const markdown = `## Core workloads

${options.patients} patients × ${options.perPatient} observations, ${options.runs} run(s) of ${options.seconds} s per
workload (median run), 16 concurrent clients (1 for transactions), load generator on the same machine.

${table(rows)}

### Cost of access control and audit (same run)

${accessCost(rows)}

![Core workloads](core-latest.svg)
`;
  return writeResults('core', {
    markdown,
    json: { ...options, seconds: options.seconds, rows },
    svg: chart(rows),
    elapsedSeconds: (Date.now() - started) / 1000,
  });
}
