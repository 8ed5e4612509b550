import {
  buildApp,
  demoSeedOptions,
  isValidSeed,
  markerExists,
  SCENARIOS_MARKER_ID,
  SEED_SIZES,
  SeedAlreadyLoaded,
  seedPopulation,
  type AksonConfig,
  type SeedOptions,
  type SeedReport,
} from '@akson/server';
import { migrate, openDatabase } from '@akson/store';
import { Progress } from '../progress.ts';
import { configOrExit } from './load-config.ts';

export const seedHelp = `akson seed [--municipalities 4215,3301 | --all] [--citizens N | --size demo|small|medium|large]
           [--years 5] [--seed 42] [--now YYYY-MM-DD] [--data-dir DIR]
  Loads a synthetic population into the configured database (the embedded one, or DATABASE_URL): real
  municipalities with their units and staff, citizens with synthetic fødselsnumre (month + 80) and records
  of several years. The same seed, size and date give the same resources. Sizes: ${Object.entries(SEED_SIZES)
    .map(([name, n]) => `${name} ${n.toLocaleString('en')}`)
    .join(', ')} citizens
  (default demo). Municipalities default to 4215 (Lillesand, the demo municipality, with the scenarios);
  citizens are spread over them by population. --now is "today" in the record (default: today).`;

export interface SeedFlags {
  readonly municipalities?: string;
  readonly all?: boolean;
  readonly citizens?: string;
  readonly size?: string;
  readonly years?: string;
  readonly seed?: string;
  readonly now?: string;
  readonly 'data-dir'?: string;
}

