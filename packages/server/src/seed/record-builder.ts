import type { Random } from './random.ts';
import type { SeedClock } from './seed-clock.ts';

/** A FHIR resource as the seeder builds it (plain JSON, id assigned). */
export type FhirResource = Record<string, unknown> & { resourceType: string; id: string };

/** A resource and when it was recorded (its meta.lastUpdated: deterministic, never after the reference instant). */
export interface SeededResource {
  readonly resource: FhirResource;
  readonly recorded: string;
}

/** One citizen's seeded record: the Patient's id and every resource written for them, in writing order. */
export interface CitizenRecord {
  readonly patientId: string;
  readonly resources: readonly SeededResource[];
}

/**
 * Collects the resources of one citizen (or of the register) as they are built: gives each an id from the
 * seeded stream and keeps when it was recorded.
 */
export class RecordBuilder {
  readonly items: SeededResource[] = [];
  readonly #random: Random;
  readonly #clock: SeedClock;

  constructor(random: Random, clock: SeedClock) {
    this.#random = random;
    this.#clock = clock;
  }

  newId(): string {
    return this.#random.uuid();
  }

  /**
   * Adds a resource recorded at a local date-time (or date). Things planned for later (today's visits, booked
   * appointments) were recorded before the reference instant, so the time is capped there.
   */
  add<T extends { resourceType: string; id?: string }>(resource: T, recordedAt: string): FhirResource {
    const withId = { ...resource, id: resource.id ?? this.newId() } as unknown as FhirResource;
    const instant = this.#clock.instant(recordedAt.length === 10 ? `${recordedAt}T12:00:00Z` : recordedAt);
    this.items.push({ resource: withId, recorded: instant < this.#clock.now ? instant : this.#clock.now });
    return withId;
  }
}

/** `Type/id` of a built resource. */
export function refTo(
  resource: { resourceType: string; id: string },
  display?: string,
): { reference: string; display?: string } {
  return { reference: `${resource.resourceType}/${resource.id}`, ...(display ? { display } : {}) };
}
