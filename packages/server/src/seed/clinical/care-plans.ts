import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';
import type { SeedUnit } from '../register/register-types.ts';

export const CAREPLAN_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/careplan-type';
export const TASK_TYPE_SYSTEM = 'https://akson.no/fhir/CodeSystem/task-type';

const CAREPLAN_TYPES = {
  tiltaksplan: 'Tiltaksplan',
  'individuell-plan': 'Individuell plan',
  pleieplan: 'Pleieplan',
};
const TASK_TYPES = {
  hjemmebesok: 'Hjemmebesøk',
  oppfolging: 'Oppfølging',
  legemiddelsamstemming: 'Legemiddelsamstemming',
  prove: 'Prøve',
  annet: 'Annet',
} as const;

export type TaskType = keyof typeof TASK_TYPES;

export interface Activity {
  readonly description: string;
  /** Times of day (HH:MM) the activity is done, daily; absent for activities without a fixed time. */
  readonly times?: readonly string[];
  /** Every n days (1 = daily). */
  readonly everyDays?: number;
}

export interface CarePlanInput {
  readonly type: keyof typeof CAREPLAN_TYPES;
  readonly title: string;
  readonly unit: SeedUnit;
  readonly author: Ref;
  /** Date the plan took effect. */
  readonly start: string;
  readonly recorded: string;
  readonly goals: readonly string[];
  readonly activities: readonly Activity[];
  readonly addresses?: readonly Ref[];
  readonly episode?: Ref;
}

/** A care plan with its goals (Goal) and activities (scheduled timing, performed by the unit). */
export function carePlan(
  ctx: CitizenContext,
  input: CarePlanInput,
): { plan: FhirResource; goals: FhirResource[] } {
  const goals = input.goals.map((text) =>
    ctx.out.add(
      {
        resourceType: 'Goal',
        lifecycleStatus: 'active',
        description: { text },
        subject: ctx.patient,
        startDate: input.start,
        expressedBy: input.author,
      },
      input.recorded,
    ),
  );
  const plan = ctx.out.add(
    {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      category: [
        { coding: [{ system: CAREPLAN_TYPE_SYSTEM, code: input.type, display: CAREPLAN_TYPES[input.type] }] },
      ],
      title: input.title,
      subject: ctx.patient,
      period: { start: input.start },
      created: input.recorded,
      author: input.author,
      ...(input.addresses && input.addresses.length > 0 ? { addresses: [...input.addresses] } : {}),
      ...(input.episode ? { supportingInfo: [input.episode] } : {}),
      goal: goals.map((g) => ({ reference: `Goal/${g.id}` })),
      activity: input.activities.map((a) => ({
        detail: {
          status: 'in-progress',
          description: a.description,
          ...(a.times
            ? {
                scheduledTiming: {
                  repeat: {
                    frequency: a.times.length,
                    period: a.everyDays ?? 1,
                    periodUnit: 'd',
                    timeOfDay: a.times.map((t) => `${t}:00`),
                  },
                },
              }
            : {}),
          performer: [ctx.setting.org(input.unit)],
        },
      })),
    },
    input.recorded,
  );
  return { plan, goals };
}

export interface TaskInput {
  readonly type: TaskType;
  readonly description: string;
  /** Who does it: a unit (its worklist) or a person's role (their round). */
  readonly owner: Ref;
  readonly requester?: Ref;
  readonly status: 'requested' | 'accepted' | 'in-progress' | 'completed' | 'cancelled';
  /** Local date-times of the planned execution. */
  readonly start: string;
  readonly end: string;
  readonly authored: string;
  readonly basedOn?: Ref;
  readonly encounter?: Ref;
}

/** A task on a worklist (docs/record.md): what, for whom, owned by which unit or person, when. */
export function task(ctx: CitizenContext, input: TaskInput): FhirResource {
  return ctx.out.add(
    {
      resourceType: 'Task',
      status: input.status,
      intent: 'order',
      code: { coding: [{ system: TASK_TYPE_SYSTEM, code: input.type, display: TASK_TYPES[input.type] }] },
      description: input.description,
      ...(input.basedOn ? { basedOn: [input.basedOn] } : {}),
      for: ctx.patient,
      ...(input.encounter ? { encounter: input.encounter } : {}),
      executionPeriod: { start: input.start, end: input.end },
      authoredOn: input.authored,
      lastModified: input.authored,
      ...(input.requester ? { requester: input.requester } : {}),
      owner: input.owner,
    },
    input.authored,
  );
}