export async function seed(flags: SeedFlags): Promise<void> {
  const config = configOrExit(flags['data-dir'] ? { AKSON_DATA_DIR: flags['data-dir'] } : {});
  const options = optionsOrExit(flags, config);
  const db = await openDatabase({
    url: config.database.url,
    dataDir: config.database.dataDir,
    poolSize: Math.max(2, config.database.poolSize),
    statementTimeoutMs: 0,
  });
  const where = config.database.url
    ? `PostgreSQL (${new URL(config.database.url).host})`
    : config.database.dataDir;
  try {
    const schema = new Progress('Database schema');
    await migrate(db, (e) => schema.update(e.done, e.total, e.phase));
    schema.done('up to date');
    const app = await buildApp(config, { db });
    try {
      process.stderr.write(
        `Seeding ${describe(options)} into ${where} (seed ${options.seed}, today = ${options.now}, ${options.years} years of history)\n`,
      );
      const progress = new Progress('Synthetic population');
      const report = await seedPopulation(app, options, (p) =>
        progress.update(
          p.citizens,
          p.totalCitizens,
          `${p.resources.toLocaleString('en')} resources, ${p.municipality}`,
        ),
      );
      progress.done(`${report.citizens.toLocaleString('en')} citizens`);
      process.stdout.write(summary(report));
    } finally {
      await app.close();
    }
  } catch (err) {
    if (err instanceof SeedAlreadyLoaded) {
      process.stderr.write(`${err.message} Choose another --seed, or seed into an empty database.\n`);
      process.exitCode = 2;
      return;
    }
    if (err instanceof RangeError) {
      // What the flags asked for does not exist (an unknown kommunenummer).
      process.stderr.write(`akson seed: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  } finally {
    await db.close();
  }
}

/** The options from the flags, or a usage message and exit code 2. */
export function optionsOrExit(flags: SeedFlags, config: AksonConfig): SeedOptions {
  const problems: string[] = [];
  if (flags.all && flags.municipalities) problems.push('give either --municipalities or --all, not both');
  const municipalities = flags.all
    ? ('all' as const)
    : (flags.municipalities ?? '4215').split(',').map((m) => m.trim());
  if (municipalities !== 'all' && municipalities.some((m) => !/^\d{4}$/.test(m))) {
    problems.push('--municipalities takes four-digit kommunenumre separated by commas, e.g. 4215,3301');
  }
  if (flags.citizens && flags.size) problems.push('give either --citizens or --size, not both');
  const size = flags.size ?? 'demo';
  if (!(size in SEED_SIZES)) problems.push(`--size is one of ${Object.keys(SEED_SIZES).join(', ')}`);
  const citizens =
    flags.citizens !== undefined ? Number(flags.citizens) : SEED_SIZES[size as keyof typeof SEED_SIZES];
  if (!Number.isInteger(citizens) || citizens < 0 || citizens > 10_000_000) {
    problems.push('--citizens is a whole number from 0 to 10000000');
  }
  const years = Number(flags.years ?? 5);
  if (!Number.isFinite(years) || years <= 0 || years > 30)
    problems.push('--years is a number of years from 0.1 to 30');
  const seedValue = flags.seed ?? '42';
  if (!isValidSeed(seedValue)) problems.push('--seed is 1-24 letters, digits or dashes');
  const now = flags.now ?? todayIn(config.timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now) || Number.isNaN(Date.parse(`${now}T00:00:00Z`))) {
    problems.push('--now is a date, YYYY-MM-DD');
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.map((p) => `akson seed: ${p}`).join('\n')}\n\n${seedHelp}\n`);
    process.exit(2);
  }
  return { municipalities, citizens, years, seed: seedValue, now };
}

/** Today's date where the record lives (the configured time zone), not where the machine's clock is set. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

function describe(options: SeedOptions): string {
  const where =
    options.municipalities === 'all'
      ? 'all municipalities'
      : options.municipalities.length === 1
        ? `municipality ${options.municipalities[0]}`
        : `municipalities ${options.municipalities.join(', ')}`;
  return `${options.citizens.toLocaleString('en')} citizens in ${where}`;
}

function summary(report: SeedReport): string {
  const rate = report.seconds > 0 ? Math.round(report.resources / report.seconds) : report.resources;
  const types = [...report.byType].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...types.map(([t]) => t.length), 8);
  return [
    '',
    `Seeded ${report.citizens.toLocaleString('en')} citizens in ${report.municipalities} municipalit${report.municipalities === 1 ? 'y' : 'ies'}${report.scenarios ? ' (with the demo scenarios)' : ''}:`,
    ...types.map(([type, n]) => `  ${type.padEnd(width)} ${n.toLocaleString('en').padStart(10)}`),
    `  ${'total'.padEnd(width)} ${report.resources.toLocaleString('en').padStart(10)} resources`,
    `in ${report.seconds.toFixed(1)} s, ${rate.toLocaleString('en')} resources/second.`,
    '',
  ].join('\n');
}

/**
 * The demo's data, loaded the first time `akson serve --demo` starts on an empty data folder: Lillesand with a
 * few hundred citizens and the scenarios, "today" being the day of that first start. Later starts find the
 * marker and skip it.
 */
export async function seedDemoOnFirstStart(
  app: Parameters<typeof seedPopulation>[0],
  config: AksonConfig,
): Promise<void> {
  if (await markerExists(app.akson.access.db, SCENARIOS_MARKER_ID)) return;
  const options = demoSeedOptions(todayIn(config.timeZone));
  process.stderr.write(
    `First start: loading the demo data (Lillesand, ${options.citizens} synthetic citizens and the scenarios of SCENARIOS.md, ${options.years} years of history). This happens once.\n`,
  );
  const progress = new Progress('Demo data');
  try {
    const report = await seedPopulation(app, options, (p) =>
      progress.update(p.citizens, p.totalCitizens, `${p.resources.toLocaleString('en')} resources`),
    );
    progress.done(
      `${report.citizens} citizens, ${report.resources.toLocaleString('en')} resources (${Math.round(report.resources / report.seconds).toLocaleString('en')}/s)`,
    );
  } catch (err) {
    if (!(err instanceof SeedAlreadyLoaded)) throw err;
    progress.done('already loaded');
  }
}
