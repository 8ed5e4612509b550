import type { Bundle, Coding, Extension, Reference, Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '../../../api/fhir-client.ts';
import { readSearchBundle } from '../../../api/fhir-client.ts';

const TIMELINE_ENTRY_URL = 'https://akson.no/fhir/StructureDefinition/timeline-entry';

export type TimelineKind =
  'contact' | 'episode-start' | 'episode-end' | 'appointment' | 'note' | 'document' | 'vaccination';

/** One event on the cross-service timeline (`Patient/{id}/$timeline`, docs/record.md "Reading the record"). */
export interface TimelineEntry {
  readonly key: string;
  readonly kind: TimelineKind;
  readonly when: string;
  readonly what: string;
  readonly service: string | undefined;
  readonly serviceCode: string | undefined;
  readonly unit: string | undefined;
  /** How much of this contact's content (notes, measurements) is withheld from the caller. */
  readonly withheld: number;
  readonly resource: Resource | undefined;
}

export interface TimelinePage {
  readonly entries: TimelineEntry[];
  readonly next: string | undefined;
  /** What the caller's searches withheld altogether (first page). */
  readonly withheld: number;
}

export interface TimelineFilter {
  readonly count?: number;
  /** Akson service codes (hjemmesykepleie, fastlege, ...). */
  readonly services?: readonly string[];
  /** Resource types (Encounter, Composition, Immunization, ...). */
  readonly types?: readonly string[];
}

export const KIND_TEXT: Record<TimelineKind, string> = {
  contact: 'Kontakt',
  'episode-start': 'Forløp startet',
  'episode-end': 'Forløp avsluttet',
  appointment: 'Avtale',
  note: 'Notat',
  document: 'Dokument',
  vaccination: 'Vaksine',
};

function part(parts: Extension[] | undefined, url: string): Extension | undefined {
  return parts?.find((p) => p.url === url);
}

function readPage(bundle: Bundle): TimelinePage {
  const { withheld, next } = readSearchBundle(bundle);
  const entries = (bundle.entry ?? []).flatMap((entry, index): TimelineEntry[] => {
    const parts = (entry as { extension?: Extension[] }).extension?.find(
      (e) => e.url === TIMELINE_ENTRY_URL,
    )?.extension;
    if (!parts) return [];
    const service = part(parts, 'service')?.valueCoding as Coding | undefined;
    const unit = part(parts, 'unit')?.valueReference as Reference | undefined;
    const kind = (part(parts, 'kind')?.valueCode ?? 'contact') as TimelineKind;
    return [
      {
        key: `${entry.fullUrl ?? entry.resource?.id ?? ''}-${kind}-${index}`,
        kind,
        when: part(parts, 'when')?.valueDateTime ?? '',
        what: part(parts, 'what')?.valueString ?? '',
        service: service?.display,
        serviceCode: service?.code,
        unit: unit?.display,
        withheld: part(parts, 'withheld')?.valueUnsignedInt ?? 0,
        resource: entry.resource,
      },
    ];
  });
  return { entries, next, withheld };
}

export async function loadTimeline(
  client: FhirClient,
  patientId: string,
  filter: TimelineFilter,
  signal: AbortSignal,
): Promise<TimelinePage> {
  const params = {
    _count: filter.count ?? 30,
    ...(filter.services?.length ? { service: filter.services.join(',') } : {}),
    ...(filter.types?.length ? { type: filter.types.join(',') } : {}),
  };
  const bundle = await client.operation<Bundle>(`Patient/${patientId}/$timeline`, { params, signal });
  return readPage(bundle);
}

export async function loadTimelinePage(
  client: FhirClient,
  url: string,
  signal?: AbortSignal,
): Promise<TimelinePage> {
  const { body } = await client.request<Bundle>(url, { ...(signal ? { signal } : {}) });
  return readPage(body);
}
