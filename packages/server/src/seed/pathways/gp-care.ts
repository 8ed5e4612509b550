import { SPO2_SCALE_2 } from '../../record/vital-signs/news2-rule.ts';
import { someTime, windowStart, type CitizenContext } from '../citizen-context.ts';
import { appointment } from '../clinical/appointments.ts';
import { condition } from '../clinical/conditions.ts';
import { encounter } from '../clinical/contacts.ts';
import { flag } from '../clinical/flags.ts';
import { medicationLine, MEDICINES, type MedicineKey } from '../clinical/medicines.ts';
import { note } from '../clinical/notes.ts';
import {
  ACUTE_PROBLEMS,
  ageGroup,
  type AcuteProblem,
  type ChronicCondition,
} from '../clinical/problem-catalogue.ts';
import { baselineFor, vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';
import { countFor } from './counts.ts';

/**
 * The GP's part of the record (fastlegen): long-term problems with their medicines, control consultations,
 * ordinary consultations and telephone contacts for everyday problems, and today's appointments.
 */
export function gpCare(ctx: CitizenContext, chronic: readonly ChronicCondition[]): void {
  if (!ctx.gp) return;
  for (const c of chronic) recordProblem(ctx, c);
  controlConsultations(ctx);
  const rate =
    ctx.age < 16
      ? 0.8
      : ctx.age < 45
        ? ctx.person.gender === 'female'
          ? 1.2
          : 0.7
        : ctx.age < 67
          ? 1.1
          : 1.3;
  acuteContacts(ctx, countFor(ctx.random, rate * ctx.years));
  if (ctx.random.chance(ctx.municipality.appointmentChance)) todaysAppointment(ctx);
}

/** Control consultations for each long-term problem over the years of history. */
export function controlConsultations(ctx: CitizenContext): void {
  for (const c of ctx.state.chronic) {
    const controls = countFor(ctx.random, c.condition.controlsPerYear * ctx.years);
    for (let i = 0; i < controls; i++) controlConsultation(ctx, c.condition, c.ref);
  }
}

/** Ordinary consultations and telephone contacts for everyday problems. */
export function acuteContacts(ctx: CitizenContext, count: number): void {
  for (let i = 0; i < count; i++) {
    const problem = acuteProblemFor(ctx);
    if (ctx.random.chance(0.2) && !problem.medicine) telephoneContact(ctx, problem);
    else acuteConsultation(ctx, problem);
  }
}

/** An appointment with the GP today, in the GP's next free slot. */
export function todaysAppointment(ctx: CitizenContext, description?: string): void {
  const gp = ctx.gp;
  if (!gp) return;
  const slot = ctx.municipality.nextAppointmentSlot(gp.staff.id);
  if (slot === undefined) return;
  appointment(ctx, {
    unit: gp.unit,
    practitioner: ctx.setting.role(gp.staff, gp.unit),
    start: ctx.clock.at(0, slot),
    minutes: 20,
    booked: someTime(ctx, -21, -1),
    description:
      description ??
      (ctx.state.chronic[0] ? `Kontroll ${ctx.state.chronic[0].condition.text}` : 'Konsultasjon'),
  });
}

/**
 * A long-term problem on the problem list and the treatment started for it (the catalogue's medicines unless
 * told which), skipping a medicine the medication check would stop.
 */
export function recordProblem(
  ctx: CitizenContext,
  c: ChronicCondition,
  options: { onsetDay?: number; medicines?: readonly MedicineKey[] } = {},
): { reference: string; display?: string } | undefined {
  const gp = ctx.gp;
  if (!gp) return undefined;
  const role = ctx.setting.role(gp.staff, gp.unit);
  const adultDays = Math.max(60, (ctx.age - 18) * 365);
  const onsetDay = options.onsetDay ?? -ctx.random.int(30, Math.min(adultDays, 20 * 365));
  const recorded = ctx.clock.at(onsetDay, ctx.random.int(8 * 60, 15 * 60));
  const ref = refTo(
    condition(ctx, {
      icpc2: c.icpc2,
      icd10: c.icd10,
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: ctx.clock.date(onsetDay),
      recorded,
      recorder: role,
    }),
    c.text,
  );
  ctx.state.chronic.push({ condition: c, ref });
  if (c.key === 'hypertension' && ctx.random.chance(0.25) && onsetDay < -200) {
    // Started on enalapril, switched because of cough: a stopped line stays on the list's history.
    const stopDay = onsetDay + ctx.random.int(30, 150);
    if (!ctx.safety.conflicts(ctx.state.medicines, ctx.state.allergies, 'enalapril')) {
      medicationLine(ctx, {
        medicine: MEDICINES.enalapril,
        start: ctx.clock.date(onsetDay),
        asserted: ctx.clock.at(stopDay, 10 * 60),
        status: 'stopped',
        end: ctx.clock.at(stopDay, 10 * 60),
        stopReason: 'Tørrhoste, sannsynlig bivirkning',
        reason: c.icpc2,
      });
    }
  }
  for (const key of options.medicines ?? c.medicines) {
    if (ctx.safety.conflicts(ctx.state.medicines, ctx.state.allergies, key)) continue;
    const startDay = Math.min(-1, onsetDay + ctx.random.int(0, 60));
    medicationLine(ctx, {
      medicine: MEDICINES[key],
      start: ctx.clock.date(startDay),
      asserted: ctx.clock.at(startDay, ctx.random.int(8 * 60, 15 * 60)),
      reason: c.icpc2,
    });
    ctx.state.medicines.push(key);
  }
  if (c.key === 'copd' && ctx.age >= 60 && ctx.random.chance(0.15)) {
    ctx.state.spo2Scale = 2;
    flag(ctx, {
      kind: 'kritisk-tilstand',
      text: 'Kronisk hyperkapnisk respirasjonssvikt: målmetning 88–92 % (NEWS2 SpO2-skala 2)',
      author: role,
      start: ctx.clock.date(onsetDay),
      recorded,
      code: { ...SPO2_SCALE_2, display: 'NEWS2 SpO2-skala 2' },
    });
  }
  return ref;
}

function controlConsultation(
  ctx: CitizenContext,
  c: ChronicCondition,
  problem: { reference: string; display?: string },
): void {
  const gp = ctx.gp;
  if (!gp) return;
  const role = ctx.setting.role(gp.staff, gp.unit);
  const start = someTime(ctx, windowStart(ctx), -1);
  const contact = refTo(
    encounter(ctx, {
      kind: 'konsultasjon',
      unit: gp.unit,
      practitioner: role,
      start,
      minutes: 20,
      reason: [ctx.codes.icpc2(c.icpc2)],
    }),
  );
  const cardiac = ['hypertension', 'atrialFibrillation', 'heartFailure', 'diabetes'].includes(c.key);
  const base = baselineFor(ctx, { hypertension: c.key === 'hypertension' });
  const set = cardiac
    ? vitalSet(ctx, {
        at: ctx.clock.later(start, 10),
        performer: role,
        encounter: contact,
        values: { bloodPressure: { systolic: base.systolic, diastolic: base.diastolic }, pulse: base.pulse },
      })
    : undefined;
  const measured = set ? `BT ${base.systolic}/${base.diastolic}, puls ${base.pulse}.` : 'Upåvirket.';
  note(ctx, {
    template: 'gp-consultation',
    unit: gp.unit,
    author: role,
    date: ctx.clock.later(start, 20),
    encounter: contact,
    sections: {
      reason: `Kontroll av ${c.text}.`,
      history: ctx.random.pick([
        'Har det bra. Tar medisinene som avtalt, ingen bivirkninger.',
        'Stort sett fin. Litt mer sliten enn vanlig i det siste.',
        'Ingen nye plager. Går tur daglig.',
      ]),
      findings: measured,
      assessment: `${c.text[0]?.toUpperCase()}${c.text.slice(1)}, stabil.`,
      plan: 'Fortsetter som før. Ny kontroll om et halvt år, blodprøver før neste time.',
    },
    entries: {
      reason: [problem],
      assessment: [problem],
      ...(set ? { findings: set.observations.map((o) => refTo(o)) } : {}),
    },
  });
}

function acuteProblemFor(ctx: CitizenContext): AcuteProblem {
  const group = ageGroup(ctx.age);
  return ctx.random.weighted(ACUTE_PROBLEMS.map((p) => [p, p.weight[group]] as const));
}

function acuteConsultation(ctx: CitizenContext, problem: AcuteProblem): void {
  const gp = ctx.gp;
  if (!gp) return;
  const role = ctx.setting.role(gp.staff, gp.unit);
  const day = ctx.random.int(windowStart(ctx), -1);
  const start = ctx.clock.at(day, Math.round(ctx.random.int(8 * 60, 15 * 60) / 5) * 5);
  const contact = refTo(
    encounter(ctx, {
      kind: 'konsultasjon',
      unit: gp.unit,
      practitioner: role,
      start,
      minutes: 20,
      reason: [ctx.codes.icpc2(problem.icpc2)],
    }),
  );
  const written = ctx.clock.later(start, 20);
  const diagnosis = refTo(
    condition(ctx, {
      icpc2: problem.icpc2,
      ...(problem.icd10 ? { icd10: problem.icd10 } : {}),
      category: 'encounter-diagnosis',
      clinicalStatus: day < -21 ? 'resolved' : 'active',
      onset: ctx.clock.date(day - ctx.random.int(1, 4)),
      ...(day < -21 ? { abatement: ctx.clock.date(day + ctx.random.int(7, 21)) } : {}),
      recorded: written,
      recorder: role,
      encounter: contact,
    }),
  );
  treatmentCourse(ctx, problem.medicine, day, written, problem.icpc2);
  note(ctx, {
    template: 'gp-consultation',
    unit: gp.unit,
    author: role,
    date: written,
    encounter: contact,
    sections: {
      reason: ctx.codes.icpc2(problem.icpc2).display,
      history: problem.history,
      findings: problem.findings,
      assessment: problem.assessment,
      plan: problem.plan,
    },
    entries: { reason: [diagnosis], assessment: [diagnosis] },
  });
}

function telephoneContact(ctx: CitizenContext, problem: AcuteProblem): void {
  const gp = ctx.gp;
  if (!gp) return;
  const role = ctx.setting.role(gp.staff, gp.unit);
  const start = someTime(ctx, windowStart(ctx), -1);
  const contact = refTo(
    encounter(ctx, {
      kind: 'telefon',
      unit: gp.unit,
      practitioner: role,
      start,
      minutes: 10,
      reason: [ctx.codes.icpc2(problem.icpc2)],
    }),
  );
  const written = ctx.clock.later(start, 10);
  // A signed GP note carries its ICPC-2 diagnosis (record/notes/note-template-check.ts), a telephone one too.
  const recent = ctx.clock.daysFromToday(start.slice(0, 10)) >= -21;
  const diagnosis = refTo(
    condition(ctx, {
      icpc2: problem.icpc2,
      category: 'encounter-diagnosis',
      clinicalStatus: recent ? 'active' : 'resolved',
      recorded: written,
      recorder: role,
      encounter: contact,
    }),
  );
  note(ctx, {
    template: 'gp-consultation',
    unit: gp.unit,
    author: role,
    date: written,
    encounter: contact,
    sections: {
      reason: `Telefon: ${ctx.codes.icpc2(problem.icpc2).display.toLowerCase()}.`,
      history: problem.history,
      assessment: problem.assessment,
      plan: 'Råd gitt på telefon. Bestiller time ved forverring.',
    },
    entries: { assessment: [diagnosis] },
  });
}

/** A short course (antibiotics): started at the contact, completed when the course ended. */
export function treatmentCourse(
  ctx: CitizenContext,
  key: MedicineKey | undefined,
  day: number,
  written: string,
  reason: string,
): void {
  if (!key || ctx.safety.conflicts(ctx.state.medicines, ctx.state.allergies, key)) return;
  const medicine = MEDICINES[key];
  const days = medicine.dosage.kind === 'course' ? medicine.dosage.days : 7;
  const ended = day + days < 0;
  medicationLine(ctx, {
    medicine,
    start: ctx.clock.date(day),
    asserted: ended ? ctx.clock.at(day + days, 9 * 60) : written,
    status: ended ? 'completed' : 'active',
    ...(ended ? { end: ctx.clock.at(day + days, 9 * 60) } : {}),
    reason,
  });
  if (!ended) ctx.state.medicines.push(key);
}
