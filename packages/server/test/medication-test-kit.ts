/**
 * Builders and readers for the medication list's integration tests: lines (MedicationStatement) in the form
 * docs/medication.md describes, acknowledgements, and the findings a 422 or $check returns. Everything goes
 * through real HTTP against the test server; nothing here talks to the database.
 */
import { expect } from 'vitest';
import { expectStatus, type TestServer } from './test-server.ts';
import type { OperationOutcome } from './fhir-test-kit.ts';

export const ATC_SYSTEM = 'http://www.whocc.no/atc';
export const LINE_SYSTEM = 'https://akson.no/fhir/NamingSystem/medication-line';
export const ACK_URL = 'https://akson.no/fhir/StructureDefinition/check-acknowledgement';
export const CHANGED_BY_URL = 'https://akson.no/fhir/StructureDefinition/changed-by';
export const FINDING_URL = 'https://akson.no/fhir/StructureDefinition/medication-finding';
export const LINK_URL = 'https://akson.no/fhir/StructureDefinition/medication-line';
export const MULTIDOSE_URL = 'https://akson.no/fhir/StructureDefinition/multidose';
export const SCHEDULED_URL = 'https://akson.no/fhir/StructureDefinition/scheduled-time';

export type Json = Record<string, unknown>;

/** Well-known medicines of the demo (real ATC codes, the shipped interaction file knows them). */
export const MEDICINES = {
  warfarin: ['B01AA03', 'Marevan tab 2,5 mg'],
  naproxen: ['M01AE02', 'Naproxen tab 250 mg'],
  ibuprofen: ['M01AE01', 'Ibux tab 400 mg'],
  paracetamol: ['N02BE01', 'Paracet tab 500 mg'],
  metoprolol: ['C07AB02', 'Selo-Zok depottab 50 mg'],
  amoxicillin: ['J01CA04', 'Imacillin tab 500 mg'],
  simvastatin: ['C10AA01', 'Simvastatin tab 20 mg'],
  klaritromycin: ['J01FA09', 'Klacid tab 500 mg'],
  metotreksat: ['L04AX03', 'Metex tab 2,5 mg'],
  alendronat: ['M05BA04', 'Alendronat tab 70 mg'],
  omeprazol: ['A02BC01', 'Omeprazol kaps 20 mg'],
  citalopram: ['N06AB04', 'Cipramil tab 20 mg'],
} as const satisfies Record<string, readonly [string, string]>;

export type MedicineName = keyof typeof MEDICINES;

export function dose(value: number, unit: string, repeat: Json, extra: Json = {}): Json {
  return { timing: { repeat }, doseAndRate: [{ doseQuantity: { value, unit } }], ...extra };
}

/** "1 tablett morgen og kveld". */
export function daily(value: number, unit: string, when: string[]): Json {
  return dose(value, unit, { frequency: when.length, period: 1, periodUnit: 'd', when });
}

export function asNeeded(value: number, unit: string, perDay: number, maxPerDay: number): Json {
  return {
    ...dose(value, unit, { frequency: perDay, period: 1, periodUnit: 'd' }),
    asNeededBoolean: true,
    maxDosePerPeriod: {
      numerator: { value: maxPerDay, unit },
      denominator: { value: 1, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
    },
  };
}

export function line(patientId: string, medicine: MedicineName, dosage: Json[], extra: Json = {}): Json {
  const [atc, name] = MEDICINES[medicine];
  return {
    resourceType: 'MedicationStatement',
    status: 'active',
    medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: atc }], text: name },
    subject: { reference: `Patient/${patientId}` },
    dosage,
    ...extra,
  };
}

export function acknowledgement(finding: string, reason: string): Json {
  return {
    url: ACK_URL,
    extension: [
      { url: 'finding', valueString: finding },
      { url: 'reason', valueString: reason },
    ],
  };
}

