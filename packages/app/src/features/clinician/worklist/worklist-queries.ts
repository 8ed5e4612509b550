import type {
  Appointment,
  Encounter,
  EpisodeOfCare,
  Observation,
  Patient,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import type { FhirClient, SearchResult } from '../../../api/fhir-client.ts';
import type { StaffProfile } from '../../../auth/profile.ts';
import { todayIso } from '../../../text/format.ts';

/** One line of a worklist: a patient, when, what, and the resource behind it. */
export interface WorkItem {
  readonly key: string;
  readonly patientId: string | undefined;
  readonly patient: Patient | undefined;
  readonly when: string | undefined;
  readonly what: string;
  readonly status: string | undefined;
  readonly resource: Resource;
}

export interface WorkSection {
  readonly kind: SectionKind;
  readonly title: string;
  readonly empty: string;
  readonly items: readonly WorkItem[];
  readonly withheld: number;
  /** More matched than the list holds: "viser N av M", never a silent cut. */
  readonly total: number | undefined;
  readonly complete: boolean;
}

interface Loaded {
  items: WorkItem[];
  withheld: number;
  total: number | undefined;
  complete: boolean;
}

/** How many lines one worklist section reads before it says it is showing only part. */
const SECTION_LIMIT = 1000;

export type SectionKind = 'appointments' | 'visits' | 'queue' | 'residents' | 'caseload' | 'tasks';

/**
 * What each service's staff start their day with (SCENARIOS.md): the GP's appointments, the emergency clinic's
 * queue, home care's visits, the ward's residents. Everyone also sees the unit's open tasks.
 */
export const SECTIONS_BY_SERVICE: Readonly<Record<string, readonly SectionKind[]>> = {
  fastlege: ['appointments', 'tasks'],
  legevakt: ['queue', 'appointments', 'tasks'],
  hjemmesykepleie: ['visits', 'tasks', 'caseload'],
  sykehjem: ['residents', 'tasks'],
};
const DEFAULT_SECTIONS: readonly SectionKind[] = ['appointments', 'tasks', 'caseload'];

export function sectionsFor(profile: StaffProfile): readonly SectionKind[] {
  return SECTIONS_BY_SERVICE[profile.service ?? ''] ?? DEFAULT_SECTIONS;
}

const TITLES: Record<SectionKind, { title: string; empty: string }> = {
  appointments: { title: 'Dagens timer', empty: 'Ingen timer i dag.' },
  visits: { title: 'Dagens besøk', empty: 'Ingen besøk planlagt i dag.' },
  queue: { title: 'Pasienter i kø', empty: 'Ingen pasienter venter.' },
  residents: { title: 'Beboere', empty: 'Ingen beboere registrert på avdelingen.' },
  caseload: { title: 'Pasienter med vedtak', empty: 'Ingen aktive tjenesteforløp.' },
  tasks: { title: 'Åpne oppgaver', empty: 'Ingen åpne oppgaver.' },
};

const OPEN_TASK = 'requested,accepted,ready,in-progress,on-hold';
const NEWS2_CODE = 'http://snomed.info/sct|1104051000000101';

function patientOf(result: SearchResult, ref: Reference | undefined): Patient | undefined {
  return ref?.reference ? (result.included.get(ref.reference) as Patient | undefined) : undefined;
}

function idOf(ref: Reference | undefined): string | undefined {
  return ref?.reference?.startsWith('Patient/') ? ref.reference.slice(8) : undefined;
}

function todayRange(): string[] {
  return [`ge${todayIso()}`, `lt${todayIso(1)}`];
}

async function appointments(client: FhirClient, profile: StaffProfile, signal: AbortSignal): Promise<Loaded> {
  // A GP's appointments are their own list; other services share the unit's.
  const who =
    profile.service === 'fastlege' && profile.roleId
      ? { actor: `PractitionerRole/${profile.roleId}` }
      : { 'actor.organization': `Organization/${profile.unitId}` };
  const result = await client.searchAll<Appointment>(
    'Appointment',
    { ...who, date: todayRange(), _sort: 'date', _include: 'Appointment:patient', _count: 200 },
    { limit: SECTION_LIMIT, signal },
  );
  return {
    withheld: result.withheld,
    total: result.total,
    complete: result.complete,
    items: result.resources
      .filter((a) => a.status !== 'cancelled' && a.status !== 'entered-in-error')
      .map((a) => {
        const ref = a.participant?.find((p) => p.actor?.reference?.startsWith('Patient/'))?.actor;
        return {
          key: `Appointment/${a.id}`,
          patientId: idOf(ref),
          patient: patientOf(result, ref),
          when: a.start,
          what: a.description ?? a.serviceType?.[0]?.text ?? a.appointmentType?.text ?? 'Time',
          status: a.status,
          resource: a,
        };
      }),
  };
}

async function encounters(
  client: FhirClient,
  profile: StaffProfile,
  params: Record<string, string | string[]>,
  signal: AbortSignal,
): Promise<Loaded> {
  const result = await client.searchAll<Encounter>(
    'Encounter',
    {
      'service-provider': `Organization/${profile.unitId}`,
      _sort: 'date',
      _include: 'Encounter:subject',
      _count: 200,
      ...params,
    },
    { limit: SECTION_LIMIT, signal },
  );
  return {
    withheld: result.withheld,
    total: result.total,
    complete: result.complete,
    items: result.resources.map((e) => ({
      key: `Encounter/${e.id}`,
      patientId: idOf(e.subject),
      patient: patientOf(result, e.subject),
      when: e.period?.start,
      what: e.reasonCode?.[0]?.text ?? e.type?.[0]?.text ?? e.type?.[0]?.coding?.[0]?.display ?? 'Kontakt',
      status: e.status,
      resource: e,
    })),
  };
}

async function episodes(client: FhirClient, profile: StaffProfile, signal: AbortSignal): Promise<Loaded> {
  const result = await client.searchAll<EpisodeOfCare>(
    'EpisodeOfCare',
    {
      organization: `Organization/${profile.unitId}`,
      status: 'active',
      _include: 'EpisodeOfCare:patient',
      _count: 500,
    },
    { limit: SECTION_LIMIT, signal },
  );
  const items = result.resources.map((e) => ({
    key: `EpisodeOfCare/${e.id}`,
    patientId: idOf(e.patient),
    patient: patientOf(result, e.patient),
    when: e.period?.start,
    what: e.type?.map((t) => t.text ?? t.coding?.[0]?.display ?? t.coding?.[0]?.code).join(', ') ?? '',
    status: e.status,
    resource: e as Resource,
  }));
  items.sort((a, b) =>
    (a.patient?.name?.[0]?.family ?? '').localeCompare(b.patient?.name?.[0]?.family ?? '', 'nb'),
  );
  return { withheld: result.withheld, items, total: result.total, complete: result.complete };
}

async function tasks(client: FhirClient, profile: StaffProfile, signal: AbortSignal): Promise<Loaded> {
  const owners = [
    `Organization/${profile.unitId}`,
    ...(profile.roleId ? [`PractitionerRole/${profile.roleId}`] : []),
  ];
  const result = await client.searchAll<Task>(
    'Task',
    { owner: owners.join(','), status: OPEN_TASK, _include: 'Task:patient', _count: 200 },
    { limit: SECTION_LIMIT, signal },
  );
  const items = result.resources.map((t) => ({
    key: `Task/${t.id}`,
    patientId: idOf(t.for),
    patient: patientOf(result, t.for),
    when: t.executionPeriod?.start ?? t.restriction?.period?.end ?? t.authoredOn,
    what: t.description ?? t.code?.text ?? t.code?.coding?.[0]?.display ?? 'Oppgave',
    status: t.status,
    resource: t as Resource,
  }));
  items.sort((a, b) => (a.when ?? '9').localeCompare(b.when ?? '9'));
  return { withheld: result.withheld, items, total: result.total, complete: result.complete };
}

function byTime(items: WorkItem[]): WorkItem[] {
  return [...items].sort((a, b) => (a.when ?? '').localeCompare(b.when ?? ''));
}

export async function loadSection(
  client: FhirClient,
  profile: StaffProfile,
  kind: SectionKind,
  signal: AbortSignal,
): Promise<WorkSection> {
  let loaded: Loaded;
  switch (kind) {
    case 'appointments':
      loaded = await appointments(client, profile, signal);
      break;
    case 'visits': {
      // Home visits are booked as appointments and documented as home-visit encounters: show both, by time.
      const [booked, contacts] = await Promise.all([
        appointments(client, profile, signal),
        encounters(client, profile, { date: todayRange(), class: 'HH' }, signal),
      ]);
      loaded = {
        items: byTime([...booked.items, ...contacts.items]),
        withheld: booked.withheld + contacts.withheld,
        total: booked.complete && contacts.complete ? undefined : (booked.total ?? 0) + (contacts.total ?? 0),
        complete: booked.complete && contacts.complete,
      };
      break;
    }
    case 'queue':
      loaded = await encounters(client, profile, { status: 'planned,arrived,triaged,in-progress' }, signal);
      break;
    case 'residents':
    case 'caseload':
      loaded = await episodes(client, profile, signal);
      break;
    case 'tasks':
      loaded = await tasks(client, profile, signal);
      break;
  }
  return { kind, ...TITLES[kind], ...loaded };
}

/**
 * Today's latest NEWS2 per patient, for the ward list (scenario 5): scored since midnight in the municipality,
 * never yesterday's score passed off as today's.
 */
export async function latestNews2(
  client: FhirClient,
  patientIds: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, Observation>> {
  const out = new Map<string, Observation>();
  if (patientIds.length === 0) return out;
  const result = await client.searchAll<Observation>(
    'Observation',
    {
      code: NEWS2_CODE,
      patient: patientIds.join(','),
      date: todayRange(),
      _sort: '-date',
      _count: 500,
    },
    { signal },
  );
  for (const o of result.resources) {
    // A score whose measurements were entered in error is withdrawn, not the patient's latest state.
    if (o.status === 'entered-in-error' || o.status === 'cancelled') continue;
    const id = idOf(o.subject);
    if (id && !out.has(id)) out.set(id, o);
  }
  return out;
}
