import { news2ParametersOf } from '@akson/clinical';
import { fail, parseFhirJson } from '@akson/fhir';
import type { Observation } from '@medplum/fhirtypes';
import type { WriteRule } from '../../services/write-rules.ts';
import { hasNews2Code, hasNews2Identifier, isCalculated } from './calculated-news2.ts';
import { refreshNews2 } from './news2-refresh.ts';

export { NEWS2_IDENTIFIER_SYSTEM } from './calculated-news2.ts';
export { SPO2_SCALE_2 } from './spo2-scale.ts';

/**
 * NEWS2 is never entered, always calculated (docs/record.md "Structured content"): whenever a vital sign is
 * written or deleted, the NEWS2 of its set (and of the set it was part of before) is brought up to date — in
 * the same transaction, by the same caller (so it carries the same access labels and is audited as theirs).
 *
 * Clients cannot write NEWS2 at all, not even systems: a NEWS2 a client sent would be shown as the score of a
 * set of vital signs it was never calculated from, and anything that reads the record (the summary, the ward
 * list, the escalation) would trust it. Refusing every client write of the NEWS2 code (and of the server's
 * NEWS2 identifier, and any change to a stored NEWS2) keeps "a NEWS2 in the record" and "a NEWS2 the server
 * calculated" the same thing, which a marker inside the resource could not: every field of a resource can be
 * sent by a client. Imports bring the vital signs; the server scores them.
 */
export const news2Rule: WriteRule = {
  type: 'Observation',

  prepare(resource, context) {
    if (isCalculated(resource)) return resource;
    const stored = context.existing?.content ? parseFhirJson(context.existing.content) : undefined;
    if (hasNews2Code(resource) || hasNews2Identifier(resource) || (stored && hasNews2Code(stored))) {
      throw fail('AKS_ERR_NEWS_SCORE_CALCULATED');
    }
    return resource;
  },

  async afterWrite(written, context) {
    const after = written.resource as unknown as Observation;
    const patientId = written.indexed.patientId;
    if (!patientId || hasNews2Code(after)) return;
    const before = context.existing?.content
      ? (parseFhirJson(context.existing.content) as Observation)
      : undefined;
    if (!isVitalSign(after) && !(before && isVitalSign(before))) return;
    await refreshNews2(context, { id: written.id, patientId, after, before });
  },

  async beforeDelete(existing, context) {
    if (!existing.content || !existing.patientId) return;
    const before = parseFhirJson(existing.content) as Observation;
    if (hasNews2Code(before) || !isVitalSign(before)) return;
    await refreshNews2(context, { id: existing.id, patientId: existing.patientId, after: undefined, before });
  },
};

function isVitalSign(o: Observation): boolean {
  return news2ParametersOf(o).length > 0;
}
