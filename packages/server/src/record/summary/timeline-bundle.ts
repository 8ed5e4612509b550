import { SERVICE_SYSTEM, serviceType } from '../../directory/service-types.ts';
import { bundleToText, fullUrlOf, type BundleEntryText } from '../../fhir/render/bundle-text.ts';
import { encodeTimelineCursor } from './timeline-cursor.ts';
import type { UnitDescription } from './timeline-units.ts';
import type { TimelineItem, TimelinePage } from './timeline-reads.ts';
import { withheldOutcomeEntry } from './withheld-notice.ts';

/** Bundle.entry extension carrying what, where, which service and when for one timeline entry. */
export const TIMELINE_ENTRY_URL = 'https://akson.no/fhir/StructureDefinition/timeline-entry';

export interface TimelineRendering {
  /** Per contact (Encounter/x): how much of its content is withheld from the caller. */
  readonly withheld: ReadonlyMap<string, number>;
  readonly units: ReadonlyMap<string, UnitDescription>;
  readonly self: string;
  readonly link: (cursor?: string) => string;
}

/**
 * A timeline page as a searchset Bundle (shape in docs/record.md): one entry per event, newest first, each with
 * the resource the caller may read and the timeline-entry extension; a next link while there is more; and on
 * the first page an OperationOutcome saying how much the caller's searches withheld.
 */
export function timelineBundle(base: string, page: TimelinePage, rendering: TimelineRendering): string {
  const named = new Set<string>();
  const entries: BundleEntryText[] = page.items.map((item) => {
    const fullUrl = fullUrlOf(base, item.row);
    // An episode that starts and ends on the same page is two entries; a Bundle names a resource once.
    const first = !named.has(fullUrl);
    named.add(fullUrl);
    return {
      extension: JSON.stringify([{ url: TIMELINE_ENTRY_URL, extension: entryParts(item, rendering) }]),
      ...(first ? { fullUrl } : {}),
      ...(item.row.content ? { resource: item.row.content } : {}),
      search: { mode: 'match' },
    };
  });
  if (page.withheld) entries.push(withheldOutcomeEntry(page.withheld));
  const links = [{ relation: 'self', url: rendering.self }];
  if (page.next) links.push({ relation: 'next', url: rendering.link(encodeTimelineCursor(page.next)) });
  return bundleToText({ type: 'searchset', links, entries });
}

function entryParts(item: TimelineItem, rendering: TimelineRendering): Record<string, unknown>[] {
  const { event } = item;
  const parts: Record<string, unknown>[] = [
    { url: 'kind', valueCode: event.kind },
    { url: 'when', valueDateTime: event.at },
    { url: 'what', valueString: event.what },
  ];
  const unit = item.unitRef ? rendering.units.get(item.unitRef) : undefined;
  const code = item.service ?? unit?.service;
  const service = code ? serviceType(code) : undefined;
  if (service) {
    parts.push({
      url: 'service',
      valueCoding: { system: SERVICE_SYSTEM, code: service.code, display: service.display },
    });
  }
  if (item.unitRef) {
    const display = unit?.name;
    parts.push({ url: 'unit', valueReference: { reference: item.unitRef, ...(display ? { display } : {}) } });
  }
  const withheld = event.kind === 'contact' ? rendering.withheld.get(`Encounter/${item.row.id}`) : undefined;
  if (withheld) parts.push({ url: 'withheld', valueUnsignedInt: withheld });
  if (event.encounterRef) parts.push({ url: 'encounter', valueReference: { reference: event.encounterRef } });
  return parts;
}
