import { clinicianAt, windowStart, type CitizenContext } from '../citizen-context.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode } from '../clinical/episodes.ts';
import { CHILD_PROGRAMME, immunization, VACCINES } from '../clinical/immunizations.ts';
import { note } from '../clinical/notes.ts';
import { vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

/**
 * The health station's programme (helsestasjonsprogrammet, Helsedirektoratet's national guideline): contacts
 * by age in months, the first a home visit. School health service contacts in 1st and 8th grade.
 */
const HEALTH_STATION_CONTACTS: readonly { months: number; what: string }[] = [
  { months: 0.25, what: 'Hjemmebesøk etter fødsel' },
  { months: 1.5, what: '6-ukerskonsultasjon' },
  { months: 3, what: '3-månederskonsultasjon' },
  { months: 4, what: '4-månederskonsultasjon' },
  { months: 5, what: '5-månederskonsultasjon' },
  { months: 6, what: '6-månederskonsultasjon' },
  { months: 8, what: '8-månederskonsultasjon' },
  { months: 10, what: '10-månederskonsultasjon' },
  { months: 12, what: '1-årskonsultasjon' },
  { months: 15, what: '15-månederskonsultasjon' },
  { months: 17, what: '17–18-månederskonsultasjon' },
  { months: 24, what: '2-årskonsultasjon' },
  { months: 48, what: '4-årskonsultasjon' },
];

const SCHOOL_CONTACTS: readonly { months: number; what: string }[] = [
  { months: 6 * 12 + 2, what: 'Helsesamtale 1. trinn' },
  { months: 13 * 12 + 2, what: 'Helsesamtale 8. trinn' },
];

/** Growth reference (median weight kg, length/height cm) by age in months, roughly WHO/Norwegian curves. */
const GROWTH: readonly [months: number, kg: number, cm: number][] = [
  [0, 3.5, 50],
  [1.5, 4.9, 56],
  [3, 6.2, 61],
  [6, 7.8, 67],
  [12, 9.8, 76],
  [18, 11, 82],
  [24, 12.5, 87],
  [48, 16.5, 103],
  [74, 21, 117],
  [158, 47, 160],
];

/**
 * `nurseRole`: the health station nurse who follows the child (default: one of the station's); `fromBirth`: the
 * whole programme since birth, whatever the years of history asked for (a child the demo is about).
 */
export function childHealth(
  ctx: CitizenContext,
  options: { nurseRole?: { reference: string; display?: string }; fromBirth?: boolean } = {},
): void {
  const nurseRole = options.nurseRole;
  const from = options.fromBirth ? ctx.clock.daysFromToday(ctx.person.birthDate) : windowStart(ctx);
  const percentile = ctx.random.normal(1, 0.08);
  if (ctx.age < 6) {
    const unit = ctx.setting.unit('helsestasjon');
    const nurse = { role: nurseRole ?? clinicianAt(ctx, unit).role };
    const birthDay = ctx.clock.daysFromToday(ctx.person.birthDate);
    const followUp = refTo(
      episode(ctx, { unit, start: ctx.clock.date(birthDay + 7), careManager: nurse.role }),
    );
    for (const c of HEALTH_STATION_CONTACTS) contact(ctx, unit, nurse.role, c, followUp, percentile, from);
  }
  if (ctx.age >= 6 && ctx.age < 16) {
    const unit = ctx.setting.unit('skolehelsetjeneste');
    const nurse = clinicianAt(ctx, unit);
    for (const c of SCHOOL_CONTACTS) contact(ctx, unit, nurse.role, c, undefined, percentile, from);
  }
  vaccinations(ctx, from);
}

function dayAtAge(ctx: CitizenContext, months: number): number {
  const whole = Math.floor(months);
  const date = ctx.clock.dateAtAgeMonths(ctx.person.birthDate, whole);
  return ctx.clock.daysFromToday(date) + Math.round((months - whole) * 30);
}

function contact(
  ctx: CitizenContext,
  unit: SeedUnit,
  role: { reference: string; display?: string },
  c: { months: number; what: string },
  followUp: { reference: string } | undefined,
  percentile: number,
  from: number,
): void {
  const day = dayAtAge(ctx, c.months) + ctx.random.int(0, 6);
  if (day > -1 || day < from) return;
  const start = ctx.clock.at(day, Math.round(ctx.random.int(8 * 60 + 30, 14 * 60 + 30) / 15) * 15);
  const home = c.months < 1;
  const visit = refTo(
    encounter(ctx, {
      kind: home ? 'hjemmebesok' : 'konsultasjon',
      unit,
      practitioner: role,
      start,
      minutes: home ? 60 : 30,
      ...(followUp ? { episode: followUp } : {}),
    }),
  );
  const [kg, cm] = growthAt(c.months, percentile);
  const set = vitalSet(ctx, {
    at: ctx.clock.later(start, 10),
    performer: role,
    encounter: visit,
    values: { weight: kg, height: cm },
  });
  const given = CHILD_PROGRAMME.filter((p) => Math.abs(p.months - c.months) < 0.6);
  note(ctx, {
    template: 'health-station-consultation',
    unit,
    author: role,
    date: ctx.clock.later(start, home ? 60 : 30),
    encounter: visit,
    sections: {
      reason: `${c.what}.`,
      growth: `Vekt ${decimal(kg)} kg, lengde ${decimal(cm)} cm. Følger kurven. Alderstilsvarende utvikling.`,
      ...(given.length > 0
        ? {
            vaccination: `Vaksinert etter programmet: ${given.map((g) => VACCINES[g.vaccine].text).join(', ')}.`,
          }
        : {}),
      family: ctx.random.pick([
        'Trygt samspill. Foreldrene forteller om gode rutiner for søvn og mat.',
        'Mor er sliten, lite nettverk i nærheten. Snakket om avlastning og åpen barnehage.',
        'Far har foreldrepermisjon. Familien har det bra.',
        'Søsken sjalu, ellers god stemning hjemme.',
      ]),
      plan: 'Neste kontakt etter programmet.',
    },
    ...(set ? { entries: { growth: set.observations.map((o) => refTo(o)) } } : {}),
  });
}

function vaccinations(ctx: CitizenContext, from: number): void {
  for (const p of CHILD_PROGRAMME) {
    const day = dayAtAge(ctx, p.months) + ctx.random.int(0, 6);
    if (day > -1 || day < from || ctx.random.chance(0.04)) continue;
    const school = p.months >= 6 * 12;
    const unit = ctx.setting.unit(school ? 'skolehelsetjeneste' : 'helsestasjon');
    const nurse = clinicianAt(ctx, unit);
    immunization(ctx, {
      vaccine: VACCINES[p.vaccine],
      at: ctx.clock.at(day, school ? 10 * 60 : 11 * 60),
      performer: nurse.role,
      dose: p.dose,
      series: 'Barnevaksinasjonsprogrammet',
    });
  }
}

function growthAt(months: number, percentile: number): [number, number] {
  let i = 0;
  while (i < GROWTH.length - 2 && (GROWTH[i + 1] as [number, number, number])[0] < months) i++;
  const [m0, kg0, cm0] = GROWTH[i] as [number, number, number];
  const [m1, kg1, cm1] = GROWTH[i + 1] as [number, number, number];
  const t = Math.min(1, Math.max(0, (months - m0) / (m1 - m0)));
  const kg = (kg0 + (kg1 - kg0) * t) * percentile;
  const cm = (cm0 + (cm1 - cm0) * t) * (1 + (percentile - 1) / 3);
  return [Math.round(kg * 100) / 100, Math.round(cm * 10) / 10];
}

/** A number as written in Norwegian (decimal comma). */
function decimal(value: number): string {
  return String(value).replace('.', ',');
}
