import {
  calculateNews2,
  news2ToObservation,
  NEWS2_TOTAL_SNOMED,
  SNOMED_SYSTEM,
  vitalSignsFromObservations,
} from '@akson/clinical';
import type { Observation } from '@medplum/fhirtypes';
import type { PreparedVersion } from '@akson/store';
import { searchForRule } from '../../services/rule-search.ts';
import type { WriteRule, WriteRuleContext } from '../../services/write-rules.ts';

export const NEWS2_IDENTIFIER_SYSTEM = 'https://akson.no/fhir/NamingSystem/news2';
/** Set on a Condition or Flag by a clinician: the patient is scored on SpO2 scale 2 (hypercapnic failure). */
export const SPO2_SCALE_2 = {
  system: 'https://akson.no/fhir/CodeSystem/news2',
  code: 'spo2-scale-2',
} as const;

/** Observations taken this close together belong to the same set of vital signs. */
const SET_WINDOW_MINUTES = 60;

/**
 * NEWS2 is never entered, always calculated (docs/record.md "Structured content"): whenever a vital sign is
 * written, the set it belongs to is read back and, when all seven parameters are there, the NEWS2 Observation
 * for that set is created or brought up to date — in the same transaction, by the same caller (so it carries
 * the same access labels and is audited as theirs). Clients that send NEWS2 themselves are not trusted: a
 * NEWS2 that does not come from this rule is simply another survey Observation.
 */
export const news2Rule: WriteRule = {
  type: 'Observation',
  async afterWrite(written, context) {
    const observation = written.resource as unknown as Observation;
    if (isNews2(observation) || !written.indexed.patientId) return;
    const effective = observation.effectiveDateTime ?? observation.effectivePeriod?.start;
    if (!effective || !isVitalSign(observation)) return;
    await recalculate(written, effective, context);
  },
};

async function recalculate(written: PreparedVersion, effective: string, context: WriteRuleContext) {
  const patientId = written.indexed.patientId;
  const time = Date.parse(effective);
  const window = SET_WINDOW_MINUTES * 60_000;
  const found = (await searchForRule(context, 'Observation', [
    ['patient', `Patient/${patientId}`],
    ['date', `ge${new Date(time - window).toISOString()}`],
    ['date', `le${new Date(time + window).toISOString()}`],
    ['_count', '200'],
  ])) as unknown as Observation[];
  const vitals = found.filter((o) => !isNews2(o));
  const spo2Scale = (await onScale2(context, patientId)) ? 2 : 1;
  const reading = vitalSignsFromObservations(vitals, { maxAgeMinutes: SET_WINDOW_MINUTES, spo2Scale });
  const result = calculateNews2(reading.input);
  if (!result.complete || !reading.effectiveDateTime) return;

  // One NEWS2 per patient and set: keyed by the set's time (the patient is part of the condition below, so the
  // key survives a merge of two records of the same person).
  const identifier = { system: NEWS2_IDENTIFIER_SYSTEM, value: reading.effectiveDateTime };
  const source = written.resource as unknown as Observation;
  const news2 = news2ToObservation(result, {
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: reading.effectiveDateTime,
    derivedFrom: reading.derivedFrom,
    identifier: [identifier],
    ...(source.performer ? { performer: source.performer } : {}),
    ...(source.encounter ? { encounter: source.encounter } : {}),
  });
  const criteria = `patient=Patient/${patientId}&identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}`;
  const existing = await context.service.findByCondition('Observation', criteria, context.tx);
  if (!existing) {
    await context.service.create('Observation', news2, {}, context.tx);
    return;
  }
  const current = JSON.parse(existing.content ?? '{}') as Observation;
  if (sameScore(current, news2)) return;
  await context.service.update(
    'Observation',
    existing.id,
    { ...news2, id: existing.id },
    { ifMatch: existing.versionId },
    context.tx,
  );
}

function isNews2(o: Observation): boolean {
  return (o.code?.coding ?? []).some((c) => c.system === SNOMED_SYSTEM && c.code === NEWS2_TOTAL_SNOMED.code);
}

function isVitalSign(o: Observation): boolean {
  return Object.keys(vitalSignsFromObservations([o]).input).length > 0;
}

async function onScale2(context: WriteRuleContext, patientId: string): Promise<boolean> {
  const code = `${SPO2_SCALE_2.system}|${SPO2_SCALE_2.code}`;
  const conditions = await searchForRule(context, 'Condition', [
    ['patient', `Patient/${patientId}`],
    ['code', code],
    ['clinical-status', 'active'],
  ]);
  if (conditions.length > 0) return true;
  // Flag has neither a code nor a status search parameter in R4: read the patient's flags (few) and look.
  const flags = await searchForRule(context, 'Flag', [
    ['patient', `Patient/${patientId}`],
    ['_count', '200'],
  ]);
  return flags.some(
    (f) =>
      f['status'] === 'active' &&
      ((f['code'] as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ?? []).some(
        (c) => c.system === SPO2_SCALE_2.system && c.code === SPO2_SCALE_2.code,
      ),
  );
}

/** Same total, components and sources: nothing to record (a re-sent set must not pile up versions). */
function sameScore(a: Observation, b: Observation): boolean {
  const key = (o: Observation) =>
    JSON.stringify([
      o.valueQuantity?.value,
      o.component,
      o.derivedFrom,
      o.interpretation,
      o.effectiveDateTime,
    ]);
  return key(a) === key(b);
}
