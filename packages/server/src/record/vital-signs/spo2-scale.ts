import type { SpO2Scale } from '@akson/clinical';
import { ALL } from '@akson/store';
import { searchForRule } from '../../services/rule-search.ts';
import type { WriteRuleContext } from '../../services/write-rules.ts';

/** Set on a Condition or Flag by a clinician: the patient is scored on SpO2 scale 2 (hypercapnic failure). */
export const SPO2_SCALE_2 = {
  system: 'https://akson.no/fhir/CodeSystem/news2',
  code: 'spo2-scale-2',
} as const;

interface Marker {
  status?: string;
  period?: { end?: string };
  code?: { coding?: { system?: string; code?: string }[] };
}

const marksScale2 = (m: Marker): boolean =>
  (m.code?.coding ?? []).some((c) => c.system === SPO2_SCALE_2.system && c.code === SPO2_SCALE_2.code);

/**
 * The SpO2 scale the patient is scored on. The marker is a clinical safety input, not something shown: a
 * scale-2 patient scored on scale 1 gets 3 points for the saturation their target range prescribes, so the
 * marker is read with the rule's own (unrestricted) scope, whether or not the writer may see the Condition or
 * Flag that sets it (a skjermet problem list, another service's flag). What the writer learns from it is only
 * the scale the score is on, which the NEWS2 states anyway.
 */
export async function spo2ScaleOf(context: WriteRuleContext, patientId: string): Promise<SpO2Scale> {
  const code = `${SPO2_SCALE_2.system}|${SPO2_SCALE_2.code}`;
  const conditions = await searchForRule(
    context,
    'Condition',
    [
      ['patient', `Patient/${patientId}`],
      ['code', code],
      ['clinical-status', 'active,recurrence,relapse'],
      ['verification-status:not', 'entered-in-error,refuted'],
    ],
    ALL,
  );
  if (conditions.length > 0) return 2;
  // Flag has neither a code nor a status search parameter in R4: read the patient's flags (few) and look.
  const flags = (await searchForRule(
    context,
    'Flag',
    [
      ['patient', `Patient/${patientId}`],
      ['_count', '200'],
    ],
    ALL,
  )) as Marker[];
  const now = Date.now();
  const current = (f: Marker): boolean => !f.period?.end || Date.parse(f.period.end) > now;
  return flags.some((f) => f.status === 'active' && current(f) && marksScale2(f)) ? 2 : 1;
}
