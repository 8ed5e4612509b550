/**
 * The synthetic population: `akson seed`, and the demo `akson serve --demo` loads on its first start.
 *
 *   run-seed.ts        the run: municipalities in order, register, scenarios, population in batches, markers
 *   register/          units, staff and roles per municipality (the demo register completed, or generated)
 *   population/        households, names, addresses, synthetic fødselsnumre
 *   citizen-record.ts  one citizen's record from the pathways that fit their age and health
 *   pathways/          GP, emergency clinic, health station and school, home care, nursing home, mental health,
 *                      rehabilitation, pregnancy, vaccinations
 *   clinical/          FHIR builders following docs/record.md (notes, contacts, vital signs with NEWS2,
 *                      medication lines, allergies, care plans, tasks...) and the catalogues they draw from
 *   scenarios/         SCENARIOS.md's people in Lillesand: Ingrid, Per, Noah, Kari, Olav, the ward, Silje's round
 *   writer/            the bulk path (the store's prepareVersion and bulk inserts, the access module's labels,
 *                      relations and blocks, the audit chain) and the run markers
 *
 * Everything is drawn from one seeded generator and placed relative to the reference date, so the same seed,
 * sizes and date give the same resources, byte for byte.
 */
export { seedPopulation, SeedAlreadyLoaded } from './run-seed.ts';
export type { SeedProgress, SeedReport } from './run-seed.ts';
export { demoSeedOptions, isValidSeed, SEED_SIZES } from './seed-options.ts';
export type { SeedOptions, SeedSize } from './seed-options.ts';
export { markerExists, SCENARIOS_MARKER_ID } from './writer/seed-marker.ts';
