// MedicationStatement (aligned with HL7 Norway's no-basis-MedicationStatement) ↔ PLL line.
//
// The mapping is exact for the canonical form: fromPllLine(toPllLine(s), { subject: s.subject }) deep-equals s
// when s is canonical (the form the write path stores and fromPllLine produces). Anything that would be lost on
// the way to PLL is refused with a PllMappingError that lists every problem; nothing is dropped silently.

import type { Extension, Identifier, MedicationStatement, Reference } from '@medplum/fhirtypes';
import { bilingual } from '../../text/bilingual-text.ts';
import { MEDICATION_LINE_SYSTEM, MULTIDOSE_EXTENSION_URL, URI_SYSTEM } from '../code-systems.ts';
import { fromPllDosage } from './dosage-from-pll.ts';
import { toPllDosage } from './dosage-to-pll.ts';
import { PLL_LINE_FORMAT, type PllLine } from './pll-line.ts';
import { PllMappingError, statementProblem as problem, type PllMappingProblem } from './pll-mapping-error.ts';
import { medicineConcept, readMedicine, readReason, reasonConcept } from './pll-medicine-fields.ts';
import { readStatus, statusFromLine, statusReason } from './pll-status-fields.ts';

/** The slice text that marks the PLL line id in no-basis-MedicationStatement.identifier:PLL-id (read only). */
export const PLL_IDENTIFIER_TYPE_TEXT = 'PLL';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URN_UUID = 'urn:uuid:';

/** What a PLL line does not carry itself: the patient comes from the message head, the id from the store. */
export interface PllLineContext {
  readonly subject: MedicationStatement['subject'];
  readonly id?: string;
}

/** Elements toPllLine maps or deliberately leaves to the context (id, meta, narrative, subject). */
const MAPPED_KEYS = new Set([
  'resourceType',
  'id',
  'meta',
  'text',
  'extension',
  'identifier',
  'basedOn',
  'status',
  'statusReason',
  'medicationCodeableConcept',
  'subject',
  'effectivePeriod',
  'dateAsserted',
  'reasonCode',
  'dosage',
]);

/** A fresh PLL line id. Create it once, when the line is created; never regenerate it. */
export function newPllLineId(): string {
  return crypto.randomUUID();
}

function uuidFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const raw = value.startsWith(URN_UUID) ? value.slice(URN_UUID.length) : value;
  return UUID_PATTERN.test(raw) ? raw.toLowerCase() : undefined;
}

/** The line id: exactly one identifier, in Akson's line-id system, holding a lower-case UUID. */
function readLineId(identifiers: readonly Identifier[], problems: PllMappingProblem[]): string {
  const lineIds = identifiers.filter((identifier) => identifier.system === MEDICATION_LINE_SYSTEM);
  if (identifiers.length !== lineIds.length) {
    problems.push(
      problem(
        'identifier',
        'Bare linje-id-en kan overføres; andre identifikatorer ville gått tapt.',
        'Only the line id can be carried; other identifiers would be lost.',
      ),
    );
  }
  const value = lineIds[0]?.value;
  if (lineIds.length !== 1 || value === undefined || !isLineId(value)) {
    problems.push(
      problem(
        'identifier',
        `Linjen må ha nøyaktig én linje-id (${MEDICATION_LINE_SYSTEM}, en UUID med små bokstaver). Den lages når linjen opprettes og endres aldri.`,
        `The line needs exactly one line id (${MEDICATION_LINE_SYSTEM}, a lower-case UUID). It is created with the line and never changes.`,
      ),
    );
    return '';
  }
  return value;
}

/** Whether a value is a line id as stored: a lower-case UUID without prefix. */
export function isLineId(value: string): boolean {
  return UUID_PATTERN.test(value) && value === value.toLowerCase();
}

/** The multidose flag, the only extension a PLL line carries (an Akson addition). */
function readMultidose(extensions: readonly Extension[], problems: PllMappingProblem[]): Partial<PllLine> {
  if (extensions.length === 0) return {};
  const multidose = extensions.filter((extension) => extension.url === MULTIDOSE_EXTENSION_URL);
  const value = multidose[0]?.valueBoolean;
  if (multidose.length !== extensions.length || multidose.length > 1 || typeof value !== 'boolean') {
    problems.push(
      problem(
        'extension',
        'Bare multidose-markeringen kan overføres; andre utvidelser ville gått tapt.',
        'Only the multidose flag can be carried; other extensions would be lost.',
      ),
    );
    return {};
  }
  return { multidose: value };
}

function readPrescriptionId(basedOn: readonly Reference[], problems: PllMappingProblem[]): Partial<PllLine> {
  if (basedOn.length === 0) return {};
  const reseptId = uuidFrom(basedOn[0]?.identifier?.value);
  if (basedOn.length > 1 || !reseptId || basedOn[0]?.reference !== undefined) {
    problems.push(
      problem(
        'basedOn',
        'Bare én resept-id (UUID som identifikator) kan overføres.',
        'Only one prescription id (a UUID identifier) can be carried.',
      ),
    );
    return {};
  }
  return { reseptId };
}

