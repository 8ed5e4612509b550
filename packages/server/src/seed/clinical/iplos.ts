import { IPLOS_VARIABLES, iplosToQuestionnaireResponse, type IplosScore } from '@akson/clinical';
import type { Ref } from '../care-setting.ts';
import type { CitizenContext } from '../citizen-context.ts';
import type { FhirResource } from '../record-builder.ts';

/**
 * An IPLOS functional assessment: every variable scored 1 (no need of help) to 5 (full need), around the
 * person's overall level (`level`, 1–5), as clinical's iplosToQuestionnaireResponse builds it.
 */
export function iplosAssessment(
  ctx: CitizenContext,
  input: { level: number; at: string; author: Ref },
): FhirResource {
  const scores: Record<string, IplosScore> = {};
  for (const variable of IPLOS_VARIABLES) {
    const score = Math.round(input.level + ctx.random.normal(0, 0.8));
    scores[variable.id] = Math.min(5, Math.max(1, score)) as IplosScore;
  }
  const response = iplosToQuestionnaireResponse(scores, {
    subject: ctx.patient as never,
    authored: input.at,
    author: input.author as never,
  });
  return ctx.out.add({ ...response, id: ctx.out.newId() }, input.at);
}
