import type { Ref } from '../care-setting.ts';
import { clinicianAt, type CitizenContext } from '../citizen-context.ts';
import { carePlan, task, type Activity } from '../clinical/care-plans.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode } from '../clinical/episodes.ts';
import { iplosAssessment } from '../clinical/iplos.ts';
import { note } from '../clinical/notes.ts';
import { baselineFor, valuesOn, vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';

/** Times of the day's visits by number of visits a day (minutes after midnight). */
export const VISIT_TIMES: Readonly<Record<1 | 2 | 3 | 4, readonly number[]>> = {
  1: [9 * 60],
  2: [8 * 60 + 30, 21 * 60],
  3: [8 * 60, 14 * 60, 21 * 60],
  4: [8 * 60, 12 * 60, 16 * 60, 21 * 60],
};

export interface HomeCarePlan {
  readonly visitsPerDay: 1 | 2 | 3 | 4;
  /** How long ago the service started (days). */
  readonly sinceDays: number;
  readonly practicalHelp?: boolean;
  readonly woundCare?: boolean;
  /** Days of visits back from today written as contacts with a report (the rest is summarised in notes). */
  readonly recentDays?: number;
  /** Who has today's visit due at `minute` on their round, and when it is on the round; default: by shift. */
  readonly route?: (minute: number) => { readonly owner: Ref; readonly at: number } | undefined;
}

/**
 * Home care (hjemmesykepleie): the decision granting it, IPLOS, the care plan with its daily activities, the
 * last days' visits with reports, weekly vital signs with NEWS2, and today's visits on the workers' rounds.
 */
export function homeCare(ctx: CitizenContext, plan: HomeCarePlan): { episode: Ref; plan: Ref } {
  const zone = ctx.zone;
  const office = ctx.setting.unit('saksbehandling');
  const caseworker = clinicianAt(ctx, office);
  const primary = clinicianAt(ctx, zone, 'SP');
  const startDay = -plan.sinceDays;
  const decided = ctx.clock.at(startDay - 5, 11 * 60);
  const pathway = refTo(
    episode(ctx, {
      unit: zone,
      start: ctx.clock.date(startDay),
      careManager: primary.role,
      vedtak: { type: 'hjemmesykepleie', decidedOn: decided.slice(0, 10), decidedBy: office },
    }),
  );
  if (plan.practicalHelp) {
    episode(ctx, {
      unit: zone,
      start: ctx.clock.date(startDay),
      vedtak: { type: 'praktisk-bistand', decidedOn: decided.slice(0, 10), decidedBy: office },
    });
  }
  const level = ctx.age >= 85 ? 3 : 2;
  iplosAssessment(ctx, { level, at: ctx.clock.at(startDay - 10, 10 * 60), author: caseworker.role });
  for (let d = startDay + 365; d < -1; d += 365)
    iplosAssessment(ctx, { level: level + 0.3, at: ctx.clock.at(d, 13 * 60), author: primary.role });

  const times = VISIT_TIMES[plan.visitsPerDay];
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const activities: Activity[] = [
    {
      description: 'Legemiddelhåndtering: gi legemidler fra multidose, observere effekt og bivirkninger',
      times: times.map(hhmm),
    },
    ...(plan.visitsPerDay >= 2
      ? [{ description: 'Hjelp til morgenstell og påkledning', times: [hhmm(times[0] as number)] }]
      : []),
    ...(plan.visitsPerDay >= 3
      ? [{ description: 'Tilsyn, ernæring og væske', times: [hhmm(times[1] as number)] }]
      : []),
    ...(plan.woundCare
      ? [
          {
            description: 'Sårstell venstre legg etter prosedyre',
            times: [hhmm(times[0] as number)],
            everyDays: 2,
          },
        ]
      : []),
  ];
  const { plan: carePlanResource } = carePlan(ctx, {
    type: 'tiltaksplan',
    title: 'Tiltaksplan hjemmesykepleie',
    unit: zone,
    author: primary.role,
    start: ctx.clock.date(startDay),
    recorded: ctx.clock.at(startDay, 14 * 60),
    goals: [
      'Bo trygt i eget hjem',
      'Riktig legemiddelbruk',
      ...(plan.woundCare ? ['Sår tilhelet innen seks uker'] : []),
    ],
    activities,
    addresses: ctx.state.chronic.slice(0, 3).map((c) => c.ref),
    episode: pathway,
  });
  const planRef = refTo(carePlanResource);

  const base = baselineFor(ctx, {
    copd: ctx.state.chronic.some((c) => c.condition.key === 'copd'),
    hypertension: ctx.state.chronic.some((c) => c.condition.key === 'hypertension'),
  });
  const recentDays = Math.min(plan.recentDays ?? 3, plan.sinceDays);
  for (let day = -recentDays; day <= -1; day++) {
    times.forEach((minute, i) => {
      const worker = clinicianAt(ctx, zone);
      const start = ctx.clock.at(day, minute + ctx.random.int(-10, 20));
      const visit = refTo(
        encounter(ctx, {
          kind: 'hjemmebesok',
          unit: zone,
          practitioner: worker.role,
          start,
          minutes: ctx.random.int(15, 40),
          episode: pathway,
        }),
      );
      if (i !== 0) return;
      note(ctx, {
        template: 'home-care-visit',
        unit: zone,
        author: worker.role,
        date: ctx.clock.later(start, 35),
        encounter: visit,
        sections: {
          observations: ctx.random.pick([
            'I fin form, har sovet godt. Spiser og drikker som vanlig.',
            'Litt trett i dag, ellers som vanlig. God matlyst.',
            'Klagde over vondt i ryggen, fikk paracetamol etter ordinasjon. Ellers fin.',
            'Våken og orientert. Hjelp til stell som avtalt.',
          ]),
          'care-given': 'Legemidler gitt fra multidose etter ordinasjon. Tiltak utført etter tiltaksplanen.',
          'follow-up': 'Ingen endringer. Neste besøk som planlagt.',
        },
      });
    });
  }
  // Weekly vital signs on the morning visit; NEWS2 for everyone measured with all seven parameters.
  for (let week = 1; week <= 4 && week * 7 <= plan.sinceDays; week++) {
    const day = -7 * week + 6;
    const worker = clinicianAt(ctx, zone, 'SP');
    vitalSet(ctx, {
      at: ctx.clock.at(day, (times[0] as number) + 15),
      performer: worker.role,
      values: valuesOn(ctx, base, ctx.random.chance(0.1) ? 0.3 : 0.05),
      spo2Scale: ctx.state.spo2Scale,
    });
  }
  for (const minute of times) {
    const round = plan.route?.(minute) ?? { owner: nurseFor(ctx, minute), at: minute };
    const owner = round.owner;
    const start = ctx.clock.at(0, round.at);
    task(ctx, {
      type: 'hjemmebesok',
      description:
        minute < 11 * 60
          ? 'Morgenbesøk: legemidler og stell'
          : minute >= 20 * 60
            ? 'Kveldsbesøk: legemidler'
            : 'Besøk: legemidler og tilsyn',
      owner,
      status: 'requested',
      start,
      end: ctx.clock.later(start, 30),
      authored: ctx.clock.at(-1, 14 * 60),
      basedOn: planRef,
    });
  }
  return { episode: pathway, plan: planRef };
}

/** Today's round: the zone's day or evening shift (the demo's named nurses have their rounds set by the scenarios). */
function nurseFor(ctx: CitizenContext, minute: number): Ref {
  const zone = ctx.zone;
  const nurse = ctx.municipality.routeNurse(zone, minute >= 15 * 60);
  return nurse ? ctx.setting.role(nurse, zone) : ctx.setting.org(zone);
}
