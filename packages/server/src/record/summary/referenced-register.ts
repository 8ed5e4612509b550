import { isResourceType, parseLocalReference } from '@akson/fhir';
import type { ResourceRow } from '@akson/store';
import type { ResourceService } from '../../services/resource-service.ts';
import { everythingTypes } from './everything-reads.ts';
import { maySearch, refOf, resourceOf } from './record-search.ts';

/**
 * The resources outside any patient's record that `rows` refer to (Organization, Practitioner,
 * PractitionerRole, Medication, Location...), read with the caller's own searches; types the caller may not
 * read are left out.
 */
export async function referencedRegister(
  fhir: ResourceService,
  rows: readonly ResourceRow[],
  maxCount: number,
): Promise<ResourceRow[]> {
  const inRecord = new Set(everythingTypes());
  const have = new Set(rows.map(refOf));
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    collectReferences(resourceOf(row), (reference) => {
      const local = parseLocalReference(reference);
      if (!local || inRecord.has(local.type) || have.has(`${local.type}/${local.id}`)) return;
      if (!isResourceType(local.type)) return;
      let ids = wanted.get(local.type);
      if (!ids) wanted.set(local.type, (ids = new Set()));
      ids.add(local.id);
    });
  }
  const searches = [...wanted]
    .filter(([type]) => maySearch(fhir.access, type))
    .flatMap(([type, ids]) => chunks([...ids], Math.min(100, maxCount)).map((chunk) => ({ type, chunk })));
  const pages = await Promise.all(
    searches.map(({ type, chunk }) =>
      fhir.search(
        type,
        [
          ['_id', chunk.join(',')],
          ['_count', String(chunk.length)],
        ],
        { lenient: false },
      ),
    ),
  );
  return pages.flatMap(({ page }) => page.matches);
}

function collectReferences(node: unknown, found: (reference: string) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) collectReferences(x, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'reference' && typeof value === 'string') found(value);
      else if (typeof value === 'object') collectReferences(value, found);
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
