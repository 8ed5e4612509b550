import { clinicianAt, type CitizenContext } from '../citizen-context.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode } from '../clinical/episodes.ts';
import { note } from '../clinical/notes.ts';
import { refTo } from '../record-builder.ts';

/** A course of physiotherapy: assessment, then treatments every week. */
export function physiotherapy(ctx: CitizenContext, sinceDays: number, active: boolean): void {
  const unit = ctx.setting.unit('fysioterapi');
  const therapist = clinicianAt(ctx, unit);
  const start = -sinceDays;
  const end = active ? undefined : start + 56;
  const pathway = refTo(
    episode(ctx, {
      unit,
      start: ctx.clock.date(start),
      ...(end !== undefined && end < 0 ? { end: ctx.clock.date(end) } : {}),
    }),
  );
  const sessions = Math.min(8, Math.floor(((end ?? 0) - start) / 7));
  for (let i = 0; i < sessions; i++) {
    const day = start + i * 7;
    if (day > -1) break;
    const at = ctx.clock.at(day, Math.round(ctx.random.int(8 * 60, 15 * 60) / 15) * 15);
    const visit = refTo(
      encounter(ctx, {
        kind: 'konsultasjon',
        unit,
        practitioner: therapist.role,
        start: at,
        minutes: 45,
        episode: pathway,
      }),
    );
    if (i > 0) continue;
    note(ctx, {
      template: 'physio-assessment',
      unit,
      author: therapist.role,
      date: ctx.clock.later(at, 50),
      encounter: visit,
      sections: {
        reason:
          ctx.age >= 67
            ? 'Nedsatt gangfunksjon og falltendens.'
            : 'Smerter i korsrygg og nakke etter lang tids stillesitting.',
        findings:
          ctx.age >= 67
            ? 'Bergs balanseskala 41/56. Går med rullator innendørs.'
            : 'Nedsatt bevegelighet i lumbalcolumna, ømme muskelfester.',
        assessment: 'God rehabiliteringsprognose.',
        plan: 'Øvelser to ganger i uken i åtte uker, hjemmeprogram.',
      },
    });
  }
}

/** An occupational therapist's home visit for assistive devices. */
export function occupationalTherapy(ctx: CitizenContext, daysAgo: number): void {
  const unit = ctx.setting.unit('ergoterapi');
  const therapist = clinicianAt(ctx, unit);
  const at = ctx.clock.at(-daysAgo, 10 * 60);
  const pathway = refTo(
    episode(ctx, {
      unit,
      start: ctx.clock.date(-daysAgo),
      end: ctx.clock.date(-daysAgo + 30 > -1 ? -1 : -daysAgo + 30),
    }),
  );
  const visit = refTo(
    encounter(ctx, {
      kind: 'hjemmebesok',
      unit,
      practitioner: therapist.role,
      start: at,
      minutes: 60,
      episode: pathway,
    }),
  );
  note(ctx, {
    template: 'ergo-assessment',
    unit,
    author: therapist.role,
    date: ctx.clock.later(at, 70),
    encounter: visit,
    sections: {
      reason: 'Vurdering av hjelpemidler i hjemmet etter fall.',
      findings: 'Bor i enebolig, trapp til soverom. Dusjer stående, ustø ved forflytning.',
      assessment: 'Behov for tilrettelegging av bad og trygghetsalarm.',
      plan: 'Dusjkrakk, toalettforhøyer og gripehåndtak søkt fra NAV hjelpemiddelsentral.',
    },
  });
}
