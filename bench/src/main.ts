import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCheckSuite } from './check-suite.ts';
import { runCoreSuite } from './core-suite.ts';
import { RESULTS_DIR, type SuiteReport } from './results.ts';
import { runSeedSuite } from './seed-suite.ts';
import { runSummarySuite } from './summary-suite.ts';

/**
 * `npm run bench`: every suite, one after the other, each on PGlite and PostgreSQL, each with its baseline
 * measured in the same run (the machines are noisy). `--suite core,summary` picks suites, `--quick` makes a
 * smoke run. The report goes to stdout and bench/results/latest.md (charts beside it as SVG).
 */
const SUITES = ['core', 'summary', 'check', 'seed'] as const;
type Suite = (typeof SUITES)[number];

const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    quick: { type: 'boolean' },
    databases: { type: 'string' },
    patients: { type: 'string' },
    observations: { type: 'string' },
    seconds: { type: 'string' },
    runs: { type: 'string' },
    workloads: { type: 'string' },
    citizens: { type: 'string' },
    years: { type: 'string' },
    iterations: { type: 'string' },
    interactions: { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  process.stdout.write(`npm run bench [-- options]
  --suite core,summary,check,seed   suites to run (default: all)
  --quick                           a short smoke run of each suite
  --databases pglite,postgres       databases (default: both; PostgreSQL from BENCH_DATABASE_URL,
                                    default postgres://root@127.0.0.1:5432/test)
  core:    --patients N --observations N --seconds N --runs N --workloads read,create,...
  summary: --iterations N --years N
  check:   --interactions N
  seed:    --citizens 1000,100000 --years N --seconds N
`);
  process.exit(0);
}

const quick = values.quick === true;
const suites = (values.suite?.split(',') ?? [...SUITES]) as Suite[];
const unknown = suites.filter((s) => !SUITES.includes(s));
if (unknown.length > 0) {
  process.stderr.write(`Unknown suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')}.\n`);
  process.exit(2);
}
const databases = (values.databases ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://root@127.0.0.1:5432/test';
const num = (value: string | undefined, full: number, short: number): number =>
  value !== undefined ? Number(value) : quick ? short : full;

const started = Date.now();
const reports: SuiteReport[] = [];
for (const [index, suite] of suites.entries()) {
  process.stderr.write(`\n=== ${index + 1}/${suites.length}: ${suite} suite ===\n`);
  switch (suite) {
    case 'core':
      reports.push(
        await runCoreSuite({
          databases,
          adminUrl,
          patients: num(values.patients, 2000, 200),
          perPatient: num(values.observations, 10, 10),
          seconds: num(values.seconds, 5, 2),
          runs: num(values.runs, 3, 1),
          ...(values.workloads ? { workloads: values.workloads.split(',') } : {}),
        }),
      );
      break;
    case 'summary':
      reports.push(
        await runSummarySuite({
          databases,
          adminUrl,
          iterations: num(values.iterations, 200, 30),
          years: num(values.years, 5, 5),
        }),
      );
      break;
    case 'check':
      reports.push(
        await runCheckSuite({ interactions: num(values.interactions, 6000, 6000), runs: quick ? 100 : 1000 }),
      );
      break;
    case 'seed':
      reports.push(
        await runSeedSuite({
          quick,
          databases,
          adminUrl,
          ...(values.citizens ? { citizens: values.citizens.split(',').map(Number) } : {}),
          ...(values.years ? { years: Number(values.years) } : {}),
          ...(values.seconds ? { seconds: Number(values.seconds) } : {}),
        }),
      );
      break;
  }
}

const report = `# Akson benchmark ${new Date().toISOString()}

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}; load generator on the same
machine. Suites: ${reports.map((r) => `${r.name} (${r.elapsedSeconds.toFixed(0)} s)`).join(', ')}.

${reports.map((r) => r.markdown).join('\n')}`;
writeFileSync(`${RESULTS_DIR}latest.md`, report);
process.stdout.write(
  `\n${report}\nWritten to bench/results/latest.md and ${reports.flatMap((r) => r.files).join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`,
);
