import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Municipality } from '@akson/clinical';
import { analyzeAfterBulkLoad, readCurrent, storedIdentifierValues } from '@akson/store';
import { IDENTIFIER_SYSTEMS } from '@akson/fhir';
import type { FastifyInstance } from 'fastify';
import { DEMO_CITIZENS, DEMO_MUNICIPALITY, DEMO_STAFF } from '../demo/demo-municipality.ts';
import { citizenPid, directoryResources, staffPid } from '../demo/directory-resources.ts';
import { seedDirectory } from '../demo/seed-directory.ts';
import { CareSetting } from './care-setting.ts';
import type { CitizenInputs } from './citizen-record.ts';
import { MunicipalityState } from './municipality-state.ts';
import { AddressSampler } from './population/addresses.ts';
import { municipalityPopulation } from './population/municipality-population.ts';
import { NameSampler } from './population/name-sampler.ts';
import { NationalIdAllocator } from './population/national-ids.ts';
import { Random } from './random.ts';
import type { CitizenRecord } from './record-builder.ts';
import { referenceData, type ReferenceData } from './reference-data.ts';
import { DEMO_KOMMUNENUMMER, municipalityRegister } from './register/municipality-register.ts';
import { registerResources } from './register/register-resources.ts';
import {
  lillesandScenarios,
  SCENARIO_CITIZENS,
  SCENARIO_ROUND_STAFF,
  SCENARIO_WARD_PLACES,
} from './scenarios/index.ts';
import { SeedClock } from './seed-clock.ts';
import { isValidSeed, spreadCitizens, type SeedOptions } from './seed-options.ts';
import { markerExists, runMarkerId, SCENARIOS_MARKER_ID, seedMarker } from './writer/seed-marker.ts';
import { SeedWriter, type PreparedBatch } from './writer/seed-writer.ts';

export interface SeedProgress {
  readonly phase: 'register' | 'citizens';
  readonly municipality: string;
  readonly citizens: number;
  readonly totalCitizens: number;
  readonly resources: number;
}

export interface SeedReport {
  readonly municipalities: number;
  readonly citizens: number;
  readonly resources: number;
  readonly byType: ReadonlyMap<string, number>;
  readonly seconds: number;
  readonly scenarios: boolean;
}

/** Thrown when the population of this seed is already in the database (the caller says so and stops). */
export class SeedAlreadyLoaded extends Error {
  override name = 'SeedAlreadyLoaded';
}

/** Resources per transaction: big enough for fast inserts, small enough that a failure loses little. */
const BATCH_RESOURCES = 4000;

/** Transactions writing at once on PostgreSQL (each on its own connection; the pool has more). */
const PARALLEL_WRITES = 2;

/** What one run shares across municipalities: the inputs, the generators' global state, the tallies. */
interface SeedRun {
  readonly app: FastifyInstance;
  readonly options: SeedOptions;
  readonly data: ReferenceData;
  readonly clock: SeedClock;
  readonly root: Random;
  readonly names: NameSampler;
  readonly ids: NationalIdAllocator;
  readonly writer: SeedWriter;
  readonly onProgress: (progress: SeedProgress) => void;
  readonly totalCitizens: number;
  readonly byType: Map<string, number>;
  resources: number;
  citizens: number;
}

/**
 * Seeds a synthetic population: for each municipality its register (units, staff, roles), then its citizens
 * household by household with their records, written in batches through the bulk path. In the demo
 * municipality the fixed demo register is completed and the scenarios' content is written first (once).
 */
