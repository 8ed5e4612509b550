import type { MedicationStatement, Reference } from '@medplum/fhirtypes';
import { renderDosage } from '@akson/clinical';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import { readAcknowledgements, type Acknowledgement } from '../acknowledgements.ts';
import { checkWholeList, findingKey, type PresentedFinding } from '../findings.ts';
import { medicationKnowledge } from '../medication-knowledge.ts';
import { CHANGED_BY_URL, MULTIDOSE_EXTENSION_URL } from '../medication-urls.ts';
import { readSafetyList, type SafetyList } from '../safety-list.ts';
import { isOnList, readVisibleList, visibleUntil } from '../visible-list.ts';
import type { CurrentLine } from '../reconcile/reconcile-diff.ts';
import { extensionValue, findingPart, group, parameters, part, type Part } from './parts.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/**
 * GET Patient/{id}/$medication-list: the shared list as the caller may see it — active and paused lines, and
 * stopped ones for 90 days — each with its Norwegian dosage text, status, who changed it and when; and the
 * findings of the whole list (checked against every active line, including lines the caller cannot see, which
 * are never named), each saying whether and by whom it was acknowledged.
 */
export const medicationListOperation: OperationDefinitionEntry = {
  name: 'medication-list',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: `${DEF}/Patient-medication-list`,
  handler: async (request, reply, _config, target) => {
    const patientId = target.id as string;
    const fhir = request.fhir;
    const now = new Date();
    const { list, safety } = await fhir.readPatientRecord(
      patientId,
      'Patient/$medication-list',
      async () => ({
        list: await readVisibleList(fhir, patientId),
        safety: await fhir.transaction((tx) => readSafetyList(tx, fhir, patientId)),
      }),
    );
    const knowledge = await medicationKnowledge();
    const review = checkWholeList(safety, knowledge);
    const shown = list.lines.filter((line) => isOnList(line.statement, now));
    const body = parameters([
      ...shown.map(linePart),
      ...review.findings.map((finding) => findingPart(finding, acknowledgementParts(finding, safety))),
      part('withheld', list.withheld > 0 ? list.withheld : undefined),
      part('interactionsComplete', review.interactionsComplete),
      ...review.notAssessed.map((text) =>
        group('notAssessed', [part('text', text.nb), part('textEn', text.en)]),
      ),
      part('catalogue', review.catalogue),
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

function linePart(line: CurrentLine): Part {
  const statement = line.statement;
  const changedBy = extensionValue(statement.extension, CHANGED_BY_URL)?.valueReference as
    Reference | undefined;
  const multidose = extensionValue(statement.extension, MULTIDOSE_EXTENSION_URL)?.valueBoolean;
  return group('line', [
    part('lineId', line.lineId),
    part('status', statement.status, 'code'),
    part('medicine', medicineName(statement)),
    part('dosageText', statement.dosage?.[0]?.text ?? renderDosage(statement.dosage ?? [])),
    part('changedBy', changedBy?.display),
    part('changedByRole', changedBy?.reference ? { reference: changedBy.reference } : undefined, 'reference'),
    part('changedAt', statement.meta?.lastUpdated),
    part(
      'stoppedAt',
      statement.status === 'stopped' || statement.status === 'completed'
        ? statement.effectivePeriod?.end
        : undefined,
    ),
    part('visibleUntil', visibleUntil(statement)),
    part('multidose', multidose),
    part('resource', statement as unknown as Record<string, unknown>, 'resource'),
  ]);
}

function medicineName(statement: MedicationStatement): string | undefined {
  const concept = statement.medicationCodeableConcept;
  return concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display;
}

/**
 * Whether a finding of the list was acknowledged: on one of its lines, under the key relative to that line. Who
 * and why are shown only from lines the caller may see.
 */
function acknowledgementParts(finding: PresentedFinding, safety: SafetyList): (Part | undefined)[] {
  let hiddenAcknowledgement = false;
  for (const lineId of finding.allLineIds) {
    const line = safety.lines.find((candidate) => candidate.lineId === lineId);
    if (!line) continue;
    const ack = safeAcknowledgements(line.statement).find(
      (candidate) => candidate.finding === findingKey(finding.id, lineId),
    );
    if (!ack) continue;
    if (!line.visible) {
      hiddenAcknowledgement = true;
      continue;
    }
    return [
      part('acknowledged', true),
      group('acknowledgement', [
        part('reason', ack.reason),
        part('by', ack.by?.display),
        part('at', ack.at),
        part('line', lineId),
      ]),
    ];
  }
  return [part('acknowledged', hiddenAcknowledgement)];
}

function safeAcknowledgements(statement: MedicationStatement): Acknowledgement[] {
  try {
    return readAcknowledgements(statement);
  } catch {
    return [];
  }
}