export function lineIdOf(statement: Json): string {
  const identifiers = (statement['identifier'] ?? []) as { system?: string; value?: string }[];
  const id = identifiers.find((identifier) => identifier.system === LINE_SYSTEM)?.value;
  if (!id) throw new Error(`no line id on ${JSON.stringify(statement)}`);
  return id;
}

export interface Finding {
  key: string;
  kind: string;
  severity: string;
  requiresAcknowledgement: boolean;
  lines: string[];
  withheld: boolean;
  entry?: string;
  text: string;
  blocking: boolean;
}

/** The findings of a 422 (AKS_ERR_MEDICATION_UNACKNOWLEDGED). */
export function findingsOf(outcome: OperationOutcome): Finding[] {
  return outcome.issue
    .map((issue) => {
      const extension = (issue as { extension?: { url: string; extension?: Json[] }[] }).extension?.find(
        (entry) => entry.url === FINDING_URL,
      );
      if (!extension) return undefined;
      return {
        ...readFinding(extension.extension ?? []),
        text: issue.details?.text ?? '',
        blocking: issue.severity === 'error',
      };
    })
    .filter((finding): finding is Finding => finding !== undefined);
}

function readFinding(parts: Json[]): Omit<Finding, 'text' | 'blocking'> {
  const value = (name: string) => parts.find((part) => part['url'] === name);
  const string = (name: string) => {
    const part = value(name);
    return (part?.['valueString'] ?? part?.['valueCode']) as string | undefined;
  };
  const entry = string('entry');
  return {
    key: string('key') ?? '',
    kind: string('kind') ?? '',
    severity: string('severity') ?? '',
    requiresAcknowledgement: value('requiresAcknowledgement')?.['valueBoolean'] === true,
    lines: parts.filter((part) => part['url'] === 'line').map((part) => part['valueString'] as string),
    withheld: value('withheld')?.['valueBoolean'] === true,
    ...(entry !== undefined ? { entry } : {}),
  };
}

/** POSTs a line as `as` and expects it stored. */
export async function createLine(t: TestServer, as: string, statement: Json): Promise<Json & { id: string }> {
  return expectStatus<Json & { id: string }>(
    await t.fhir('MedicationStatement', { method: 'POST', json: statement, as }),
    201,
  );
}

export async function readLine(t: TestServer, as: string, id: string): Promise<Json & { id: string }> {
  return expectStatus<Json & { id: string }>(await t.fhir(`MedicationStatement/${id}`, { as }), 200);
}

/** The value of a named Parameters part (valueX), or the part itself when it has sub-parts. */
export function param(parameters: Json, name: string): unknown {
  const part = ((parameters['parameter'] ?? []) as Json[]).find((p) => p['name'] === name);
  return part ? partValue(part) : undefined;
}

export function params(parameters: Json, name: string): Json[] {
  return ((parameters['parameter'] ?? []) as Json[]).filter((p) => p['name'] === name);
}

/** A part's sub-parts as an object: name → value (repeated names become arrays). */
export function partsOf(part: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sub of (part['part'] ?? []) as Json[]) {
    const name = sub['name'] as string;
    const value = partValue(sub);
    if (name in out)
      out[name] = [...(Array.isArray(out[name]) ? (out[name] as unknown[]) : [out[name]]), value];
    else out[name] = value;
  }
  return out;
}

function partValue(part: Json): unknown {
  if (part['part']) return partsOf(part);
  if (part['resource']) return part['resource'];
  const key = Object.keys(part).find((k) => k.startsWith('value'));
  return key ? part[key] : undefined;
}

export function extensionValue(resource: Json, url: string): unknown {
  const extension = ((resource['extension'] ?? []) as Json[]).find((entry) => entry['url'] === url);
  if (!extension) return undefined;
  const key = Object.keys(extension).find((k) => k.startsWith('value'));
  return key ? extension[key] : extension;
}

export function expectIssueAt(outcome: OperationOutcome, expression: string): void {
  expect(
    outcome.issue.some((issue) => issue.expression?.some((e) => e.startsWith(expression))),
    JSON.stringify(outcome),
  ).toBe(true);
}