export async function seedPopulation(
  app: FastifyInstance,
  options: SeedOptions,
  onProgress: (progress: SeedProgress) => void = () => undefined,
): Promise<SeedReport> {
  const started = performance.now();
  if (!isValidSeed(options.seed)) throw new RangeError(`Not a usable seed: ${options.seed}`);
  const db = app.akson.access.db;
  const data = await referenceData();
  const chosen = chosenMunicipalities(data, options);
  if (await markerExists(db, runMarkerId(options.seed))) {
    throw new SeedAlreadyLoaded(`A population with seed ${options.seed} is already in this database.`);
  }
  const withScenarios =
    chosen.some((m) => m.number === DEMO_KOMMUNENUMMER) && !(await markerExists(db, SCENARIOS_MARKER_ID));
  const clock = new SeedClock(options.now, app.akson.service.config.timeZone);
  const run: SeedRun = {
    app,
    options,
    data,
    clock,
    root: new Random(options.seed),
    names: new NameSampler(data.names),
    ids: new NationalIdAllocator([
      ...DEMO_CITIZENS.map(citizenPid),
      ...DEMO_STAFF.map(staffPid),
      // Another population in the same database keeps its numbers: no two people share one.
      ...(await storedIdentifierValues(db, 'Patient', IDENTIFIER_SYSTEMS.fnr)),
      ...(await storedIdentifierValues(db, 'Practitioner', IDENTIFIER_SYSTEMS.fnr)),
    ]),
    writer: new SeedWriter(app),
    onProgress,
    totalCitizens: options.citizens + (withScenarios ? SCENARIO_CITIZENS : 0),
    byType: new Map(),
    resources: 0,
    citizens: 0,
  };
  run.writer.register.add(directoryResources());
  const counts = spreadCitizens(chosen, options.citizens);
  for (const m of chosen) {
    const demo = m.number === DEMO_KOMMUNENUMMER;
    await seedMunicipality(run, m, counts.get(m.number) ?? 0, demo && withScenarios);
  }
  await writeMarkers(run, withScenarios);
  await analyzeAfterBulkLoad(db, run.byType.keys());
  return {
    municipalities: chosen.length,
    citizens: run.citizens,
    resources: run.resources,
    byType: run.byType,
    seconds: (performance.now() - started) / 1000,
    scenarios: withScenarios,
  };
}

function chosenMunicipalities(data: ReferenceData, options: SeedOptions): Municipality[] {
  const chosen = data.municipalities
    .filter((m) => options.municipalities === 'all' || options.municipalities.includes(m.number))
    .sort((a, b) => a.number.localeCompare(b.number));
  if (options.municipalities !== 'all') {
    const unknown = options.municipalities.filter((n) => !chosen.some((m) => m.number === n));
    if (unknown.length > 0) throw new RangeError(`Unknown kommunenummer: ${unknown.join(', ')}`);
  }
  return chosen;
}

/** One municipality: its register, then (in the demo municipality) the scenarios, then its population. */
async function seedMunicipality(
  run: SeedRun,
  m: Municipality,
  count: number,
  scenarios: boolean,
): Promise<void> {
  const { app, options, data, clock } = run;
  const demo = m.number === DEMO_KOMMUNENUMMER;
  if (demo && !(await readCurrent(app.akson.access.db, 'Organization', DEMO_MUNICIPALITY.id))) {
    await seedDirectory(app);
  }
  const random = run.root.fork(`municipality:${m.number}`);
  const postalCodes = data.postalCodes.get(m.number) ?? [];
  const register = municipalityRegister({
    municipality: m,
    postalCodes,
    citizens: count + (demo ? SCENARIO_CITIZENS : 0),
    names: run.names,
    ids: run.ids,
    random,
    today: clock.today,
    staffPrefix: `k${m.number}-s${options.seed}`,
  });
  const name = register.municipality.name;
  const progress = (phase: SeedProgress['phase']) =>
    run.onProgress({
      phase,
      municipality: name,
      citizens: run.citizens,
      totalCitizens: run.totalCitizens,
      resources: run.resources,
    });

  // The register predates the history.
  const recorded = clock.at(-Math.round(options.years * 365) - 30, 8 * 60);
  const registerItems = registerResources(register).map((resource) => ({ resource, recorded }));
  run.writer.register.add(registerItems.map((i) => i.resource));
  progress('register');
  run.resources += await run.writer.writeResources(registerItems, `Akson seed: register for ${name}`);
  for (const { resource } of registerItems) count1(run.byType, resource.resourceType);

  const setting = new CareSetting(register);
  const inputs: CitizenInputs = {
    setting,
    municipality: new MunicipalityState(
      setting,
      count,
      demo ? { reservedWardPlaces: SCENARIO_WARD_PLACES, offRoute: SCENARIO_ROUND_STAFF } : {},
    ),
    clock,
    codes: data.codes,
    safety: data.safety,
    years: options.years,
    writer: run.writer.writer,
  };
  const addresses = new AddressSampler(postalCodes, {
    postalCode: register.municipality.postalCode,
    city: register.municipality.city,
  });
  const batches = new BatchPipeline(
    run.writer,
    (batch) => {
      run.resources += batch.written;
      run.citizens += batch.citizens;
      for (const [type, n] of batch.byType) run.byType.set(type, (run.byType.get(type) ?? 0) + n);
      progress('citizens');
    },
    app.akson.access.db.kind === 'postgres' ? PARALLEL_WRITES : 1,
  );
  if (scenarios) {
    // The scenarios' own stream: the named citizens' records are the same whatever the seed.
    const records = lillesandScenarios({
      citizen: inputs,
      names: run.names,
      ids: run.ids,
      addresses,
      random: new Random('lillesand-scenarios'),
    });
    await batches.add(records, 'Akson seed: scenarioinnhold');
  }
  const population = municipalityPopulation({
    citizen: inputs,
    names: run.names,
    addresses,
    ids: run.ids,
    random,
    kommunenummer: m.number,
    count,
  });
  let pending: CitizenRecord[] = [];
  let pendingResources = 0;
  for (const record of population) {
    pending.push(record);
    pendingResources += record.resources.length;
    if (pendingResources >= BATCH_RESOURCES) {
      await batches.add(pending, 'Akson seed: syntetisk befolkning');
      pending = [];
      pendingResources = 0;
    }
    // Let an ongoing write move on while the next batch is generated.
    if (pending.length % 16 === 0) await nextTurn();
  }
  await batches.add(pending, 'Akson seed: syntetisk befolkning');
  await batches.finish();
}

