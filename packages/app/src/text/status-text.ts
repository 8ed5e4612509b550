// FHIR status codes in Norwegian, per resource type: a screen never shows a raw code ("in-progress",
// "noshow"). A code missing here says "Annen status" rather than leak the code.

const APPOINTMENT: Readonly<Record<string, string>> = {
  proposed: 'Foreslått',
  pending: 'Venter på svar',
  booked: 'Bestilt',
  arrived: 'Ankommet',
  'checked-in': 'Registrert ankommet',
  fulfilled: 'Gjennomført',
  cancelled: 'Avlyst',
  noshow: 'Møtte ikke',
  waitlist: 'På venteliste',
  'entered-in-error': 'Feilregistrert',
};

const ENCOUNTER: Readonly<Record<string, string>> = {
  planned: 'Planlagt',
  arrived: 'Ankommet',
  triaged: 'Vurdert',
  'in-progress': 'Pågår',
  onleave: 'Permisjon',
  finished: 'Avsluttet',
  cancelled: 'Avlyst',
  'entered-in-error': 'Feilregistrert',
  unknown: 'Ukjent status',
};

const TASK: Readonly<Record<string, string>> = {
  draft: 'Utkast',
  requested: 'Ny',
  received: 'Mottatt',
  accepted: 'Akseptert',
  rejected: 'Avvist',
  ready: 'Klar',
  cancelled: 'Avlyst',
  'in-progress': 'Pågår',
  'on-hold': 'På vent',
  failed: 'Mislyktes',
  completed: 'Utført',
  'entered-in-error': 'Feilregistrert',
};

const EPISODE_OF_CARE: Readonly<Record<string, string>> = {
  planned: 'Planlagt',
  waitlist: 'På venteliste',
  active: 'Aktiv',
  onhold: 'På vent',
  finished: 'Avsluttet',
  cancelled: 'Avlyst',
  'entered-in-error': 'Feilregistrert',
};

/** CarePlan.activity.detail.status: the measures of a care plan. */
const CARE_PLAN_ACTIVITY: Readonly<Record<string, string>> = {
  'not-started': 'Ikke startet',
  scheduled: 'Planlagt',
  'in-progress': 'Pågår',
  'on-hold': 'På vent',
  completed: 'Utført',
  cancelled: 'Avlyst',
  stopped: 'Stoppet',
  unknown: 'Ukjent status',
  'entered-in-error': 'Feilregistrert',
};

export const STATUS_TEXT = {
  Appointment: APPOINTMENT,
  Encounter: ENCOUNTER,
  Task: TASK,
  EpisodeOfCare: EPISODE_OF_CARE,
  CarePlanActivity: CARE_PLAN_ACTIVITY,
} as const;

export type StatusKind = keyof typeof STATUS_TEXT;

/** "Pågår" for ('Encounter', 'in-progress'); "Annen status" for a code this app does not know. */
export function statusText(kind: StatusKind, code: string | undefined): string {
  if (!code) return 'Ukjent status';
  return STATUS_TEXT[kind][code] ?? 'Annen status';
}
