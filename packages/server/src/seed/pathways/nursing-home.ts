import type { Ref } from '../care-setting.ts';
import { clinicianAt, type CitizenContext } from '../citizen-context.ts';
import { carePlan, task } from '../clinical/care-plans.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode, type VedtakType } from '../clinical/episodes.ts';
import { flag } from '../clinical/flags.ts';
import { iplosAssessment } from '../clinical/iplos.ts';
import { medicationLine, MEDICINES, type MedicineKey } from '../clinical/medicines.ts';
import { note } from '../clinical/notes.ts';
import { baselineFor, valuesOn, vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

export interface StayPlan {
  readonly ward: SeedUnit;
  readonly kind: Extract<VedtakType, 'langtidsopphold' | 'korttidsopphold' | 'kad'>;
  /** Days since admission. */
  readonly sinceDays: number;
  /** How unwell the resident is over the last days (0 usual, 1 acutely ill); the last value is today. */
  readonly course?: readonly number[];
  /** Measured this morning (the ward list shows today's NEWS2 where measured). */
  readonly measuredToday?: boolean;
  readonly reason?: string;
}

/**
 * A nursing-home stay (long-term, short-term or a municipal acute bed): the decision, the stay itself as an
 * ongoing contact, IPLOS, the care plan, daily reports, vital signs with NEWS2 following the resident's course,
 * the ward doctor's notes and today's open tasks.
 */
export function nursingHomeStay(ctx: CitizenContext, plan: StayPlan): void {
  const ward = plan.ward;
  const office = ctx.setting.unit('saksbehandling');
  const nurse = clinicianAt(ctx, ward, 'SP');
  const doctor = ctx.setting.staffAt(ward.id, 'LE')[0];
  const doctorRole = doctor ? ctx.setting.role(doctor, ward) : undefined;
  const admitted = -plan.sinceDays;
  const decidedBy = plan.kind === 'kad' ? ctx.setting.unit('legevakt') : office;
  const pathway = refTo(
    episode(ctx, {
      unit: ward,
      start: ctx.clock.date(admitted),
      careManager: nurse.role,
      vedtak: {
        type: plan.kind,
        decidedOn: ctx.clock.date(admitted - (plan.kind === 'kad' ? 0 : 7)),
        decidedBy,
      },
    }),
  );
  const stay = refTo(
    encounter(ctx, {
      kind: 'opphold',
      unit: ward,
      practitioner: nurse.role,
      start: ctx.clock.at(admitted, plan.kind === 'kad' ? 19 * 60 + 30 : 12 * 60),
      status: 'in-progress',
      episode: pathway,
      ...(plan.reason ? { reason: [ctx.codes.icpc2(plan.reason)] } : {}),
    }),
  );
  const long = plan.kind === 'langtidsopphold';
  if (long) {
    iplosAssessment(ctx, {
      level: 4,
      at: ctx.clock.at(admitted - 10, 10 * 60),
      author: clinicianAt(ctx, office).role,
    });
    for (let d = admitted + 365; d < -1; d += 365)
      iplosAssessment(ctx, { level: 4.3, at: ctx.clock.at(d, 13 * 60), author: nurse.role });
  }
  carePlan(ctx, {
    type: 'pleieplan',
    title: long ? 'Pleieplan langtidsopphold' : 'Pleieplan korttidsopphold',
    unit: ward,
    author: nurse.role,
    start: ctx.clock.date(admitted),
    recorded: ctx.clock.at(admitted + (plan.sinceDays > 0 ? 1 : 0), 13 * 60),
    goals: long
      ? ['Trygghet og god livskvalitet', 'Opprettholde funksjon']
      : ['Tilbake til eget hjem', 'Stabil allmenntilstand'],
    activities: [
      { description: 'Stell morgen og kveld', times: ['08:00', '21:00'] },
      { description: 'Legemiddelhåndtering', times: ['08:00', '14:00', '20:00'] },
      { description: 'Ernæring og væske: registrere inntak' },
      { description: 'Forflytning med rullator og følge' },
    ],
    addresses: ctx.state.chronic.slice(0, 3).map((c) => c.ref),
    episode: pathway,
  });
  if (long && ctx.random.chance(0.4) && doctorRole) {
    flag(ctx, {
      kind: 'behandlingsbegrensning',
      text: 'Ikke aktuelt med hjerte-lunge-redning. Avklart med pasient og pårørende.',
      author: doctorRole,
      start: ctx.clock.date(admitted + 14),
      recorded: ctx.clock.at(admitted + 14, 13 * 60),
    });
  }
  const medicines: MedicineKey[] = long ? ['paracetamolFast', 'laktulose'] : ['paracetamolBehov'];
  for (const key of medicines) {
    if (ctx.safety.conflicts(ctx.state.medicines, ctx.state.allergies, key)) continue;
    medicationLine(ctx, {
      medicine: MEDICINES[key],
      start: ctx.clock.date(admitted),
      asserted: ctx.clock.at(admitted, 15 * 60),
      reason: long ? 'L90' : 'A01',
    });
    ctx.state.medicines.push(key);
  }

  // The resident's last days: daily reports, vital signs (daily on short stays, weekly on long ones).
  const base = baselineFor(ctx, { copd: ctx.state.chronic.some((c) => c.condition.key === 'copd') });
  const days = Math.min(plan.sinceDays, 7);
  const course = plan.course ?? [];
  const illnessOn = (day: number) => course[course.length - 1 + day] ?? 0.05;
  for (let day = -days; day <= -1; day++) {
    const worker = clinicianAt(ctx, ward);
    const illness = illnessOn(day);
    const measured = !long || day % 7 === -1 || illness > 0.2;
    const set = measured
      ? vitalSet(ctx, {
          at: ctx.clock.at(day, 7 * 60 + ctx.random.int(0, 40)),
          performer: worker.role,
          encounter: stay,
          values: valuesOn(ctx, base, illness),
          spo2Scale: ctx.state.spo2Scale,
        })
      : undefined;
    note(ctx, {
      template: 'nursing-home-daily',
      unit: ward,
      author: worker.role,
      date: ctx.clock.at(day, 14 * 60 + 30),
      encounter: stay,
      sections: {
        observations:
          illness > 0.4
            ? `Redusert allmenntilstand, feber og økt pustefrekvens.${set?.total !== undefined ? ` NEWS2 ${set.total}, lege informert.` : ''}`
            : ctx.random.pick([
                'God natt. Spiste frokost og lunsj, drikker godt.',
                'Urolig i ettermiddag, roet seg etter samtale og kaffe.',
                'Deltok på felles lunsj. Gikk tur i gangen med rullator.',
                'Sov det meste av formiddagen. Spiste lite, tilbudt næringsdrikk.',
              ]),
        'care-given': 'Stell og legemidler etter pleieplanen.',
        'follow-up': illness > 0.4 ? 'Ny NEWS2 i kveld. Vurder legetilsyn i morgen.' : 'Ingen endringer.',
      },
      ...(set
        ? {
            entries: {
              observations: [...set.observations, ...(set.news2 ? [set.news2] : [])].map((o) => refTo(o)),
            },
          }
        : {}),
    });
  }
  if (doctorRole) {
    for (let day = admitted + 1; day < -1; day += long ? 30 : 7) {
      if (day < -ctx.years * 365) continue;
      note(ctx, {
        template: 'free-text',
        unit: ward,
        author: doctorRole,
        date: ctx.clock.at(day, 11 * 60),
        encounter: stay,
        title: day === admitted + 1 ? 'Innkomstnotat sykehjemslege' : 'Legevisitt',
        sections: {
          note:
            day === admitted + 1
              ? `Innlagt ${long ? 'for langtidsopphold' : 'for korttidsopphold'}. Gjennomgått legemiddelliste og problemliste. Tiltak etter pleieplan.`
              : 'Stabil. Legemiddelgjennomgang uten endringer. Pårørende orientert.',
        },
      });
    }
  }
  const today = illnessOn(0);
  if (plan.measuredToday ?? ctx.random.chance(long ? 0.5 : 0.85)) {
    vitalSet(ctx, {
      at: ctx.clock.at(0, 7 * 60 + ctx.random.int(0, 20)),
      performer: clinicianAt(ctx, ward).role,
      encounter: stay,
      values: valuesOn(ctx, base, today),
      spo2Scale: ctx.state.spo2Scale,
    });
  }
  openTasks(ctx, ward, stay, today, plan.sinceDays);
}

function openTasks(ctx: CitizenContext, ward: SeedUnit, stay: Ref, illness: number, sinceDays: number): void {
  const owner = ctx.setting.org(ward);
  const open = (
    type: 'oppfolging' | 'prove' | 'legemiddelsamstemming',
    description: string,
    minute: number,
    status: 'requested' | 'in-progress' = 'requested',
  ) => {
    const start = ctx.clock.at(0, minute);
    task(ctx, {
      type,
      description,
      owner,
      status,
      start,
      end: ctx.clock.later(start, 60),
      authored: ctx.clock.at(-1, 15 * 60),
      encounter: stay,
    });
  };
  if (illness > 0.3) open('prove', 'Blodprøver: CRP og hemoglobin', 9 * 60);
  if (illness > 0.3 || ctx.random.chance(0.2)) open('oppfolging', 'Legetilsyn', 11 * 60);
  if (sinceDays <= 2)
    open('legemiddelsamstemming', 'Legemiddelsamstemming etter innleggelse', 10 * 60, 'in-progress');
  if (ctx.random.chance(0.3)) open('oppfolging', 'Veiing', 10 * 60 + 30);
}
