import type { Ref } from '../care-setting.ts';
import { clinicianAt, type CitizenContext } from '../citizen-context.ts';
import { condition } from '../clinical/conditions.ts';
import { encounter } from '../clinical/contacts.ts';
import { episode } from '../clinical/episodes.ts';
import { note } from '../clinical/notes.ts';
import { refTo } from '../record-builder.ts';

const PROBLEMS = {
  depression: { icpc2: 'P76', icd10: 'F329', theme: 'senket stemningsleie, søvn og aktivitet' },
  anxiety: { icpc2: 'P74', icd10: 'F419', theme: 'angst i sosiale situasjoner og mestring' },
  alcohol: { icpc2: 'P15', icd10: 'F102', theme: 'alkoholbruk, motivasjon og nettverk' },
  substances: { icpc2: 'P19', icd10: 'F192', theme: 'rusmiddelbruk, bolig og hverdag' },
} as const;

export type MentalHealthProblem = keyof typeof PROBLEMS;

export interface MentalHealthPlan {
  readonly problem: MentalHealthProblem;
  /** Days since the follow-up started. */
  readonly sinceDays: number;
  /** Ended this many days ago (a finished follow-up). */
  readonly endedDaysAgo?: number;
  readonly sessions: number;
  /** The clinician who follows the citizen up; default: one of the service's. */
  readonly therapist?: Ref;
}

/**
 * Follow-up by psykisk helse og rus: an episode of care, the problem on the list, and conversations every
 * other week with notes private to the service (the GP and others see that contacts happened, not what was said).
 */
export function mentalHealth(ctx: CitizenContext, plan: MentalHealthPlan): void {
  const unit = ctx.setting.unit('psykisk-helse-rus');
  const therapist = { role: plan.therapist ?? clinicianAt(ctx, unit).role };
  const p = PROBLEMS[plan.problem];
  const start = -plan.sinceDays;
  const end = plan.endedDaysAgo !== undefined ? -plan.endedDaysAgo : undefined;
  const pathway = refTo(
    episode(ctx, {
      unit,
      start: ctx.clock.date(start),
      ...(end !== undefined ? { end: ctx.clock.date(end) } : {}),
      careManager: therapist.role,
    }),
  );
  condition(ctx, {
    icpc2: p.icpc2,
    icd10: p.icd10,
    category: 'problem-list-item',
    clinicalStatus: end !== undefined ? 'remission' : 'active',
    onset: ctx.clock.date(start - ctx.random.int(30, 400)),
    recorded: ctx.clock.at(start, 11 * 60),
    recorder: therapist.role,
  });
  const last = end ?? -1;
  for (let i = 0; i < plan.sessions; i++) {
    const day = last - i * 14;
    if (day < start) break;
    const at = ctx.clock.at(day, Math.round(ctx.random.int(9 * 60, 15 * 60) / 15) * 15);
    const session = refTo(
      encounter(ctx, {
        kind: 'konsultasjon',
        unit,
        practitioner: therapist.role,
        start: at,
        minutes: 45,
        episode: pathway,
      }),
    );
    note(ctx, {
      template: 'mental-health-note',
      unit,
      author: therapist.role,
      date: ctx.clock.later(at, 50),
      encounter: session,
      sections: {
        conversation: `Samtale om ${p.theme}. ${ctx.random.pick([
          'Forteller om en tung uke, men har klart å gå på jobb.',
          'Har hatt flere gode dager, trener to ganger i uken.',
          'Strever med søvnen, ligger våken og grubler.',
          'Har tatt kontakt med familien igjen, opplevde det som positivt.',
        ])}`,
        assessment: ctx.random.pick([
          'Stabil. Ingen tegn til selvmordsfare.',
          'Noe bedring siden sist. Ingen akutt risiko.',
          'Uendret. Motivert for videre samtaler.',
        ]),
        plan: 'Ny samtale om to uker.',
      },
    });
  }
}
