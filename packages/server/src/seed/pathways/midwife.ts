import { clinicianAt, type CitizenContext } from '../citizen-context.ts';
import { condition } from '../clinical/conditions.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode } from '../clinical/episodes.ts';
import { note } from '../clinical/notes.ts';
import { vitalSet } from '../clinical/vital-signs.ts';
import { refTo } from '../record-builder.ts';

/** Pregnancy follow-up by the municipal midwife: controls about every four weeks with blood pressure and weight. */
export function pregnancy(ctx: CitizenContext, weeks: number): void {
  const unit = ctx.setting.unit('jordmor');
  const midwife = clinicianAt(ctx, unit);
  const start = -(weeks - 8) * 7;
  const pathway = refTo(episode(ctx, { unit, start: ctx.clock.date(start), careManager: midwife.role }));
  const pregnancyRef = refTo(
    condition(ctx, {
      icpc2: 'W78',
      icd10: weeks > 1 ? 'Z340' : 'Z321',
      category: 'problem-list-item',
      clinicalStatus: 'active',
      onset: ctx.clock.date(-weeks * 7),
      recorded: ctx.clock.at(start, 10 * 60),
      recorder: midwife.role,
    }),
  );
  const weight = Math.round(ctx.random.normal(66, 8));
  for (let day = start; day < -1; day += 28) {
    const week = weeks + Math.floor(day / 7);
    const at = ctx.clock.at(day, Math.round(ctx.random.int(9 * 60, 14 * 60) / 15) * 15);
    const visit = refTo(
      encounter(ctx, {
        kind: 'konsultasjon',
        unit,
        practitioner: midwife.role,
        start: at,
        minutes: 30,
        episode: pathway,
      }),
    );
    const systolic = Math.min(150, Math.max(95, Math.round(ctx.random.normal(112, 8))));
    const diastolic = Math.min(systolic - 25, Math.max(50, Math.round(ctx.random.normal(70, 6))));
    const kg = Math.round((weight + Math.max(0, week - 12) * 0.45) * 10) / 10;
    const set = vitalSet(ctx, {
      at: ctx.clock.later(at, 10),
      performer: midwife.role,
      encounter: visit,
      values: { bloodPressure: { systolic, diastolic }, weight: kg },
    });
    note(ctx, {
      template: 'health-station-consultation',
      unit,
      author: midwife.role,
      date: ctx.clock.later(at, 30),
      encounter: visit,
      sections: {
        reason: `Svangerskapskontroll, uke ${week}.`,
        growth: `BT ${systolic}/${diastolic}, vekt ${String(kg).replace('.', ',')} kg. Symfyse-fundus-mål følger kurven. Fosterlyd hørt.`,
        plan: 'Ny kontroll om fire uker.',
      },
      entries: { reason: [pregnancyRef], ...(set ? { growth: set.observations.map((o) => refTo(o)) } : {}) },
    });
  }
}
