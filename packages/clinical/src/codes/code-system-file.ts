// The on-disk (and over-the-wire) format of Akson's code lists. One JSON file per code system, concepts as
// positional arrays rather than objects: ICD-10 has ~20k concepts and the web app downloads the file, so
// repeating "code"/"display" keys 20k times would roughly double the size for nothing.

export const CODE_SYSTEM_FORMAT = 'akson-code-system/1';
export const CODE_TERMS_FORMAT = 'akson-code-terms/1';
export const CODE_MANIFEST_FORMAT = 'akson-code-manifest/1';

/**
 * A concept as stored: [code, display, shortDisplay?, parent?]. Trailing fields are omitted when absent; an
 * empty string stands for "absent" when a later field is present (e.g. ATC: [code, name, "", parentCode]).
 */
export type CompactConcept = [code: string, display: string, shortDisplay?: string, parent?: string];

export interface CodeSystemFile {
  format: typeof CODE_SYSTEM_FORMAT;
  /** Canonical FHIR system URI, e.g. http://hl7.org/fhir/sid/icpc-2. */
  system: string;
  /** Short name, e.g. "ICPC-2". */
  name: string;
  /** Norwegian title. */
  title: string;
  version?: string;
  /** False when we know the list is partial (e.g. the ATC demo list, Volven 7448, SYSVAK 9501). */
  complete: boolean;
  source: string;
  licence: string;
  note?: string;
  concepts: CompactConcept[];
}

/** Extra search terms (synonyms) pointing at concepts of another file, e.g. ICPC-2B terms for ICPC-2. */
export interface CodeTermsFile {
  format: typeof CODE_TERMS_FORMAT;
  system: string;
  source: string;
  licence: string;
  /** [conceptCode, termText] */
  terms: Array<[code: string, text: string]>;
}

export interface CodeSystemManifestEntry {
  system: string;
  /** Other URIs that mean the same system (e.g. the old Volven OID 7170 for ICPC-2). */
  aliases?: string[];
  name: string;
  title: string;
  file: string;
  termsFile?: string;
  count: number;
  complete: boolean;
}

export interface CodeSystemManifest {
  format: typeof CODE_MANIFEST_FORMAT;
  systems: CodeSystemManifestEntry[];
}

/** Thrown when a data file does not have the expected shape (wrong file, truncated download, old format). */
export class CodeDataFormatError extends Error {
  override name = 'CodeDataFormatError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: Record<string, unknown>, key: string, what: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new CodeDataFormatError(`${what}: "${key}" must be a string`);
  return value;
}

function optionalString(record: Record<string, unknown>, key: string, what: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CodeDataFormatError(`${what}: "${key}" must be a string`);
  return value;
}

function requireFormat(record: Record<string, unknown>, expected: string, what: string): void {
  if (record['format'] !== expected) {
    throw new CodeDataFormatError(
      `${what}: expected format "${expected}", got ${JSON.stringify(record['format'])}`,
    );
  }
}

function isStringTuple(value: unknown, min: number, max: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length >= min &&
    value.length <= max &&
    value.every((item) => typeof item === 'string')
  );
}

export function parseCodeSystemFile(json: unknown, what = 'code system file'): CodeSystemFile {
  if (!isRecord(json)) throw new CodeDataFormatError(`${what}: not a JSON object`);
  requireFormat(json, CODE_SYSTEM_FORMAT, what);
  const concepts = json['concepts'];
  if (!Array.isArray(concepts)) throw new CodeDataFormatError(`${what}: "concepts" must be an array`);
  for (const [index, concept] of concepts.entries()) {
    if (!isStringTuple(concept, 2, 4)) {
      throw new CodeDataFormatError(`${what}: concept ${index} must be [code, display, short?, parent?]`);
    }
  }
  if (typeof json['complete'] !== 'boolean')
    throw new CodeDataFormatError(`${what}: "complete" must be boolean`);
  const version = optionalString(json, 'version', what);
  const note = optionalString(json, 'note', what);
  return {
    format: CODE_SYSTEM_FORMAT,
    system: requireString(json, 'system', what),
    name: requireString(json, 'name', what),
    title: requireString(json, 'title', what),
    ...(version === undefined ? {} : { version }),
    complete: json['complete'],
    source: requireString(json, 'source', what),
    licence: requireString(json, 'licence', what),
    ...(note === undefined ? {} : { note }),
    concepts: concepts as CompactConcept[],
  };
}

export function parseCodeTermsFile(json: unknown, what = 'code terms file'): CodeTermsFile {
  if (!isRecord(json)) throw new CodeDataFormatError(`${what}: not a JSON object`);
  requireFormat(json, CODE_TERMS_FORMAT, what);
  const terms = json['terms'];
  if (!Array.isArray(terms) || !terms.every((term) => isStringTuple(term, 2, 2))) {
    throw new CodeDataFormatError(`${what}: "terms" must be an array of [code, text]`);
  }
  return {
    format: CODE_TERMS_FORMAT,
    system: requireString(json, 'system', what),
    source: requireString(json, 'source', what),
    licence: requireString(json, 'licence', what),
    terms: terms as Array<[string, string]>,
  };
}

export function parseCodeSystemManifest(json: unknown, what = 'code manifest'): CodeSystemManifest {
  if (!isRecord(json)) throw new CodeDataFormatError(`${what}: not a JSON object`);
  requireFormat(json, CODE_MANIFEST_FORMAT, what);
  const systems = json['systems'];
  if (!Array.isArray(systems)) throw new CodeDataFormatError(`${what}: "systems" must be an array`);
  return {
    format: CODE_MANIFEST_FORMAT,
    systems: systems.map((entry, index) => {
      const label = `${what} entry ${index}`;
      if (!isRecord(entry)) throw new CodeDataFormatError(`${label}: not an object`);
      const aliases = entry['aliases'];
      if (aliases !== undefined && !isStringTuple(aliases, 0, Number.MAX_SAFE_INTEGER)) {
        throw new CodeDataFormatError(`${label}: "aliases" must be an array of strings`);
      }
      const termsFile = optionalString(entry, 'termsFile', label);
      if (typeof entry['count'] !== 'number' || typeof entry['complete'] !== 'boolean') {
        throw new CodeDataFormatError(`${label}: "count" and "complete" are required`);
      }
      return {
        system: requireString(entry, 'system', label),
        ...(aliases === undefined ? {} : { aliases }),
        name: requireString(entry, 'name', label),
        title: requireString(entry, 'title', label),
        file: requireString(entry, 'file', label),
        ...(termsFile === undefined ? {} : { termsFile }),
        count: entry['count'],
        complete: entry['complete'],
      };
    }),
  };
}
