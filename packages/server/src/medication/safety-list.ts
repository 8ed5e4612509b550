import { createHash } from 'node:crypto';
import type { AllergyIntolerance, MedicationStatement, Patient } from '@medplum/fhirtypes';
import { parseFhirJson } from '@akson/fhir';
import {
  ALL,
  lockCondition,
  readCurrent,
  readCurrentMany,
  runSearch,
  type Queryable,
  type ResourceRow,
} from '@akson/store';
import type { ResourceService } from '../services/resource-service.ts';
import { lineIdOf } from './line-identity.ts';
import { PAGE_SIZE } from './search-all.ts';

/** A stored line as the checks see it, and whether the caller may see it. */
export interface SafetyLine {
  readonly statement: MedicationStatement;
  readonly lineId: string;
  readonly visible: boolean;
}

export interface SafetyAllergy {
  readonly allergy: AllergyIntolerance;
  readonly visible: boolean;
}

/** Everything a check of one patient's list needs: active lines, allergies and age. */
export interface SafetyList {
  readonly patientId: string;
  readonly lines: readonly SafetyLine[];
  readonly allergies: readonly SafetyAllergy[];
  readonly ageYears: number | undefined;
  /**
   * A digest of every line of the patient, in any status, by line id and version: the same as long as nobody
   * changed the list. New lines without an id get an id derived from it (`derivedLineId`), so a retry of the same
   * write (after a 422, with acknowledgements) gives the same ids and the keys the 422 named still match.
   */
  readonly state: string;
}

/**
 * Serialises the checks of one patient's list: held from before the list is read until the write's transaction
 * ends, so two clinicians adding interacting medicines at the same moment are checked one after the other (the
 * second sees the first's line) instead of each against the list without the other's. Only that patient's list
 * checks take turns; reads and other patients' writes never wait, and writes that run no check take no lock.
 */
export async function lockSafetyList(tx: Queryable, patientId: string): Promise<void> {
  await lockCondition(tx, `medication-list:Patient/${patientId}`);
}

/**
 * Reads a patient's active lines and allergies for a medication check, including what the caller may not see
 * (a block, a private line): a check that left those out would call a dangerous combination safe. This is the
 * one place the medication area reads with the store's ALL scope, and only for checks; what is returned to the
 * caller is redacted by `presentFindings` (lines and allergies the caller cannot see are never named).
 */
export async function readSafetyList(
  tx: Queryable,
  service: ResourceService,
  patientId: string,
): Promise<SafetyList> {
  // One after the other: a transaction is one connection, which runs one query at a time anyway (node-postgres
  // deprecates queueing them on a busy client).
  const every = await readAll(tx, service, 'MedicationStatement', patientId, []);
  const allergies = await readAll(tx, service, 'AllergyIntolerance', patientId, []);
  const patient = await readCurrent(tx, 'Patient', patientId);
  const parsed = every.map((row) => {
    const statement = parse<MedicationStatement>(row);
    return { row, statement, lineId: lineIdOf(statement) ?? row.id };
  });
  const active = parsed.filter((line) => line.statement.status === 'active');
  const visible = await visibleIds(
    tx,
    service,
    'MedicationStatement',
    active.map((line) => line.row),
  );
  const visibleAllergies = await visibleIds(tx, service, 'AllergyIntolerance', allergies);
  return {
    patientId,
    lines: active.map(({ row, statement, lineId }) => ({ statement, lineId, visible: visible.has(row.id) })),
    allergies: allergies.map((row) => ({
      allergy: parse<AllergyIntolerance>(row),
      visible: visibleAllergies.has(row.id),
    })),
    ageYears: patient?.content ? ageInYears(parse<Patient>(patient).birthDate) : undefined,
    state: listState(parsed.map((line) => `${line.lineId}@${line.row.versionId}`)),
  };
}

function listState(versions: string[]): string {
  return createHash('sha256').update(versions.sort().join(',')).digest('hex');
}

async function readAll(
  tx: Queryable,
  service: ResourceService,
  type: string,
  patientId: string,
  params: [string, string][],
): Promise<ResourceRow[]> {
  let request = service.parseInternalSearch(type, [...params, ['_count', PAGE_SIZE]], {
    lenient: false,
    compartmentPatient: patientId,
  });
  const rows: ResourceRow[] = [];
  for (;;) {
    const page = await runSearch(tx, { ...request, total: 'none' }, ALL);
    rows.push(...page.matches);
    if (!page.next) return rows;
    request = { ...request, cursor: page.next };
  }
}

async function visibleIds(
  tx: Queryable,
  service: ResourceService,
  type: string,
  rows: readonly ResourceRow[],
): Promise<Set<string>> {
  const seen = await readCurrentMany(
    tx,
    type,
    rows.map((row) => row.id),
    service.access.scope,
  );
  return new Set(seen.filter((row) => row.visible !== false).map((row) => row.id));
}

function parse<T>(row: ResourceRow): T {
  return parseFhirJson(row.content ?? '{}') as T;
}

/** Whole years on today's date (for age-specific maximum doses). */
export function ageInYears(birthDate: string | undefined, today = new Date()): number | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate ?? '');
  if (!match) return undefined;
  const [year, month = 1, day = 1] = [Number(match[1]), Number(match[2] ?? 1), Number(match[3] ?? 1)];
  const age = today.getUTCFullYear() - year;
  const beforeBirthday =
    today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day);
  return beforeBirthday ? age - 1 : age;
}
