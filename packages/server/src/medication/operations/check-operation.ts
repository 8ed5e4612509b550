import type { MedicationStatement, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AksonError, fail, parseFhirJson } from '@akson/fhir';
import { renderDosage, validateDosage } from '@akson/clinical';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import { clinicallySame, readAcknowledgements, settleAcknowledgements } from '../acknowledgements.ts';
import { actorReference } from '../actor-reference.ts';
import { checkChange, PROPOSED_LINE_ID } from '../findings.ts';
import { blockingDosageIssues, dosageIssueToOutcome } from '../line-dosage.ts';
import { patientOf, prepareLineContent } from '../line-content.ts';
import { lineIdOf } from '../line-identity.ts';
import { medicationKnowledge } from '../medication-knowledge.ts';
import { readSafetyList } from '../safety-list.ts';
import { findingPart, group, parameters, part } from './parts.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/**
 * POST MedicationStatement/$check: the checks a write of this line would run, without writing. The body is the
 * proposed line (or a Parameters with it as `resource`): a new line, or a changed one (with its id). Answers
 * the Norwegian dosage text, every dosage and line problem, and every finding against the patient's whole
 * active list, saying which need an acknowledgement and which the line already acknowledges.
 */
export const checkOperation: OperationDefinitionEntry = {
  name: 'check',
  types: ['MedicationStatement'],
  level: 'type',
  methods: ['POST'],
  definition: `${DEF}/MedicationStatement-check`,
  handler: async (request, reply) => {
    const proposed = proposedLine(request.body);
    const patientId = patientOf(proposed);
    if (!patientId) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: 'resource',
        detail: 'the line must name its patient (subject: Patient/{id})',
      });
    }
    const fhir = request.fhir;
    // Only someone who could write the line may see what a write would find: the gate, then the patient.
    fhir.access.assertInteraction(proposed.id ? 'update' : 'create', 'MedicationStatement');
    await fhir.read('Patient', patientId);
    const existing = proposed.id
      ? (parseFhirJson(
          (await fhir.read('MedicationStatement', proposed.id)).content ?? '{}',
        ) as MedicationStatement)
      : undefined;

    const issues: OperationOutcomeIssue[] = [];
    const dosageIssues = validateDosage(proposed.dosage ?? []).issues;
    const blocking = new Set(blockingDosageIssues(dosageIssues));
    issues.push(
      ...dosageIssues.map((issue) => dosageIssueToOutcome(issue, 'MedicationStatement', blocking.has(issue))),
    );
    if (blocking.size === 0) {
      try {
        prepareLineContent(proposed, existing, new Date().toISOString());
      } catch (error) {
        if (!(error instanceof AksonError) || (error.category !== 'invalid' && error.category !== 'conflict'))
          throw error;
        issues.push(...error.toOperationOutcome().issue);
      }
    }

    const knowledge = await medicationKnowledge();
    const lineId = existing
      ? (lineIdOf(existing) ?? existing.id ?? PROPOSED_LINE_ID)
      : (lineIdOf(proposed) ?? PROPOSED_LINE_ID);
    const active = (proposed.status ?? 'active') === 'active';
    const check = active
      ? checkChange(
          { ...proposed, status: 'active' },
          lineId,
          await fhir.transaction((tx) => readSafetyList(tx, fhir, patientId)),
          knowledge,
        )
      : undefined;
    const findings = check?.findings ?? [];
    // The acknowledgements the write would count (carried ones only while medicine and dosage are unchanged).
    const acknowledged = settleAcknowledgements(
      acknowledgementsOf(proposed),
      existing ? acknowledgementsOf(existing) : [],
      existing !== undefined && clinicallySame(existing, proposed),
      findings,
      { by: actorReference(fhir.access.actor), at: new Date().toISOString(), catalogue: '' },
    ).covered;
    const open = findings.filter(
      (finding) => finding.requiresAcknowledgement && !acknowledged.has(finding.key),
    );
    const body = parameters([
      part('dosageText', blocking.size === 0 ? renderDosage(proposed.dosage ?? []) : undefined),
      part('canSave', issues.every((issue) => issue.severity !== 'error') && open.length === 0),
      part('requiresAcknowledgement', open.length > 0),
      ...findings.map((finding) =>
        findingPart(finding, [part('acknowledged', acknowledged.has(finding.key))]),
      ),
      part('interactionsComplete', check?.interactionsComplete),
      ...(check?.notAssessed ?? []).map((text) =>
        group('notAssessed', [part('text', text.nb), part('textEn', text.en)]),
      ),
      part('catalogue', check?.catalogue ?? knowledge.catalogue.retrievedAt ?? knowledge.source),
      issues.length > 0
        ? part('outcome', { resourceType: 'OperationOutcome', issue: issues }, 'resource')
        : undefined,
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

function proposedLine(body: unknown): MedicationStatement {
  const given = body as
    { resourceType?: string; parameter?: { name: string; resource?: unknown }[] } | undefined;
  const resource =
    given?.resourceType === 'Parameters'
      ? given.parameter?.find((p) => p.name === 'resource')?.resource
      : given;
  if (!resource || (resource as { resourceType?: string }).resourceType !== 'MedicationStatement') {
    throw fail('AKS_ERR_OPERATION_PARAMETER', {
      param: 'resource',
      detail: 'send the proposed MedicationStatement as the body or as the Parameters part "resource"',
    });
  }
  return resource as MedicationStatement;
}

function acknowledgementsOf(statement: MedicationStatement) {
  try {
    return readAcknowledgements(statement);
  } catch {
    // A malformed acknowledgement acknowledges nothing; the write would refuse it and say why.
    return [];
  }
}
