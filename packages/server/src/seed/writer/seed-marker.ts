import { readCurrent, type Queryable } from '@akson/store';
import type { SeedOptions } from '../seed-options.ts';
import type { FhirResource } from '../record-builder.ts';

/**
 * A seeding run leaves a marker in the database: a Basic resource naming the run (seed, municipalities, size,
 * reference date, what was written). `akson serve --demo` seeds the demo only when the scenarios' marker is
 * missing, and `akson seed` refuses to load the same seed twice (an interrupted run, which has no marker yet,
 * is resumed instead: what it wrote is skipped).
 */
export const SEED_MARKER_SYSTEM = 'https://akson.no/fhir/CodeSystem/platform-record';
export const SEED_RUN_EXTENSION = 'https://akson.no/fhir/StructureDefinition/seed-run';
export const SCENARIOS_MARKER_ID = 'akson-seed-scenarios';

export function runMarkerId(seed: string): string {
  return `akson-seed-run-${seed}`;
}

export async function markerExists(q: Queryable, id: string): Promise<boolean> {
  const row = await readCurrent(q, 'Basic', id);
  return row !== undefined && !row.deleted;
}

export function seedMarker(
  id: string,
  what: { code: 'seed-run' | 'seed-scenarios'; display: string },
  options: SeedOptions,
  written: { citizens: number; resources: number },
  recorded: string,
): FhirResource {
  const municipalities = options.municipalities === 'all' ? 'all' : options.municipalities.join(',');
  return {
    resourceType: 'Basic',
    id,
    extension: [
      {
        url: SEED_RUN_EXTENSION,
        extension: [
          { url: 'seed', valueString: options.seed },
          { url: 'municipalities', valueString: municipalities },
          { url: 'citizens', valueInteger: written.citizens },
          { url: 'resources', valueInteger: written.resources },
          { url: 'years', valueDecimal: options.years },
          { url: 'now', valueDate: options.now },
        ],
      },
    ],
    code: { coding: [{ system: SEED_MARKER_SYSTEM, code: what.code, display: what.display }] },
    created: recorded.slice(0, 10),
  };
}
