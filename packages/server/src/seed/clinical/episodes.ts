import { serviceCoding } from '../../directory/service-types.ts';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

export const VEDTAK_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/vedtak-type';
export const VEDTAK_EXTENSION = 'https://akson.no/fhir/StructureDefinition/vedtak';
export const CASE_NUMBER_SYSTEM = 'https://akson.no/fhir/NamingSystem/case-number';

const VEDTAK_TYPES = {
  hjemmesykepleie: 'Hjemmesykepleie',
  'praktisk-bistand': 'Praktisk bistand',
  langtidsopphold: 'Langtidsopphold i institusjon',
  korttidsopphold: 'Korttidsopphold i institusjon',
  avlastning: 'Avlastning',
  kad: 'Kommunal akutt døgnenhet (KAD)',
  dagsenter: 'Dagsenter',
  trygghetsalarm: 'Trygghetsalarm',
} as const;

export type VedtakType = keyof typeof VEDTAK_TYPES;

export interface EpisodeInput {
  readonly unit: SeedUnit;
  /** Date the follow-up started. */
  readonly start: string;
  /** Date it ended (a finished episode). */
  readonly end?: string;
  readonly careManager?: Ref;
  /** The decision (vedtak) granting the service, by the allocation office. */
  readonly vedtak?: { readonly type: VedtakType; readonly decidedOn: string; readonly decidedBy: SeedUnit };
}

/**
 * A service pathway (EpisodeOfCare): the service as type[0], the vedtak type as type[1] with its case number
 * and decision extension when a decision grants it. Active while it has no end: a care relation for the unit.
 */
export function episode(ctx: CitizenContext, input: EpisodeInput): FhirResource {
  const v = input.vedtak;
  const year = (v?.decidedOn ?? input.start).slice(0, 4);
  const resource = {
    resourceType: 'EpisodeOfCare',
    ...(v
      ? {
          extension: [
            {
              url: VEDTAK_EXTENSION,
              extension: [
                { url: 'decidedOn', valueDate: v.decidedOn },
                { url: 'decidedBy', valueReference: ctx.setting.org(v.decidedBy) },
              ],
            },
          ],
          identifier: [
            {
              system: CASE_NUMBER_SYSTEM,
              value: `${ctx.setting.register.municipality.kommunenummer}-${year}/${String(ctx.random.int(1, 99_999)).padStart(5, '0')}`,
            },
          ],
        }
      : {}),
    status: input.end ? 'finished' : 'active',
    type: [
      { coding: serviceCoding(input.unit.service) },
      ...(v
        ? [{ coding: [{ system: VEDTAK_TYPE_SYSTEM, code: v.type, display: VEDTAK_TYPES[v.type] }] }]
        : []),
    ],
    patient: ctx.patient,
    managingOrganization: ctx.setting.org(input.unit),
    period: { start: input.start, ...(input.end ? { end: input.end } : {}) },
    ...(input.careManager ? { careManager: input.careManager } : {}),
  };
  return ctx.out.add(resource, v?.decidedOn ?? input.start);
}
