import type { MedicationStatement, Patient } from '@medplum/fhirtypes';
import { fail, parseFhirJson } from '@akson/fhir';
import { fromPllLine, PllMappingError, toPllLine } from '@akson/clinical';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import { acknowledgementExtension, readAcknowledgements } from '../acknowledgements.ts';
import { EntryErrors } from '../entry-errors.ts';
import { pllView, SERVER_EXTENSIONS } from '../line-content.ts';
import { lineIdOf } from '../line-identity.ts';
import {
  assertDocumentPatient,
  PLL_LIST_FORMAT,
  readPllList,
  toPllList,
  type PllListAcknowledgement,
} from '../pll-list.ts';
import { lockSafetyList } from '../safety-list.ts';
import { collectWriteWarnings } from '../write-warnings.ts';
import { isOnList, readVisibleList } from '../visible-list.ts';
import { group, parameters, part } from './parts.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/**
 * GET Patient/{id}/$medication-list-export: the list as a PLL-mapped document (format akson.pll-list/1, one
 * M25 line per list line: active, paused, and stopped within 90 days), for an adapter to the national services.
 * Lines the caller may not see are not exported; `withheld` says how many there are.
 */
export const exportOperation: OperationDefinitionEntry = {
  name: 'medication-list-export',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: `${DEF}/Patient-medication-list-export`,
  handler: async (request, reply, _config, target) => {
    const patientId = target.id as string;
    const fhir = request.fhir;
    const now = new Date();
    const document = await fhir.readPatientRecord(
      patientId,
      'Patient/$medication-list-export',
      async (row) => {
        const list = await readVisibleList(fhir, patientId);
        const lines = list.lines.filter((line) => isOnList(line.statement, now));
        try {
          return toPllList(
            parseFhirJson(row.content ?? '{}') as Patient,
            lines.map((line) => line.statement),
            list.withheld,
          );
        } catch (error) {
          if (!(error instanceof PllMappingError)) throw error;
          throw fail('AKS_ERR_MEDICATION_LINE_INVALID', {
            detail: `a stored line cannot be exported: ${error.problems.map((p) => p.message.en).join(' ')}`,
          });
        }
      },
    );
    const text = JSON.stringify(document, null, request.url.includes('_pretty=true') ? 2 : undefined);
    return reply.status(200).header('content-type', 'application/json; charset=utf-8').send(text);
  },
};

/**
 * POST Patient/{id}/$medication-list-import: writes the lines of a list document (akson.pll-list/1) in one
 * transaction — a line whose id is on the list is updated (or left alone when nothing changed), any other line
 * is created with its id. Lines that cannot be read without guessing (an ambiguous dosage, an unknown code) are
 * refused, every one of them listed, and nothing is imported; serious findings need acknowledgements in the
 * document (`acknowledgements: [{line, finding, reason}]`), exactly as for any other write.
 */