/** MedicationStatement → PLL line. Throws PllMappingError listing every problem. */
export function toPllLine(statement: MedicationStatement): PllLine {
  const problems: PllMappingProblem[] = [];
  for (const key of Object.keys(statement)) {
    if (!MAPPED_KEYS.has(key)) {
      problems.push(
        problem(
          key,
          `Elementet «${key}» kan ikke overføres til PLL og ville gått tapt.`,
          `The element "${key}" cannot be carried in PLL and would be lost.`,
        ),
      );
    }
  }
  const id = readLineId(statement.identifier ?? [], problems);
  const multidose = readMultidose(statement.extension ?? [], problems);
  const legemiddel = readMedicine(statement.medicationCodeableConcept, problems);
  const status = readStatus(statement, problems);
  const dosage = toPllDosage(statement.dosage ?? [], problems);
  const start = statement.effectivePeriod?.start;
  if (start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    problems.push(
      problem(
        'effectivePeriod.start',
        'Oppstart er en dato i PLL (DatoOppstart), uten klokkeslett.',
        'The start is a date in PLL (DatoOppstart), without a time.',
      ),
    );
  }
  const line: PllLine = {
    format: PLL_LINE_FORMAT,
    id,
    ...readPrescriptionId(statement.basedOn ?? [], problems),
    ...(statement.dateAsserted !== undefined ? { sistEndret: statement.dateAsserted } : {}),
    ...(start !== undefined ? { datoOppstart: start } : {}),
    legemiddel,
    ...readReason(statement.reasonCode ?? [], problems),
    ...(dosage.bruk ? { bruk: dosage.bruk } : {}),
    ...(dosage.dosVeiledEnkel !== undefined ? { dosVeiledEnkel: dosage.dosVeiledEnkel } : {}),
    dosering: dosage.dosering,
    ...multidose,
    ...status,
  };
  if (problems.length > 0) throw new PllMappingError(problems);
  return line;
}

/** PLL line → MedicationStatement in canonical form. Throws PllMappingError listing every problem. */
export function fromPllLine(line: PllLine, context: PllLineContext): MedicationStatement {
  const problems: PllMappingProblem[] = [];
  if (line.format !== PLL_LINE_FORMAT) {
    problems.push({
      path: 'PllLine.format',
      message: bilingual(
        `Ukjent format «${String(line.format)}».`,
        `Unknown format "${String(line.format)}".`,
      ),
    });
  }
  const lineId = uuidFrom(line.id);
  if (!lineId) {
    problems.push({
      path: 'PllLine.id',
      message: bilingual('Linje-id må være en UUID.', 'The line id must be a UUID.'),
    });
  }
  if (line.multidose !== undefined && typeof line.multidose !== 'boolean') {
    problems.push({
      path: 'PllLine.multidose',
      message: bilingual('Multidose må være true eller false.', 'Multidose must be true or false.'),
    });
  }
  if (line.seponering && line.pause) {
    problems.push({
      path: 'PllLine.pause',
      message: bilingual(
        'En linje kan ikke være både seponert og pauset.',
        'A line cannot be both stopped and paused.',
      ),
    });
  }
  const status = statusFromLine(line);
  const reason = line.seponering
    ? statusReason(line.seponering.arsak, line.seponering.merknad)
    : line.pause
      ? statusReason(line.pause.arsak, line.pause.merknad)
      : [];
  const dosage = fromPllDosage(line.dosering, line.dosVeiledEnkel, problems);
  const reasonCode = reasonConcept(line, problems);
  const effectivePeriod = {
    ...(line.datoOppstart !== undefined ? { start: line.datoOppstart } : {}),
    ...(line.seponering ? { end: line.seponering.tidspunkt } : {}),
  };
  if (problems.length > 0) throw new PllMappingError(problems);
  return {
    resourceType: 'MedicationStatement',
    ...(context.id !== undefined ? { id: context.id } : {}),
    ...(line.multidose !== undefined
      ? { extension: [{ url: MULTIDOSE_EXTENSION_URL, valueBoolean: line.multidose }] }
      : {}),
    identifier: [{ system: MEDICATION_LINE_SYSTEM, value: lineId ?? line.id }],
    ...(line.reseptId !== undefined
      ? {
          basedOn: [
            {
              type: 'MedicationRequest',
              identifier: { system: URI_SYSTEM, value: `${URN_UUID}${line.reseptId}` },
            },
          ],
        }
      : {}),
    status,
    ...(reason.length > 0 ? { statusReason: reason } : {}),
    medicationCodeableConcept: medicineConcept(line.legemiddel),
    subject: context.subject,
    ...(Object.keys(effectivePeriod).length > 0 ? { effectivePeriod } : {}),
    ...(line.sistEndret !== undefined ? { dateAsserted: line.sistEndret } : {}),
    ...(reasonCode.length > 0 ? { reasonCode } : {}),
    ...(dosage.length > 0 ? { dosage } : {}),
  };
}
