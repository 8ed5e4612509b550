import { SERVICE_SYSTEM } from '../../directory/service-types.ts';
import type { ResourceService } from '../../services/resource-service.ts';
import { maySearch, resourceOf } from './record-search.ts';

export interface UnitDescription {
  readonly name: string | undefined;
  /** The unit's Akson service type (Organization.type). */
  readonly service: string | undefined;
}

/**
 * The units on a timeline page, from the register (reference data, read as the caller: outside every
 * patient's record, so not part of the access being audited). A system client whose scopes leave the register
 * out gets its timeline without unit names.
 */
export async function describeUnits(
  fhir: ResourceService,
  refs: readonly string[],
): Promise<Map<string, UnitDescription>> {
  const ids = [...new Set(refs.filter((r) => r.startsWith('Organization/')).map((r) => r.slice(13)))];
  const out = new Map<string, UnitDescription>();
  if (ids.length === 0 || !maySearch(fhir.access, 'Organization')) return out;
  const { page } = await fhir.search(
    'Organization',
    [
      ['_id', ids.join(',')],
      ['_count', String(ids.length)],
    ],
    { lenient: false },
  );
  for (const row of page.matches) out.set(`Organization/${row.id}`, describe(resourceOf(row)));
  return out;
}

/** The units that provide any of these services: what `?service=` keeps when a resource's labels name no service. */
export async function unitsProviding(
  fhir: ResourceService,
  services: readonly string[],
  maxCount: number,
): Promise<Set<string>> {
  if (services.length === 0 || !maySearch(fhir.access, 'Organization')) return new Set();
  const { page } = await fhir.search(
    'Organization',
    [
      ['type', services.map((s) => `${SERVICE_SYSTEM}|${s}`).join(',')],
      ['_count', String(maxCount)],
    ],
    { lenient: false },
  );
  return new Set(page.matches.map((row) => `Organization/${row.id}`));
}

function describe(unit: Record<string, unknown>): UnitDescription {
  const types = (unit['type'] as { coding?: { system?: string; code?: string }[] }[] | undefined) ?? [];
  return {
    name: typeof unit['name'] === 'string' ? unit['name'] : undefined,
    service: types.flatMap((t) => t.coding ?? []).find((c) => c.system === SERVICE_SYSTEM)?.code,
  };
}
