import type { MedicationStatement } from '@medplum/fhirtypes';
import { fail } from '@akson/fhir';
import { renderDosage } from '@akson/clinical';
import { lockCondition } from '@akson/store';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import { acknowledgementExtension } from '../acknowledgements.ts';
import { actorReference } from '../actor-reference.ts';
import { EntryErrors } from '../entry-errors.ts';
import { medicationKnowledge } from '../medication-knowledge.ts';
import { diffLists, type ReconcileEntry } from '../reconcile/reconcile-diff.ts';
import { inWriteOrder, planReconciliation } from '../reconcile/reconcile-plan.ts';
import {
  readDecisions,
  readSource,
  type Decision,
  type EntryAcknowledgement,
} from '../reconcile/reconcile-input.ts';
import {
  reconciliationList,
  reconciliationProvenance,
  type EntryResult,
} from '../reconcile/reconciliation-record.ts';
import { lockSafetyList, readSafetyList } from '../safety-list.ts';
import { collectWriteWarnings } from '../write-warnings.ts';
import { readVisibleList } from '../visible-list.ts';
import { findingPart, group, parameters, part } from './parts.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/**
 * POST Patient/{id}/$reconcile (source: a Bundle of MedicationStatements): the difference between the incoming
 * list and the current one, entry by entry (new, stopped, dose-changed, unchanged, unclear, not-in-source), with
 * the findings each accepted change would have. Writes nothing.
 */
