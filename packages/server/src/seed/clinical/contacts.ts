import { serviceCoding } from '../../directory/service-types.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';
import type { Coding } from './codes.ts';

export const CONTACT_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/contact-type';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export type ContactKind = 'konsultasjon' | 'hjemmebesok' | 'legevakt' | 'telefon' | 'video' | 'opphold';

/** docs/record.md "Pathways": the contact type and the v3-ActCode class it goes with. */
const KINDS: Record<ContactKind, { display: string; class: string; classDisplay: string }> = {
  konsultasjon: { display: 'Konsultasjon', class: 'AMB', classDisplay: 'ambulatory' },
  hjemmebesok: { display: 'Hjemmebesøk', class: 'HH', classDisplay: 'home health' },
  legevakt: { display: 'Legevakt', class: 'EMER', classDisplay: 'emergency' },
  telefon: { display: 'Telefon', class: 'VR', classDisplay: 'virtual' },
  video: { display: 'Video', class: 'VR', classDisplay: 'virtual' },
  opphold: { display: 'Opphold', class: 'IMP', classDisplay: 'inpatient encounter' },
};

export interface EncounterInput {
  readonly kind: ContactKind;
  readonly unit: SeedUnit;
  readonly practitioner?: Ref;
  /** Local date-time. */
  readonly start: string;
  /** Duration; absent for an ongoing stay or a contact still in progress. */
  readonly minutes?: number;
  readonly status?: 'planned' | 'arrived' | 'triaged' | 'in-progress' | 'finished';
  readonly reason?: readonly Coding[];
  readonly episode?: Ref;
  readonly priority?: { readonly code: string; readonly display: string };
}

/** An Encounter (contact) at a unit. Finished contacts always carry their end, so relations end with them. */
export function encounter(ctx: CitizenContext, input: EncounterInput): FhirResource {
  const kind = KINDS[input.kind];
  const status = input.status ?? 'finished';
  const end = input.minutes !== undefined ? ctx.clock.later(input.start, input.minutes) : undefined;
  const resource = {
    resourceType: 'Encounter',
    status,
    class: { system: ACT_CODE, code: kind.class, display: kind.classDisplay },
    type: [{ coding: [{ system: CONTACT_TYPE_SYSTEM, code: input.kind, display: kind.display }] }],
    serviceType: { coding: serviceCoding(input.unit.service) },
    ...(input.priority
      ? {
          priority: {
            coding: [{ system: ACT_CODE, code: input.priority.code, display: input.priority.display }],
          },
        }
      : {}),
    subject: ctx.patient,
    ...(input.episode ? { episodeOfCare: [input.episode] } : {}),
    ...(input.practitioner ? { participant: [{ individual: input.practitioner }] } : {}),
    period: {
      start: input.start,
      ...(end && (status === 'finished' || status === 'planned') ? { end } : {}),
    },
    ...(input.reason && input.reason.length > 0 ? { reasonCode: [{ coding: [...input.reason] }] } : {}),
    serviceProvider: ctx.setting.org(input.unit),
  };
  return ctx.out.add(resource, status === 'finished' && end ? end : input.start);
}