/** The run's marker (and the scenarios' marker), written last: their presence means the run completed. */
async function writeMarkers(run: SeedRun, scenarios: boolean): Promise<void> {
  const { options, clock } = run;
  const written = { citizens: run.citizens, resources: run.resources };
  const markers = [
    seedMarker(
      runMarkerId(options.seed),
      { code: 'seed-run', display: 'Syntetisk befolkning' },
      options,
      written,
      clock.now,
    ),
    ...(scenarios
      ? [
          seedMarker(
            SCENARIOS_MARKER_ID,
            { code: 'seed-scenarios', display: 'Demoens scenarioer' },
            options,
            written,
            clock.now,
          ),
        ]
      : []),
  ];
  await run.writer.writeResources(
    markers.map((resource) => ({ resource, recorded: clock.now })),
    'Akson seed: ferdig',
  );
}

function count1(byType: Map<string, number>, type: string): void {
  byType.set(type, (byType.get(type) ?? 0) + 1);
}

type BatchDone = (batch: { written: number; citizens: number; byType: Map<string, number> }) => void;

/**
 * Prepares the next batch while earlier ones are being written: PostgreSQL inserts and maintains its indexes on
 * its own cores while the seeder builds the next batch, with up to `parallel` transactions at once (each on its
 * own connection and audit lane). The embedded database has one connection: one write at a time.
 */
class BatchPipeline {
  readonly #writer: SeedWriter;
  readonly #done: BatchDone;
  readonly #parallel: number;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(writer: SeedWriter, done: BatchDone, parallel: number) {
    this.#writer = writer;
    this.#done = done;
    this.#parallel = parallel;
  }

  async add(records: readonly CitizenRecord[], description: string): Promise<void> {
    if (records.length === 0) return;
    const prepared = await this.#writer.prepare(records);
    while (this.#inFlight.size >= this.#parallel) await Promise.race(this.#inFlight);
    const write = this.#write(prepared, description, records.length);
    this.#inFlight.add(write);
    write.then(
      () => this.#inFlight.delete(write),
      () => undefined,
    );
  }

  /** Waits for every write; the first failure is thrown. */
  async finish(): Promise<void> {
    const writes = [...this.#inFlight];
    this.#inFlight.clear();
    await Promise.all(writes);
  }

  async #write(prepared: PreparedBatch, description: string, citizens: number): Promise<void> {
    const written = await this.#writer.write(prepared, description);
    const byType = new Map<string, number>();
    for (const v of prepared.versions) count1(byType, v.type);
    this.#done({ written, citizens, byType });
  }
}
