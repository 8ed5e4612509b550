// Code lists with Norwegian display names and fast text search. Browser-safe: no Node imports here.
// Node-only loaders (reading the bundled files from disk) are in ./node.ts.

export {
  ATC_SYSTEM,
  AKSON_CODE_SYSTEM_BASE,
  DATA_ABSENT_REASON_SYSTEM,
  ICD10_SYSTEM,
  ICPC2_SYSTEM,
  ICPC2_VOLVEN_SYSTEM,
  LOINC_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  OBSERVATION_INTERPRETATION_SYSTEM,
  SNOMED_SYSTEM,
  UCUM_SYSTEM,
  VOLVEN,
  VOLVEN_OID_PREFIX,
  volvenSystem,
} from './code-system-urls.ts';
export { foldText, normalizeCode, tokenize } from './fold-text.ts';
export {
  CODE_MANIFEST_FORMAT,
  CODE_SYSTEM_FORMAT,
  CODE_TERMS_FORMAT,
  CodeDataFormatError,
  parseCodeSystemFile,
  parseCodeSystemManifest,
  parseCodeTermsFile,
} from './code-system-file.ts';
export type {
  CodeSystemFile,
  CodeSystemManifest,
  CodeSystemManifestEntry,
  CodeTermsFile,
  CompactConcept,
} from './code-system-file.ts';
export {
  CodeDataUnavailableError,
  fetchCodeSystemSource,
  memoryCodeSystemSource,
} from './code-system-source.ts';
export type { CodeSystemSource } from './code-system-source.ts';
export { buildCodeIndex, DEFAULT_SEARCH_LIMIT } from './code-index.ts';
export type { CodeConcept, CodeIndex, CodeSearchResult } from './code-index.ts';
export {
  CODE_MANIFEST_FILE,
  CodeSystemNotLoadedError,
  UnknownCodeSystemError,
  createCodeRegistry,
} from './code-registry.ts';
export type { CodeRegistry, LoadCodeSystemOptions } from './code-registry.ts';
export {
  MUNICIPALITIES_FILE,
  NAME_FREQUENCIES_FILE,
  POSTAL_CODES_FILE,
  groupPostalCodesByMunicipality,
  loadCounties,
  loadMunicipalities,
  loadNameFrequencies,
  loadPostalCodes,
  loadPostalCodesByMunicipality,
  parseCounties,
  parseMunicipalities,
  parseNameFrequencies,
  parsePostalCodes,
} from './population-data.ts';
export type {
  County,
  Municipality,
  NameFrequencies,
  NameFrequency,
  PostalCode,
  PostalCodeCategory,
} from './population-data.ts';
export { dottedIcd10Code, undottedIcd10Code } from './icd10-code.ts';
