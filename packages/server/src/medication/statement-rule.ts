import type { MedicationStatement, Reference } from '@medplum/fhirtypes';
import { fail, parseFhirJson } from '@akson/fhir';
import type { ResourceInput } from '@akson/store';
import type { WriteRule, WriteRuleContext } from '../services/write-rules.ts';
import {
  clinicallySame,
  readAcknowledgements,
  settleAcknowledgements,
  withAcknowledgements,
} from './acknowledgements.ts';
import { assertBodyVersion } from './body-version.ts';
import { actorReference } from './actor-reference.ts';
import { unacknowledgedError, unacknowledgedOf, type UnacknowledgedChange } from './finding-outcome.ts';
import { checkChange, type CheckOutcome } from './findings.ts';
import { patientOf, prepareLineContent } from './line-content.ts';
import { assertLineIdFree, derivedLineId, lineIdOf } from './line-identity.ts';
import { medicationKnowledge } from './medication-knowledge.ts';
import { CHANGED_BY_URL } from './medication-urls.ts';
import { lockSafetyList, readSafetyList, type SafetyList } from './safety-list.ts';
import { lineWarningIssues, recordWriteWarnings } from './write-warnings.ts';

/** What prepare found, for afterWrite to act on once the write has been authorised. */
const pending = new WeakMap<WriteRuleContext, UnacknowledgedChange>();

/**
 * The medication line (MedicationStatement) on every write path. `prepare` settles the content (line id,
 * status, canonical dosage, PLL-exportable), runs the checks against the patient's whole active list and
 * stamps acknowledgements and changed-by. Serious findings nobody acknowledged are refused in `afterWrite`
 * (422, rolling the write back): by then the write has passed the access check, so a caller without a care
 * relation gets their 403 and never a finding about the patient.
 */
export const statementRule: WriteRule = {
  type: 'MedicationStatement',

  async prepare(resource, context) {
    assertBodyVersion(resource, context);
    const input = resource as unknown as MedicationStatement;
    const existing = context.existing?.content
      ? (parseFhirJson(context.existing.content) as MedicationStatement)
      : undefined;
    const now = new Date().toISOString();
    const isNew = !existing || lineIdOf(existing) === undefined;
    // The list is read under its lock when the line is checked or gets its id from the list's state; a write
    // that does neither (a stop, a pause) never waits for another clinician's check.
    const patientId = patientOf(input);
    let list: SafetyList | undefined;
    if (patientId && (input.status === 'active' || (isNew && lineIdOf(input) === undefined))) {
      await lockSafetyList(context.tx, patientId);
      list = await readSafetyList(context.tx, context.service, patientId);
    }
    const content = prepareLineContent(input, existing, now, () =>
      derivedLineId('line', patientId ?? '', list?.state ?? now, JSON.stringify(lineContentOf(input))),
    );
    if (isNew) await assertLineIdFree(context.tx, context.service, content.lineId, resource.id);
    const knowledge = await medicationKnowledge();
    let check: CheckOutcome | undefined;
    if (content.statement.status === 'active' && list) {
      check = checkChange(content.statement, content.lineId, list, knowledge);
    }
    const by = actorReference(context.service.access.actor);
    const settled = settleAcknowledgements(
      readAcknowledgements(content.statement),
      existing ? readAcknowledgements(existing) : [],
      existing !== undefined && clinicallySame(existing, content.statement),
      check?.findings ?? [],
      { by, at: now, catalogue: check?.catalogue ?? knowledge.catalogue.retrievedAt ?? knowledge.source },
    );
    const change = { findings: check?.findings ?? [], covered: settled.covered };
    if (unacknowledgedOf(change).length > 0) pending.set(context, change);
    else if (check) {
      context.warn(lineWarningIssues(check, settled.covered, { expression: 'MedicationStatement' }));
      recordWriteWarnings(context.tx, content.lineId, check, settled.covered);
    }
    const stored = withChangedBy(withAcknowledgements(content.statement, settled.stored), by);
    return stored as unknown as ResourceInput;
  },

  async afterWrite(_written, context) {
    const change = pending.get(context);
    pending.delete(context);
    if (change) throw unacknowledgedError([change]);
  },

  beforeDelete() {
    // Journal entries are not deleted (pasientjournalloven): a wrong line is withdrawn and keeps its history.
    throw fail(
      'AKS_ERR_MEDICATION_LINE_INVALID',
      { detail: 'lines are not deleted; set status entered-in-error with the reason in statusReason.text' },
      { expression: ['MedicationStatement.status'] },
    );
  },
};

/** What a new line is, for its derived id: not its acknowledgements (a retry adds them) nor who wrote it. */
function lineContentOf(statement: MedicationStatement): unknown[] {
  return [
    statement.medicationCodeableConcept ?? null,
    statement.dosage ?? null,
    statement.effectivePeriod?.start ?? null,
    statement.status,
  ];
}

function withChangedBy(statement: MedicationStatement, by: Reference): MedicationStatement {
  const others = (statement.extension ?? []).filter((extension) => extension.url !== CHANGED_BY_URL);
  return { ...statement, extension: [...others, { url: CHANGED_BY_URL, valueReference: by }] };
}
