// The table of maximum doses (packages/clinical/data/medication/max-daily-doses.json): its shape and a reader
// that checks it, so that a mistyped table fails at load time rather than silently passing every dose.

import { atcLevel, normalizeAtc } from '../atc-code.ts';
import { findDoseUnit } from '../dosage/dose-units.ts';

export const MAX_DOSE_TABLE_FORMAT = 'akson.max-doses/1';

export interface MaxDoseLimit {
  readonly value: number;
  /** A mass unit (g, mg, mikrogram). */
  readonly unit: string;
  /** `d`: the heaviest single day counts; `wk`: the weekly total counts. */
  readonly per: 'd' | 'wk';
}

export interface MaxDoseEntry {
  /** ATC at substance level. */
  readonly atc: string;
  readonly substance: string;
  readonly route?: string;
  readonly max: MaxDoseLimit;
  /** Limit for self-medication without prescription. */
  readonly otcMax?: MaxDoseLimit;
  /** The entry applies only from this age (e.g. 65 for citalopram 20 mg); it then wins over the general one. */
  readonly fromAgeYears?: number;
  readonly source: string;
  readonly note?: string;
}

export interface MaxDoseTable {
  readonly format: typeof MAX_DOSE_TABLE_FORMAT;
  readonly entries: readonly MaxDoseEntry[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readLimit(value: unknown, path: string, problems: string[]): MaxDoseLimit | undefined {
  if (!isRecord(value)) {
    problems.push(`${path}: missing`);
    return undefined;
  }
  const { value: amount, unit, per } = value;
  const massUnit = typeof unit === 'string' ? findDoseUnit(unit) : undefined;
  if (typeof amount !== 'number' || !(amount > 0)) problems.push(`${path}.value: must be a positive number`);
  if (!massUnit || massUnit.kind !== 'mass')
    problems.push(`${path}.unit: must be a mass unit (g, mg, mikrogram)`);
  if (per !== 'd' && per !== 'wk') problems.push(`${path}.per: must be "d" or "wk"`);
  if (typeof amount !== 'number' || !massUnit || (per !== 'd' && per !== 'wk')) return undefined;
  return { value: amount, unit: massUnit.singular, per };
}

/** Checks and returns a max-dose table read from JSON; throws with every problem listed. */
export function parseMaxDoseTable(json: unknown): MaxDoseTable {
  const problems: string[] = [];
  if (!isRecord(json) || json['format'] !== MAX_DOSE_TABLE_FORMAT || !Array.isArray(json['entries'])) {
    throw new Error(`Max-dose table: expected { format: "${MAX_DOSE_TABLE_FORMAT}", entries: [...] }`);
  }
  const entries: MaxDoseEntry[] = [];
  json['entries'].forEach((raw: unknown, index: number) => {
    const path = `entries[${index}]`;
    if (!isRecord(raw)) {
      problems.push(`${path}: not an object`);
      return;
    }
    const atc = typeof raw['atc'] === 'string' ? normalizeAtc(raw['atc']) : undefined;
    if (!atc || atcLevel(atc) !== 5) problems.push(`${path}.atc: must be an ATC code at level 5`);
    const substance = raw['substance'];
    const source = raw['source'];
    if (typeof substance !== 'string' || !substance) problems.push(`${path}.substance: required`);
    if (typeof source !== 'string' || !source) problems.push(`${path}.source: required (a public source)`);
    const max = readLimit(raw['max'], `${path}.max`, problems);
    const otcMax =
      raw['otcMax'] === undefined ? undefined : readLimit(raw['otcMax'], `${path}.otcMax`, problems);
    const fromAge = raw['fromAgeYears'];
    if (fromAge !== undefined && (typeof fromAge !== 'number' || fromAge < 0)) {
      problems.push(`${path}.fromAgeYears: must be a non-negative number`);
    }
    if (!atc || !max || typeof substance !== 'string' || typeof source !== 'string') return;
    entries.push({
      atc,
      substance,
      ...(typeof raw['route'] === 'string' ? { route: raw['route'] } : {}),
      max,
      ...(otcMax ? { otcMax } : {}),
      ...(typeof fromAge === 'number' ? { fromAgeYears: fromAge } : {}),
      source,
      ...(typeof raw['note'] === 'string' ? { note: raw['note'] } : {}),
    });
  });
  if (problems.length > 0) throw new Error(`Max-dose table is invalid: ${problems.join('; ')}`);
  return { format: MAX_DOSE_TABLE_FORMAT, entries };
}

/**
 * The entries that apply to a substance for a patient: the general entry, replaced per period (day/week) by
 * an age-specific one when the patient's age is known and reaches it.
 */
export function applicableMaxDoses(
  table: MaxDoseTable,
  atc: string,
  ageYears: number | undefined,
): MaxDoseEntry[] {
  const candidates = table.entries.filter(
    (entry) =>
      entry.atc === atc &&
      (entry.fromAgeYears === undefined || (ageYears !== undefined && ageYears >= entry.fromAgeYears)),
  );
  const byPeriod = new Map<string, MaxDoseEntry>();
  for (const entry of candidates) {
    const current = byPeriod.get(entry.max.per);
    if (!current || (entry.fromAgeYears ?? -1) > (current.fromAgeYears ?? -1))
      byPeriod.set(entry.max.per, entry);
  }
  return [...byPeriod.values()];
}
