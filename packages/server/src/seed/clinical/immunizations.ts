import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { Coding } from './codes.ts';

export interface Vaccine {
  /** SYSVAK code (Volven 9501), where the curated code list has it. */
  readonly sysvak?: string;
  readonly atc: string;
  readonly text: string;
}

export const VACCINES = {
  rotavirus: { atc: 'J07BH01', text: 'Rotavirusvaksine (Rotarix)' },
  sixValent: {
    atc: 'J07CA09',
    text: 'Difteri, stivkrampe, kikhoste, polio, Hib og hepatitt B (Infanrix hexa)',
  },
  pneumococcalChild: { atc: 'J07AL02', text: 'Pneumokokkvaksine, konjugert (Prevenar 13)' },
  mmr: { atc: 'J07BD52', text: 'Meslinger, kusma og røde hunder (Priorix)' },
  dtapIpv: { atc: 'J07CA02', text: 'Difteri, stivkrampe, kikhoste og polio (Tetravac)' },
  hpv: { sysvak: 'HPV01', atc: 'J07BM01', text: 'HPV-vaksine (Gardasil)' },
  influenza: { sysvak: 'AII02', atc: 'J07BB02', text: 'Influensavaksine' },
} as const satisfies Record<string, Vaccine>;

export type VaccineKey = keyof typeof VACCINES;

/**
 * The childhood immunisation programme (barnevaksinasjonsprogrammet) by age in months: what the health station
 * and the school health service give. Sources: FHI, "Barnevaksinasjonsprogrammet" (rotavirus at 6 weeks and
 * 3 months; six-valent vaccine and pneumococcal vaccine at 3, 5 and 12 months; MMR at 15 months and in 6th
 * grade; DTaP-IPV in 2nd and 10th grade; HPV in 7th grade).
 */
export const CHILD_PROGRAMME: readonly { months: number; vaccine: VaccineKey; dose: number }[] = [
  { months: 1.5, vaccine: 'rotavirus', dose: 1 },
  { months: 3, vaccine: 'rotavirus', dose: 2 },
  { months: 3, vaccine: 'sixValent', dose: 1 },
  { months: 3, vaccine: 'pneumococcalChild', dose: 1 },
  { months: 5, vaccine: 'sixValent', dose: 2 },
  { months: 5, vaccine: 'pneumococcalChild', dose: 2 },
  { months: 12, vaccine: 'sixValent', dose: 3 },
  { months: 12, vaccine: 'pneumococcalChild', dose: 3 },
  { months: 15, vaccine: 'mmr', dose: 1 },
  { months: 7 * 12 + 3, vaccine: 'dtapIpv', dose: 4 },
  { months: 11 * 12 + 3, vaccine: 'mmr', dose: 2 },
  { months: 12 * 12 + 3, vaccine: 'hpv', dose: 1 },
  { months: 12 * 12 + 9, vaccine: 'hpv', dose: 2 },
  { months: 15 * 12 + 3, vaccine: 'dtapIpv', dose: 5 },
];

export interface ImmunizationInput {
  readonly vaccine: Vaccine;
  /** Local date-time given. */
  readonly at: string;
  readonly performer: Ref;
  readonly dose?: number;
  readonly series?: string;
}

/** A vaccination (docs/record.md): SYSVAK code where known and ATC, when, who, lot number, dose in series. */
export function immunization(ctx: CitizenContext, input: ImmunizationInput): FhirResource {
  const v = input.vaccine;
  const sysvak = v.sysvak ? ctx.codes.sysvak(v.sysvak) : undefined;
  const coding: Coding[] = [...(sysvak ? [sysvak] : []), ctx.codes.atc(v.atc)];
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  const lot = `${ctx.random.pick([...letters])}${ctx.random.pick([...letters])}${ctx.random.int(1000, 9999)}${ctx.random.pick([...letters])}`;
  const resource = {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding, text: v.text },
    patient: ctx.patient,
    occurrenceDateTime: input.at,
    recorded: input.at,
    primarySource: true,
    lotNumber: lot,
    performer: [
      {
        function: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0443',
              code: 'AP',
              display: 'Administering Provider',
            },
          ],
        },
        actor: input.performer,
      },
    ],
    ...(input.dose
      ? {
          protocolApplied: [
            { ...(input.series ? { series: input.series } : {}), doseNumberPositiveInt: input.dose },
          ],
        }
      : {}),
  };
  return ctx.out.add(resource, input.at);
}
