import type { Queryable } from '@akson/store';
import type { ResourceService } from '../../services/resource-service.ts';
import { recordSearch } from './record-search.ts';
import { timelineBundle } from './timeline-bundle.ts';
import { readTimelinePage, type TimelineQuery } from './timeline-reads.ts';
import { describeUnits, unitsProviding } from './timeline-units.ts';
import { withheldContent } from './withheld-content.ts';

/** The timeline as asked: services by code (the units providing them are looked up as the caller). */
export type AskedTimeline = Omit<TimelineQuery, 'services'> & { services: ReadonlySet<string> | undefined };

export interface TimelineRequest {
  readonly patientId: string;
  readonly query: AskedTimeline;
  /** The operation as asked, for the audit log. */
  readonly operation: string;
  readonly maxCount: number;
  readonly base: string;
  readonly self: string;
  readonly link: (cursor?: string) => string;
}

/**
 * One page of a patient's timeline as Bundle text, read as one access: the events, then for the contacts on
 * the page how much of their content is withheld from the caller, and the units' names and services.
 */
export async function patientTimeline(
  fhir: ResourceService,
  db: Queryable,
  request: TimelineRequest,
): Promise<string> {
  const { patientId, query } = request;
  return fhir.readPatientRecord(patientId, request.operation, async () => {
    const services = query.services
      ? { codes: query.services, units: await unitsProviding(fhir, [...query.services], request.maxCount) }
      : undefined;
    const page = await readTimelinePage(recordSearch(fhir, patientId), { ...query, services });
    const contacts = page.items.filter((i) => i.event.kind === 'contact').map((i) => `Encounter/${i.row.id}`);
    const unitRefs = page.items.flatMap((i) => (i.unitRef ? [i.unitRef] : []));
    const [withheld, units] = await Promise.all([
      withheldContent(db, fhir.access, patientId, contacts),
      describeUnits(fhir, unitRefs),
    ]);
    return timelineBundle(request.base, page, { withheld, units, self: request.self, link: request.link });
  });
}
