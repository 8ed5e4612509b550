import { clinicianAt, windowStart, type CitizenContext } from '../citizen-context.ts';
import { condition } from '../clinical/conditions.ts';
import { encounter } from '../clinical/contacts.ts';
import { note } from '../clinical/notes.ts';
import { ACUTE_PROBLEMS, ageGroup, type AcuteProblem } from '../clinical/problem-catalogue.ts';
import { baselineFor, valuesOn, vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';
import { countFor } from './counts.ts';
import { treatmentCourse } from './gp-care.ts';

/** Emergency-clinic visits per person and year (legevakt: about one in seven Norwegians a year, more at the ends of life). */
function visitsPerYear(age: number): number {
  return age < 6 ? 0.2 : age < 16 ? 0.1 : age < 67 ? 0.12 : age < 80 ? 0.18 : 0.25;
}

const TRIAGE = {
  urgent: { code: 'UR', display: 'urgent' },
  routine: { code: 'R', display: 'routine' },
  emergency: { code: 'EM', display: 'emergency' },
} as const;

/**
 * The emergency clinic (legevakt): evening and night visits with a full set of vital signs and NEWS2, an
 * emergency note and a diagnosis; and today's queue, people who came in the early morning and wait or are
 * being seen.
 */
export function emergencyClinic(ctx: CitizenContext): void {
  const visits = countFor(ctx.random, visitsPerYear(ctx.age) * ctx.years);
  for (let i = 0; i < visits; i++) emergencyVisit(ctx, ctx.random.int(windowStart(ctx), -1), problemFor(ctx));
  if (ctx.random.chance(ctx.municipality.queueChance * 2) && ctx.municipality.joinQueue()) queued(ctx);
}

function problemFor(ctx: CitizenContext): AcuteProblem {
  const group = ageGroup(ctx.age);
  return ctx.random.weighted(ACUTE_PROBLEMS.map((p) => [p, p.weight[group] * (0.3 + p.illness)] as const));
}

/** One emergency-clinic visit on a day (offset from today) for a problem. */
export function emergencyVisit(ctx: CitizenContext, day: number, problem: AcuteProblem): void {
  const unit = ctx.setting.unit('legevakt');
  const doctor = clinicianAt(ctx, unit, 'LE');
  const nurse = clinicianAt(ctx, unit, 'SP');
  // Evenings, nights and weekends: 16:00 to 07:00 the next morning.
  const start = ctx.clock.at(day, 16 * 60 + Math.round(ctx.random.int(0, 15 * 60) / 5) * 5);
  const minutes = ctx.random.int(40, 150);
  const contact = refTo(
    encounter(ctx, {
      kind: 'legevakt',
      unit,
      practitioner: doctor.role,
      start,
      minutes,
      reason: [ctx.codes.icpc2(problem.icpc2)],
      priority: problem.illness > 0.5 ? TRIAGE.urgent : TRIAGE.routine,
    }),
  );
  const set = vitalSet(ctx, {
    at: ctx.clock.later(start, 10),
    performer: nurse.role,
    encounter: contact,
    values: valuesOn(ctx, baselineFor(ctx), problem.illness),
    spo2Scale: ctx.state.spo2Scale,
  });
  const written = ctx.clock.later(start, minutes);
  const diagnosis = refTo(
    condition(ctx, {
      icpc2: problem.icpc2,
      ...(problem.icd10 ? { icd10: problem.icd10 } : {}),
      category: 'encounter-diagnosis',
      clinicalStatus: day < -21 ? 'resolved' : 'active',
      onset: ctx.clock.date(day),
      ...(day < -21 ? { abatement: ctx.clock.date(day + ctx.random.int(5, 20)) } : {}),
      recorded: written,
      recorder: doctor.role,
      encounter: contact,
    }),
  );
  treatmentCourse(ctx, problem.medicine, day, written, problem.icpc2);
  const news2 = set?.total !== undefined ? ` NEWS2 ${set.total}.` : '';
  note(ctx, {
    template: 'emergency-note',
    unit,
    author: doctor.role,
    date: written,
    encounter: contact,
    sections: {
      reason: problem.history,
      findings: `${problem.findings}${news2}`,
      assessment: problem.assessment,
      plan: `${problem.plan} Epikrise sendes fastlege.`,
    },
    entries: {
      reason: [diagnosis],
      assessment: [diagnosis],
      ...(set
        ? { findings: [...set.observations, ...(set.news2 ? [set.news2] : [])].map((o) => refTo(o)) }
        : {}),
    },
  });
}

/** Waiting in this morning's queue: arrived, triaged (vital signs and NEWS2 taken) or being seen. */
function queued(ctx: CitizenContext): void {
  const unit = ctx.setting.unit('legevakt');
  const problem = problemFor(ctx);
  const nurse = clinicianAt(ctx, unit, 'SP');
  const status = ctx.random.weighted([
    ['arrived', 0.35],
    ['triaged', 0.45],
    ['in-progress', 0.2],
  ] as const);
  const start = ctx.clock.at(0, Math.round(ctx.random.int(5 * 60, 7 * 60 + 15) / 5) * 5);
  const doctor = status === 'in-progress' ? clinicianAt(ctx, unit, 'LE') : undefined;
  const contact = refTo(
    encounter(ctx, {
      kind: 'legevakt',
      unit,
      ...(doctor ? { practitioner: doctor.role } : {}),
      start,
      status,
      reason: [ctx.codes.icpc2(problem.icpc2)],
      priority: problem.illness > 0.5 ? TRIAGE.urgent : TRIAGE.routine,
    }),
  );
  if (status !== 'arrived') {
    vitalSet(ctx, {
      at: ctx.clock.later(start, 10),
      performer: nurse.role,
      encounter: contact,
      values: valuesOn(ctx, baselineFor(ctx), problem.illness),
      spo2Scale: ctx.state.spo2Scale,
    });
  }
}
