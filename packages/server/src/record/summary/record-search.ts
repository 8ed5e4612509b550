import { parseFhirJson } from '@akson/fhir';
import type { ResourceRow } from '@akson/store';
import type { AccessContext } from '../../access/access-context.ts';
import type { ResourceService, SearchResult } from '../../services/resource-service.ts';

/** What one search in a patient's record found: the rows shown to the caller, and a withheld count. */
export interface Found {
  readonly rows: readonly ResourceRow[];
  /** How many matches are withheld from the caller (0 for callers who are not told: citizens, systems). */
  readonly withheld: number;
  /** Cursor of the next page, when there may be more. */
  readonly next: string | undefined;
}

export type Params = readonly (readonly [string, string])[];

/**
 * Searches one patient's compartment as the caller (strict parameters: these are the server's own searches,
 * with the server's own page sizes, whatever page size clients are limited to).
 */
export type RecordSearch = (type: string, params: Params) => Promise<Found>;

export function recordSearch(fhir: ResourceService, patientId: string): RecordSearch {
  return async (type, params) =>
    found(
      await fhir.search(type, params, {
        lenient: false,
        compartmentPatient: patientId,
        serverComposed: true,
      }),
    );
}

export function found(result: SearchResult): Found {
  return {
    rows: result.page.matches,
    withheld: result.page.withheld ?? 0,
    next: result.page.next,
  };
}

const parsed = new WeakMap<ResourceRow, Record<string, unknown>>();

/** A row's resource as JSON (decimals keep their written form), parsed once however often it is asked for. */
export function resourceOf(row: ResourceRow): Record<string, unknown> {
  let resource = parsed.get(row);
  if (!resource) parsed.set(row, (resource = parseFhirJson(row.content ?? '{}') as Record<string, unknown>));
  return resource;
}

export const refOf = (row: Pick<ResourceRow, 'type' | 'id'>): string => `${row.type}/${row.id}`;

/** Whether the caller may search a type at all (a system client's scopes may leave the register out). */
export function maySearch(access: AccessContext, type: string): boolean {
  try {
    access.assertInteraction('search', type);
    return true;
  } catch {
    return false;
  }
}