export const reconcilePreviewOperation: OperationDefinitionEntry = {
  name: 'reconcile',
  types: ['Patient'],
  level: 'instance',
  methods: ['POST'],
  definition: `${DEF}/Patient-reconcile`,
  handler: async (request, reply, _config, target) => {
    const patientId = target.id as string;
    const fhir = request.fhir;
    const source = readSource(request.body);
    const now = new Date().toISOString();
    const { list, safety } = await fhir.readPatientRecord(patientId, 'Patient/$reconcile', async () => ({
      list: await readVisibleList(fhir, patientId),
      safety: await fhir.transaction((tx) => readSafetyList(tx, fhir, patientId)),
    }));
    const knowledge = await medicationKnowledge();
    const entries = diffLists(source.incoming, list.lines);
    const plan = planReconciliation(entries, safety, knowledge, now);
    const body = parameters([
      ...plan.map(({ entry, change, findings }) => {
        return group('entry', [
          part('id', entry.id),
          part('kind', entry.kind, 'code'),
          part('fingerprint', entry.fingerprint),
          part('reason', entry.reason?.nb),
          part('reasonEn', entry.reason?.en),
          part('incomingDosageText', dosageText(entry.incoming)),
          part('currentDosageText', dosageText(entry.current?.statement)),
          part(
            'current',
            entry.current ? { reference: `MedicationStatement/${entry.current.resourceId}` } : undefined,
            'reference',
          ),
          part('currentVersion', entry.current?.versionId),
          // A new line's id too: the one accepting it writes, and the one other entries' finding keys name.
          part('lineId', entry.current?.lineId ?? change?.lineId),
          part('incoming', entry.incoming as unknown as Record<string, unknown> | undefined, 'resource'),
          ...findings.map((finding) => findingPart(finding)),
        ]);
      }),
      part('withheld', list.withheld > 0 ? list.withheld : undefined),
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

/**
 * POST Patient/{id}/$reconcile-apply (source, document?, decision*, acknowledgement*): applies the clinician's
 * decisions in one transaction. The difference is computed again under a lock on the patient's reconciliations;
 * a decision whose entry changed since the preview (someone edited the line, another reconciliation applied)
 * is refused with 409 AKS_ERR_MEDICATION_RECONCILE_STALE and nothing is written. The result is recorded as a
 * List (every incoming line kept, with its decision and reason) and a Provenance pointing at the source.
 */
export const reconcileApplyOperation: OperationDefinitionEntry = {
  name: 'reconcile-apply',
  types: ['Patient'],
  level: 'instance',
  methods: ['POST'],
  definition: `${DEF}/Patient-reconcile-apply`,
  handler: async (request, reply, _config, target) => {
    const patientId = target.id as string;
    const fhir = request.fhir;
    const source = readSource(request.body);
    const { decisions, acknowledgements } = readDecisions(request.body);
    const now = new Date().toISOString();
    const agent = actorReference(fhir.access.actor);
    const outcome = await fhir.transaction(async (tx) => {
      // Reconciliations of one patient take turns (ordinary edits of the list do not wait for them).
      await lockCondition(tx, `Patient/${patientId}/$reconcile-apply`);
      // ... and take their turn with every other check of this patient's list (see lockSafetyList).
      await lockSafetyList(tx, patientId);
      const warnings = collectWriteWarnings(tx);
      await fhir.read('Patient', patientId, tx);
      const list = await readVisibleList(fhir, patientId, tx);
      const safety = await readSafetyList(tx, fhir, patientId);
      const entries = diffLists(source.incoming, list.lines);
      const decided = matchDecisions(entries, decisions);
      const plan = planReconciliation(entries, safety, await medicationKnowledge(), now, (entry) => {
        const decision = decided.get(entry.id);
        return decision?.action === 'accept'
          ? { ...(decision.reason ? { reason: decision.reason } : {}) }
          : undefined;
      });
      const errors = new EntryErrors();
      const results = new Map<string, EntryResult>();
      // Written in the plan's order (stops, dose changes, new lines), so each write meets what the preview showed.
      for (const { entry, change } of inWriteOrder(plan)) {
        const decision = decided.get(entry.id);
        if (!decision || decision.action !== 'accept') {
          results.set(entry.id, {
            entry,
            outcome: decision
              ? decision.action === 'reject'
                ? 'rejected'
                : 'unclear'
              : entry.kind === 'unchanged'
                ? 'unchanged'
                : 'kept',
            ...(decision?.reason ? { reason: decision.reason } : {}),
          });
          continue;
        }
        if (!change) continue;
        const statement = withAcknowledgements(change.statement, acknowledgements, entry.id);
        const written = await errors.run(entry.id, entry.id, () =>
          change.current
            ? fhir.update(
                'MedicationStatement',
                change.current.resourceId,
                statement,
                { ifMatch: change.current.versionId },
                tx,
              )
            : fhir.create('MedicationStatement', statement, {}, tx),
        );
        if (written) {
          results.set(entry.id, {
            entry,
            outcome: 'accepted',
            ...(decision.reason ? { reason: decision.reason } : {}),
            line: { id: written.id, versionId: written.versionId },
          });
        }
      }
      errors.throwIfAny((count) =>
        fail('AKS_ERR_MEDICATION_RECONCILE_INVALID', {
          detail: `${count} problem(s) in the accepted lines; nothing was applied. Mark such lines unclear, or correct them`,
        }),
      );
      // The record lists the entries in the source's order, whatever order they were written in.
      const ordered = entries.flatMap((entry) => results.get(entry.id) ?? []);
      const record = await fhir.create('List', reconciliationList(patientId, ordered, agent, now), {}, tx);
      const written = ordered.flatMap((result) => (result.line ? [result.line] : []));
      const provenance = await fhir.create(
        'Provenance',
        reconciliationProvenance(patientId, written, record.id, agent, source.document, now),
        {},
        tx,
      );
      const entryOf = new Map(
        plan.flatMap(({ entry, change }) => (change ? [[change.lineId, entry.id]] : [])),
      );
      const outcome = warnings.outcome((lineId) => {
        const entry = entryOf.get(lineId) ?? lineId;
        return { entry, expression: entry };
      });
      return { results: ordered, listId: record.id, provenanceId: provenance.id, outcome };
    });
    const body = parameters([
      part('list', { reference: `List/${outcome.listId}` }, 'reference'),
      part('provenance', { reference: `Provenance/${outcome.provenanceId}` }, 'reference'),
      ...outcome.results.map((result) =>
        group('result', [
          part('entry', result.entry.id),
          part('kind', result.entry.kind, 'code'),
          part('outcome', result.outcome, 'code'),
          part('reason', result.reason),
          part(
            'line',
            result.line ? { reference: `MedicationStatement/${result.line.id}` } : undefined,
            'reference',
          ),
        ]),
      ),
      // What the accepted lines found without being stopped (moderate findings, what could not be assessed).
      part('outcome', outcome.outcome as Record<string, unknown> | undefined, 'resource'),
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

/**
 * Matches the decisions against the entries computed now. A decision must name an entry that still exists with
 * the fingerprint the preview gave (else the list changed: 409); every entry that changes or questions the list
 * (new, stopped, dose-changed, unclear) needs a decision, and an unclear or unchanged entry cannot be accepted.
 */
function matchDecisions(
  entries: readonly ReconcileEntry[],
  decisions: readonly Decision[],
): Map<string, Decision> {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const decision of decisions) {
    const entry = byId.get(decision.entry);
    if (!entry || entry.fingerprint !== decision.fingerprint) {
      throw fail('AKS_ERR_MEDICATION_RECONCILE_STALE', {
        detail: entry
          ? `entry ${decision.entry} is not what the preview showed`
          : `entry ${decision.entry} is gone`,
      });
    }
    if (decision.action === 'accept' && (entry.kind === 'unclear' || entry.kind === 'unchanged')) {
      throw fail('AKS_ERR_MEDICATION_RECONCILE_INVALID', {
        detail: `entry ${entry.id} is ${entry.kind} and cannot be accepted; reject it or mark it unclear with a reason`,
      });
    }
    if (decision.action === 'accept' && entry.kind === 'not-in-source' && !decision.reason) {
      throw fail('AKS_ERR_MEDICATION_RECONCILE_INVALID', {
        detail: `entry ${entry.id}: stopping a line the source does not mention needs a reason`,
      });
    }
  }
  const decided = new Map(decisions.map((decision) => [decision.entry, decision]));
  const undecided = entries.filter(
    (entry) => !decided.has(entry.id) && entry.kind !== 'unchanged' && entry.kind !== 'not-in-source',
  );
  if (undecided.length > 0) {
    throw fail('AKS_ERR_MEDICATION_RECONCILE_INVALID', {
      detail: `every changed or unclear line needs a decision; missing: ${undecided.map((entry) => entry.id).join(', ')}`,
    });
  }
  return decided;
}

function withAcknowledgements(
  statement: MedicationStatement,
  acknowledgements: readonly EntryAcknowledgement[],
  entry: string,
): MedicationStatement {
  const mine = acknowledgements.filter((ack) => ack.entry === entry);
  if (mine.length === 0) return statement;
  return {
    ...statement,
    extension: [
      ...(statement.extension ?? []),
      ...mine.map((ack) => acknowledgementExtension({ finding: ack.finding, reason: ack.reason })),
    ],
  };
}

function dosageText(statement: MedicationStatement | undefined): string | undefined {
  if (!statement?.dosage?.length) return undefined;
  return renderDosage(statement.dosage);
}
