// Municipalities, postal codes and name frequencies: reference data for the synthetic population generator
// and for address forms. Stored as compact positional arrays like the code lists, parsed into typed objects here.

import type { CodeSystemSource } from './code-system-source.ts';
import { CodeDataFormatError } from './code-system-file.ts';

export const MUNICIPALITIES_FILE = 'kommuner.json';
export const POSTAL_CODES_FILE = 'postnummer.json';
export const NAME_FREQUENCIES_FILE = 'personnavn.json';

export const MUNICIPALITIES_FORMAT = 'akson-municipalities/1';
export const POSTAL_CODES_FORMAT = 'akson-postal-codes/1';
export const NAME_FREQUENCIES_FORMAT = 'akson-name-frequencies/1';

export interface County {
  /** Two digits, e.g. "03" Oslo (2024 county numbers). */
  number: string;
  name: string;
}

export interface Municipality {
  /** Four digits, 2024 numbering, e.g. "0301". */
  number: string;
  /** Official name; may be the Sami or Kven form where that is official. */
  name: string;
  /** Norwegian form of the name. */
  nameNorwegian: string;
  countyNumber: string;
  administrativeCentre: string;
  /** Population 1 January 2024 (SSB). */
  population: number;
}

/** Bring's postal code categories: G street addresses, P post boxes, B both, S service codes. */
export type PostalCodeCategory = 'G' | 'P' | 'B' | 'S';

export interface PostalCode {
  code: string;
  place: string;
  municipalityNumber: string;
  category: PostalCodeCategory;
}

export interface NameFrequency {
  name: string;
  /** Approximate number of bearers; use as a sampling weight only. */
  count: number;
}

export interface NameFrequencies {
  female: NameFrequency[];
  male: NameFrequency[];
  surnames: NameFrequency[];
}

function asRecord(json: unknown, what: string, format: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CodeDataFormatError(`${what}: not a JSON object`);
  }
  const record = json as Record<string, unknown>;
  if (record['format'] !== format) throw new CodeDataFormatError(`${what}: expected format "${format}"`);
  return record;
}

function asRows(value: unknown, what: string, width: number): unknown[][] {
  if (!Array.isArray(value) || !value.every((row) => Array.isArray(row) && row.length === width)) {
    throw new CodeDataFormatError(`${what}: expected rows of ${width} values`);
  }
  return value as unknown[][];
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CodeDataFormatError(`${what}: expected a string`);
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CodeDataFormatError(`${what}: expected a non-negative number`);
  }
  return value;
}

export function parseCounties(json: unknown): County[] {
  const record = asRecord(json, MUNICIPALITIES_FILE, MUNICIPALITIES_FORMAT);
  return asRows(record['counties'], 'counties', 2).map(([number, name]) => ({
    number: text(number, 'county number'),
    name: text(name, 'county name'),
  }));
}

export function parseMunicipalities(json: unknown): Municipality[] {
  const record = asRecord(json, MUNICIPALITIES_FILE, MUNICIPALITIES_FORMAT);
  return asRows(record['municipalities'], 'municipalities', 6).map(
    ([number, name, nameNorwegian, countyNumber, administrativeCentre, population]) => ({
      number: text(number, 'municipality number'),
      name: text(name, 'municipality name'),
      nameNorwegian: text(nameNorwegian, 'municipality name'),
      countyNumber: text(countyNumber, 'county number'),
      administrativeCentre: text(administrativeCentre, 'administrative centre'),
      population: count(population, 'population'),
    }),
  );
}

const POSTAL_CATEGORIES: ReadonlySet<string> = new Set(['G', 'P', 'B', 'S']);

export function parsePostalCodes(json: unknown): PostalCode[] {
  const record = asRecord(json, POSTAL_CODES_FILE, POSTAL_CODES_FORMAT);
  return asRows(record['postalCodes'], 'postalCodes', 4).map(
    ([code, place, municipalityNumber, category]) => {
      const categoryText = text(category, 'postal code category');
      if (!POSTAL_CATEGORIES.has(categoryText)) {
        throw new CodeDataFormatError(`postal code category "${categoryText}" is not G, P, B or S`);
      }
      return {
        code: text(code, 'postal code'),
        place: text(place, 'postal place'),
        municipalityNumber: text(municipalityNumber, 'municipality number'),
        category: categoryText as PostalCodeCategory,
      };
    },
  );
}

function parseNameList(value: unknown, what: string): NameFrequency[] {
  return asRows(value, what, 2).map(([name, frequency]) => ({
    name: text(name, `${what} name`),
    count: count(frequency, `${what} count`),
  }));
}

export function parseNameFrequencies(json: unknown): NameFrequencies {
  const record = asRecord(json, NAME_FREQUENCIES_FILE, NAME_FREQUENCIES_FORMAT);
  return {
    female: parseNameList(record['female'], 'female'),
    male: parseNameList(record['male'], 'male'),
    surnames: parseNameList(record['surnames'], 'surnames'),
  };
}

/** Groups postal codes by municipality number, keeping file order (ascending postal code). */
export function groupPostalCodesByMunicipality(
  postalCodes: readonly PostalCode[],
): Map<string, PostalCode[]> {
  const byMunicipality = new Map<string, PostalCode[]>();
  for (const postalCode of postalCodes) {
    const list = byMunicipality.get(postalCode.municipalityNumber);
    if (list) list.push(postalCode);
    else byMunicipality.set(postalCode.municipalityNumber, [postalCode]);
  }
  return byMunicipality;
}

export async function loadMunicipalities(source: CodeSystemSource): Promise<Municipality[]> {
  return parseMunicipalities(await source.readJson(MUNICIPALITIES_FILE));
}

export async function loadCounties(source: CodeSystemSource): Promise<County[]> {
  return parseCounties(await source.readJson(MUNICIPALITIES_FILE));
}

export async function loadPostalCodes(source: CodeSystemSource): Promise<PostalCode[]> {
  return parsePostalCodes(await source.readJson(POSTAL_CODES_FILE));
}

export async function loadPostalCodesByMunicipality(
  source: CodeSystemSource,
): Promise<Map<string, PostalCode[]>> {
  return groupPostalCodesByMunicipality(await loadPostalCodes(source));
}

export async function loadNameFrequencies(source: CodeSystemSource): Promise<NameFrequencies> {
  return parseNameFrequencies(await source.readJson(NAME_FREQUENCIES_FILE));
}
