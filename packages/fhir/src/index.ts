export { AksonError, AKSON_ERROR_SYSTEM, isAksonError, issueTypeFor } from './outcomes/akson-error.ts';
export type { ErrorCategory } from './outcomes/akson-error.ts';
export { ERROR_CATALOGUE, fail } from './outcomes/codes.ts';
export type { ErrorCode } from './outcomes/codes.ts';
export { httpStatusFor } from './outcomes/status.ts';
export { informationOutcome, outcome, warningIssue } from './outcomes/operation-outcome.ts';
export { loadDefinitions } from './definitions/load.ts';
export type { Definitions } from './definitions/load.ts';
export { isResourceType, isValidId } from './definitions/resource-types.ts';
export { compileFhirPath, evaluate, evaluateTyped, typedValueOf } from './fhirpath/evaluate.ts';
export type { TypedValue } from './fhirpath/evaluate.ts';
export {
  getSearchParam,
  listSearchParams,
  unsupportedReason,
  RESOURCE_COLUMN_PARAMS,
} from './search-parameters/registry.ts';
export type { CompositeComponent, SearchParamDef, SearchParamType } from './search-parameters/registry.ts';
export { validateResource } from './validation/validate-resource.ts';
export type { ValidationResult } from './validation/validate-resource.ts';
export { IDENTIFIER_SYSTEMS, HNR_TYPE_CODE } from './identifiers/systems.ts';
export { checkNationalId, controlDigitsFor, parseNationalId } from './identifiers/national-id.ts';
export type { NationalId, NationalIdKind, NationalIdProblem } from './identifiers/national-id.ts';
export { isValidOrganisationNumber, organisationNumberFor } from './identifiers/organisation-number.ts';
export { isValidHprNumber } from './identifiers/hpr-number.ts';
export { checkHNumber, checkIdentifier } from './identifiers/check-identifier.ts';
export { parseLocalReference } from './references/parse-reference.ts';
export type { LocalReference } from './references/parse-reference.ts';
export { multirangeLiteral, precisionRange, zonedToUtc } from './dates/precision-range.ts';
export type { Range } from './dates/precision-range.ts';
export { parseSearch, parseParamFilter } from './search/parse-search.ts';
export type { ParseSearchOptions } from './search/parse-search.ts';
export type * from './search/search-request.ts';
export { splitUnescaped, unescapeValue } from './search/split-values.ts';
export { syntheticNationalId } from './identifiers/synthetic-id.ts';
export { carryPrecision, parseFhirJson, stringifyFhirJson } from './json/precise-json.ts';
export { normalizeBase64 } from './validation/structural-checks.ts';
export {
  ADDRESS_PROTECTION_SYSTEM,
  ADDRESS_PROTECTION_URL,
  isRedactedAddress,
  mayHaveProtectedAddress,
  protectionOf,
  redactProtectedAddresses,
  restoreProtectedAddresses,
} from './privacy/address-protection.ts';
export type { AddressProtection } from './privacy/address-protection.ts';