export const importOperation: OperationDefinitionEntry = {
  name: 'medication-list-import',
  types: ['Patient'],
  level: 'instance',
  methods: ['POST'],
  definition: `${DEF}/Patient-medication-list-import`,
  handler: async (request, reply, _config, target) => {
    const patientId = target.id as string;
    const fhir = request.fhir;
    const document = readPllList(request.body);
    const subject = { reference: `Patient/${patientId}` };
    const errors = new EntryErrors();
    const statements: MedicationStatement[] = [];
    document.lines.forEach((line, index) => {
      try {
        statements.push(fromPllLine(line, { subject }));
      } catch (error) {
        if (!(error instanceof PllMappingError)) throw error;
        for (const problem of error.problems) {
          errors.addInvalid({
            severity: 'error',
            code: 'invalid',
            details: { text: problem.message.nb },
            diagnostics: problem.message.en,
            expression: [`lines[${index}]`, problem.path],
          });
        }
      }
    });
    errors.throwIfAny((count) => fail('AKS_ERR_MEDICATION_IMPORT_INVALID', { count }));

    const results = await fhir.transaction(async (tx) => {
      // The whole import is checked as one change of the list (see lockSafetyList).
      await lockSafetyList(tx, patientId);
      const warnings = collectWriteWarnings(tx);
      const patient = await fhir.read('Patient', patientId, tx);
      assertDocumentPatient(document, parseFhirJson(patient.content ?? '{}') as Patient);
      const current = await readVisibleList(fhir, patientId, tx);
      const outcomes: { lineId: string; outcome: string; id?: string }[] = [];
      for (const [index, statement] of statements.entries()) {
        const lineId = lineIdOf(statement) as string;
        const acks = (document.acknowledgements ?? []).filter((ack) => ack.line === lineId);
        const existing = current.lines.find((line) => line.lineId === lineId);
        if (existing && acks.length === 0 && samePllContent(existing.statement, statement)) {
          outcomes.push({ lineId, outcome: 'unchanged', id: existing.resourceId });
          continue;
        }
        const written = await errors.run(lineId, `lines[${index}]`, () =>
          existing
            ? fhir.update(
                'MedicationStatement',
                existing.resourceId,
                merged(existing.statement, statement, acks),
                { ifMatch: existing.versionId },
                tx,
              )
            : fhir.create('MedicationStatement', withNewAcknowledgements(statement, acks), {}, tx),
        );
        if (written) outcomes.push({ lineId, outcome: existing ? 'updated' : 'created', id: written.id });
      }
      errors.throwIfAny((count) => fail('AKS_ERR_MEDICATION_IMPORT_INVALID', { count }));
      const indexOf = new Map(statements.map((statement, index) => [lineIdOf(statement), index]));
      const outcome = warnings.outcome((lineId) => ({
        entry: lineId,
        expression: `lines[${indexOf.get(lineId) ?? 0}]`,
      }));
      return { outcomes, outcome };
    });
    const count = (outcome: string) => results.outcomes.filter((r) => r.outcome === outcome).length;
    const body = parameters([
      part('format', PLL_LIST_FORMAT),
      part('created', count('created')),
      part('updated', count('updated')),
      part('unchanged', count('unchanged')),
      ...results.outcomes.map((r) =>
        group('line', [
          part('lineId', r.lineId),
          part('outcome', r.outcome, 'code'),
          part('resource', r.id ? { reference: `MedicationStatement/${r.id}` } : undefined, 'reference'),
        ]),
      ),
      // What the saved lines found without being stopped (moderate findings, what could not be assessed).
      part('outcome', results.outcome as Record<string, unknown> | undefined, 'resource'),
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

/** Whether a stored line already says what the imported line says (as PLL sees both). */
function samePllContent(stored: MedicationStatement, imported: MedicationStatement): boolean {
  try {
    return JSON.stringify(toPllLine(pllView(stored))) === JSON.stringify(toPllLine(pllView(imported)));
  } catch {
    return false;
  }
}

/** The imported content on the stored line: its version, labels and acknowledgements stay (the rule decides). */
function merged(
  stored: MedicationStatement,
  imported: MedicationStatement,
  acks: readonly PllListAcknowledgement[],
): MedicationStatement {
  const kept = (stored.extension ?? []).filter((extension) => SERVER_EXTENSIONS.has(extension.url));
  const next: MedicationStatement = {
    ...imported,
    id: stored.id,
    ...(stored.meta ? { meta: stored.meta } : {}),
    extension: [...(imported.extension ?? []), ...kept],
  };
  return withNewAcknowledgements(next, acks);
}

function withNewAcknowledgements(
  statement: MedicationStatement,
  acks: readonly PllListAcknowledgement[],
): MedicationStatement {
  if (acks.length === 0) return statement;
  const given = readAcknowledgements(statement);
  const added = acks
    .filter((ack) => !given.some((g) => g.finding === ack.finding))
    .map((ack) => acknowledgementExtension({ finding: ack.finding, reason: ack.reason }));
  return { ...statement, extension: [...(statement.extension ?? []), ...added] };
}
