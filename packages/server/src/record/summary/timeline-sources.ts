import { precisionRange } from '@akson/fhir';
import { conceptText, firstConceptText, referenceOf } from './resource-text.ts';

type Json = Record<string, unknown>;

/** What kind of event a timeline entry is (the `kind` of the timeline-entry extension). */
export type TimelineKind =
  'contact' | 'episode-start' | 'episode-end' | 'appointment' | 'note' | 'document' | 'vaccination';

/** One event of a resource on the timeline; an episode of care has two (start and end). */
export interface TimelineEvent {
  readonly kind: TimelineKind;
  /** The date as written in the resource (shown to people). */
  readonly at: string;
  /** Its first instant, exactly as the store sorts and filters the `date` parameter (see docs/record.md). */
  readonly time: number;
  readonly what: string;
  /** The unit the resource itself names, when its access labels do not say (imports of some types). */
  readonly unitRef: string | undefined;
  /** The contact a note or document belongs to. */
  readonly encounterRef: string | undefined;
}

/**
 * The resource types on a timeline and how each becomes events. Every one is read through the caller's own
 * search of its `date` parameter, sorted newest first; `paged` sources are read page by page from a time
 * cursor, the others (episodes, few per patient and with two events each) whole.
 */
export interface TimelineSource {
  readonly type: string;
  readonly paged: boolean;
  /** Filters that keep out what is not an event (cancelled, entered in error). */
  readonly params: readonly (readonly [string, string])[];
  events(resource: Json, timeZone: string): TimelineEvent[];
}

const CONTACT_CLASS_TEXT: Record<string, string> = {
  AMB: 'Konsultasjon',
  HH: 'Hjemmebesøk',
  EMER: 'Legevaktkontakt',
  VR: 'Telefon- eller videokonsultasjon',
  IMP: 'Opphold',
};

const CONTACT_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/contact-type';
const CONTACT_TYPE_TEXT: Record<string, string> = {
  konsultasjon: 'Konsultasjon',
  hjemmebesok: 'Hjemmebesøk',
  legevakt: 'Legevaktkontakt',
  telefon: 'Telefonkonsultasjon',
  video: 'Videokonsultasjon',
  opphold: 'Opphold',
  gruppe: 'Gruppekonsultasjon',
};

export const TIMELINE_SOURCES: readonly TimelineSource[] = [
  {
    type: 'Encounter',
    paged: true,
    params: [['status:not', 'cancelled,entered-in-error']],
    events: (r, tz) =>
      event('contact', periodStart(r['period'], tz), {
        what: contactText(r),
        unitRef: referenceOf(r['serviceProvider']),
      }),
  },
  {
    type: 'EpisodeOfCare',
    paged: false,
    params: [['status:not', 'cancelled,entered-in-error']],
    events: (r, tz) => {
      const period = r['period'] as { start?: string; end?: string } | undefined;
      const service = firstConceptText(r['type']) ?? 'Forløp';
      const unitRef = referenceOf(r['managingOrganization']);
      const start = periodStart(period, tz);
      const end = period?.end ? startOf(period.end, tz) : undefined;
      return [
        ...event('episode-start', start, { what: `${service} startet`, unitRef }),
        ...(end && start && end.time > start.time
          ? event('episode-end', end, { what: `${service} avsluttet`, unitRef })
          : []),
      ];
    },
  },
  {
    type: 'Appointment',
    paged: true,
    params: [['status:not', 'cancelled,entered-in-error,noshow']],
    events: (r, tz) =>
      event('appointment', startOf(r['start'], tz), {
        what:
          (r['description'] as string | undefined) ??
          firstConceptText(r['serviceType']) ??
          conceptText(r['appointmentType']) ??
          'Avtale',
        unitRef: ((r['participant'] as { actor?: unknown }[] | undefined) ?? [])
          .map((p) => referenceOf(p.actor))
          .find((ref) => ref?.startsWith('Organization/')),
      }),
  },
  {
    type: 'Composition',
    paged: true,
    params: [['status:not', 'entered-in-error']],
    events: (r, tz) =>
      event('note', startOf(r['date'], tz), {
        what: `${(r['title'] as string | undefined) ?? conceptText(r['type']) ?? 'Journalnotat'}${r['status'] === 'preliminary' ? ' (utkast)' : ''}`,
        unitRef: referenceOf(r['custodian']),
        encounterRef: referenceOf(r['encounter']),
      }),
  },
  {
    type: 'DocumentReference',
    paged: true,
    params: [['status:not', 'entered-in-error']],
    events: (r, tz) =>
      event('document', startOf(r['date'], tz), {
        what: (r['description'] as string | undefined) ?? conceptText(r['type']) ?? 'Dokument',
        unitRef: referenceOf(r['custodian']),
        encounterRef: referenceOf(
          ((r['context'] as { encounter?: unknown[] } | undefined)?.encounter ?? [])[0],
        ),
      }),
  },
  {
    type: 'Immunization',
    paged: true,
    params: [['status:not', 'entered-in-error,not-done']],
    events: (r, tz) =>
      event('vaccination', startOf(r['occurrenceDateTime'], tz), {
        what: `Vaksine: ${conceptText(r['vaccineCode']) ?? 'ukjent'}`,
        unitRef: ((r['performer'] as { actor?: unknown }[] | undefined) ?? [])
          .map((p) => referenceOf(p.actor))
          .find((ref) => ref?.startsWith('Organization/')),
        encounterRef: referenceOf(r['encounter']),
      }),
  },
];

/** Resources whose content may be withheld while the contact they belong to is shown (their `encounter`). */
export const CONTACT_CONTENT_TYPES = [
  'Composition',
  'DocumentReference',
  'Observation',
  'QuestionnaireResponse',
  'Condition',
] as const;

function contactText(r: Json): string {
  const types = (r['type'] as { coding?: { system?: string; code?: string }[] }[] | undefined) ?? [];
  const code = types.flatMap((t) => t.coding ?? []).find((c) => c.system === CONTACT_TYPE_SYSTEM)?.code;
  const classCode = (r['class'] as { code?: string } | undefined)?.code;
  return (
    (code ? CONTACT_TYPE_TEXT[code] : undefined) ??
    firstConceptText(r['type']) ??
    (classCode ? CONTACT_CLASS_TEXT[classCode] : undefined) ??
    'Kontakt'
  );
}

interface Instant {
  readonly at: string;
  readonly time: number;
}

function startOf(value: unknown, timeZone: string): Instant | undefined {
  if (typeof value !== 'string') return undefined;
  const lo = precisionRange(value, timeZone)?.lo;
  return lo ? { at: value, time: Date.parse(lo) } : undefined;
}

/** A Period's start as the store indexes it: no start, or an inverted period, means no place in time. */
function periodStart(value: unknown, timeZone: string): Instant | undefined {
  const period = value as { start?: string; end?: string } | undefined;
  const start = startOf(period?.start, timeZone);
  if (!start || !period?.end) return start;
  const hi = precisionRange(period.end, timeZone)?.hi;
  if (hi === undefined) return undefined;
  return hi === null || Date.parse(hi) > start.time ? start : undefined;
}

function event(
  kind: TimelineKind,
  instant: Instant | undefined,
  rest: { what: string; unitRef?: string | undefined; encounterRef?: string | undefined },
): TimelineEvent[] {
  if (!instant) return [];
  return [
    {
      kind,
      at: instant.at,
      time: instant.time,
      what: rest.what,
      unitRef: rest.unitRef,
      encounterRef: rest.encounterRef,
    },
  ];
}
