import { AksonError, type AksonErrorOptions, type ErrorCategory } from './akson-error.ts';

interface ErrorSpec {
  readonly category: ErrorCategory;
  /** Message template; `{name}` is replaced by the parameter of that name. Says what to do next where it can. */
  readonly text: string;
}

/**
 * Every error the platform can return, by code. docs/errors.md lists the same codes; a test keeps them in sync.
 * Codes are stable API: clients (and the web app's Norwegian texts) key on them.
 */
export const ERROR_CATALOGUE = {
  // Requests and content
  AKS_ERR_REQUEST_INVALID_JSON: { category: 'invalid', text: 'The request body is not valid JSON: {detail}' },
  AKS_ERR_REQUEST_TOO_DEEP: {
    category: 'invalid',
    text: 'The request body is nested deeper than {max} levels; FHIR resources never need that.',
  },
  AKS_ERR_REQUEST_TOO_LARGE: {
    category: 'too-large',
    text: 'The request body is larger than the limit of {limit} bytes.',
  },
  AKS_ERR_REQUEST_MEDIA_TYPE: {
    category: 'unsupported-media-type',
    text: 'Content type {type} is not supported here; send application/fhir+json.',
  },
  AKS_ERR_REQUEST_NOT_ACCEPTABLE: {
    category: 'not-acceptable',
    text: 'Format {format} is not supported; this server speaks application/fhir+json.',
  },
  AKS_ERR_REQUEST_BODY_MISSING: { category: 'invalid', text: 'This interaction needs a request body.' },
  AKS_ERR_REQUEST_HEADER: { category: 'invalid', text: 'Header {header} is not valid: {detail}' },
  AKS_ERR_ROUTE_NOT_FOUND: { category: 'not-found', text: 'There is nothing at {method} {url}.' },
  AKS_ERR_METHOD_NOT_ALLOWED: { category: 'method-not-allowed', text: '{detail}' },
  // HTTP-level refusals answered before any route runs; sent with the protocol's own status (see errors.md).
  AKS_ERR_REQUEST_MALFORMED: {
    category: 'invalid',
    text: 'The request is not valid HTTP ({detail}); check the request line, the headers and the URL encoding.',
  },
  AKS_ERR_REQUEST_HEADERS_TOO_LARGE: {
    category: 'too-large',
    text: 'The request line and headers are larger than {limit} bytes. Send a long search as POST [type]/_search with the parameters in the body.',
  },
  AKS_ERR_REQUEST_TIMEOUT: {
    category: 'invalid',
    text: 'The request did not arrive in time; send it again.',
  },
  AKS_ERR_INTERACTION_UNSUPPORTED: {
    category: 'invalid',
    text: '{interaction} is not supported by this server. {instead}',
  },

  // Resources
  AKS_ERR_RESOURCE_TYPE_UNKNOWN: { category: 'not-found', text: 'Unknown resource type {type}.' },
  AKS_ERR_RESOURCE_TYPE_MISMATCH: {
    category: 'invalid',
    text: 'The body has resourceType {actual}, but the URL says {expected}.',
  },
  AKS_ERR_RESOURCE_ID_INVALID: {
    category: 'invalid',
    text: 'Id {id} is not a valid FHIR id (1-64 characters of A-Z, a-z, 0-9, "-" and ".").',
  },
  AKS_ERR_RESOURCE_ID_MISMATCH: {
    category: 'invalid',
    text: 'The body has id {actual}, but the URL says {expected}.',
  },
  AKS_ERR_RESOURCE_ID_MISSING: { category: 'invalid', text: 'An update needs the resource id in the body.' },
  AKS_ERR_RESOURCE_ID_PRESENT: {
    category: 'invalid',
    text: 'A create must not carry an id; the server assigns one. Use PUT to create with your own id.',
  },
  AKS_ERR_RESOURCE_NOT_FOUND: { category: 'not-found', text: '{type}/{id} was not found.' },
  AKS_ERR_RESOURCE_VERSION_NOT_FOUND: {
    category: 'not-found',
    text: '{type}/{id} has no version {version}.',
  },
  AKS_ERR_RESOURCE_DELETED: { category: 'gone', text: '{type}/{id} was deleted.' },
  AKS_ERR_RESOURCE_VERSION_CONFLICT: {
    category: 'precondition-failed',
    text: '{type}/{id} is at version {current}, not {expected}. Read it again, apply your change and retry.',
  },
  AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT: {
    category: 'conflict',
    text: '{type}/{id} has changed since you read it (your version {expected}, now {current}). Read it again, apply your change and retry.',
  },
  AKS_ERR_RESOURCE_VERSION_REQUIRED: {
    category: 'precondition-required',
    text: '{type}/{id} is only changed against the version you read: send If-Match with its ETag (such as W/"{current}"), or meta.versionId in the body, and retry.',
  },
  AKS_ERR_RESOURCE_PATIENT_CHANGED: {
    category: 'unprocessable',
    text: "{type}/{id} belongs to another patient's record than the one this version names; an entry never moves between patients. Withdraw it (status entered-in-error) and create a new one for the right patient.",
  },
  AKS_ERR_RESOURCE_READ_ONLY: {
    category: 'method-not-allowed',
    text: '{type} resources cannot be changed through this API.',
  },
  AKS_ERR_VALIDATION: { category: 'invalid', text: 'The resource is not valid.' },
  AKS_ERR_PATCH_INVALID: { category: 'invalid', text: 'The JSON Patch cannot be applied: {detail}' },

  // Conditional interactions
  AKS_ERR_CONDITIONAL_MULTIPLE: {
    category: 'precondition-failed',
    text: 'The condition {criteria} matches {count} resources; it must match at most one.',
  },
  AKS_ERR_CONDITIONAL_CRITERIA: {
    category: 'invalid',
    text: 'The condition is missing or not a valid search: {detail}',
  },

  // Search
  AKS_ERR_SEARCH_PARAM_UNKNOWN: {
    category: 'invalid',
    text: 'Unknown search parameter {param} for {type}. Check the spelling, or send Prefer: handling=lenient to ignore it.',
  },
  AKS_ERR_SEARCH_PARAM_UNSUPPORTED: {
    category: 'invalid',
    text: 'Search parameter {param} is not supported here ({detail}). Send Prefer: handling=lenient to ignore it.',
  },
  AKS_ERR_SEARCH_MODIFIER: {
    category: 'invalid',
    text: 'Modifier :{modifier} cannot be used with {param} (a {paramType} parameter).',
  },
  AKS_ERR_SEARCH_VALUE: { category: 'invalid', text: 'Value {value} is not valid for {param}: {detail}' },
  AKS_ERR_SEARCH_PREFIX: { category: 'invalid', text: 'Prefix {prefix} cannot be used with {param}.' },
  AKS_ERR_SEARCH_SORT: { category: 'invalid', text: 'Cannot sort by {param}: {detail}' },
  AKS_ERR_SEARCH_INCLUDE: { category: 'invalid', text: 'Invalid {kind} value {value}: {detail}' },
  AKS_ERR_SEARCH_CHAIN: { category: 'invalid', text: 'Invalid chained parameter {param}: {detail}' },
  AKS_ERR_SEARCH_CURSOR: {
    category: 'invalid',
    text: 'The paging link is not valid for this search. Start the search again from the first page.',
  },
  AKS_ERR_SEARCH_COUNT: { category: 'invalid', text: '_count must be a whole number from 0 to {max}.' },

  // Bundles
  AKS_ERR_BUNDLE_TYPE: {
    category: 'invalid',
    text: 'Only batch and transaction bundles can be posted to the base; got {type}.',
  },
  AKS_ERR_BUNDLE_ENTRY: { category: 'invalid', text: 'Bundle entry {index} is not valid: {detail}' },
  AKS_ERR_BUNDLE_ENTRY_FAILED: {
    category: 'invalid',
    text: 'Entry {index} ({method} {url}) failed: {detail}',
  },
  AKS_ERR_BUNDLE_REFERENCE: {
    category: 'invalid',
    text: 'Reference {reference} in the transaction cannot be resolved: {detail}',
  },
  AKS_ERR_BUNDLE_DUPLICATE: { category: 'invalid', text: 'The transaction touches {target} more than once.' },
  AKS_ERR_BUNDLE_TOO_MANY: {
    category: 'too-large',
    text: 'The bundle has {count} entries; the limit is {max}.',
  },

  // Operations
  AKS_ERR_OPERATION_UNKNOWN: { category: 'not-found', text: 'Operation {operation} is not known here.' },
  AKS_ERR_OPERATION_PARAMETER: { category: 'invalid', text: 'Operation parameter {param}: {detail}' },

  // Authentication (401) and authorisation (403)
  AKS_ERR_AUTH_MISSING: {
    category: 'unauthenticated',
    text: 'This request needs a bearer token (Authorization: Bearer <token>). Sign in, or get a token from the configured issuer.',
  },
  AKS_ERR_AUTH_INVALID: {
    category: 'unauthenticated',
    text: 'The token was not accepted: {reason}. Sign in again to get a new token.',
  },
  AKS_ERR_AUTH_CLAIMS: { category: 'unauthenticated', text: 'The token lacks what Akson needs: {detail}.' },
  AKS_ERR_AUTH_ASSURANCE: {
    category: 'forbidden',
    text: 'Health personnel must sign in at security level 4 (the token has {level}). Sign in with BankID or Buypass.',
  },
  AKS_ERR_ACCESS_SCOPE: { category: 'forbidden', text: 'The client is not granted {scope}.' },
  AKS_ERR_ACCESS_UNIT: {
    category: 'forbidden',
    text: '{who} has no active role at {unit}. Choose a unit you work for when signing in.',
  },
  AKS_ERR_ACCESS_DENIED: { category: 'forbidden', text: '{detail}' },
  AKS_ERR_ACCESS_NO_RELATION: {
    category: 'forbidden',
    text: 'You have no care relation to this patient. Declare a relation (with a reason) or use emergency access.',
  },
  AKS_ERR_ACCESS_REASON_REQUIRED: {
    category: 'invalid',
    text: '{what} needs a reason (at least {min} characters).',
  },
  AKS_ERR_AUDIT_ALREADY_REVIEWED: {
    category: 'conflict',
    text: 'This entry was already marked reviewed by {by} at {at}; a review is recorded once and never replaced.',
  },

  // Clinical record (packages/server/src/record)
  AKS_ERR_NOTE_SIGNED: {
    category: 'conflict',
    text: 'This note is signed and cannot be changed in place. Save a correction: status "amended" with a correction reason.',
  },
  AKS_ERR_NOTE_CORRECTION_REASON: {
    category: 'invalid',
    text: 'A correction of a signed note needs a reason (extension correction-reason, at least {min} characters).',
  },
  AKS_ERR_NOTE_WITHDRAWN: {
    category: 'conflict',
    text: 'This note was marked as entered in error and can no longer be changed. Write a new note instead.',
  },
  AKS_ERR_NOTE_TEMPLATE: {
    category: 'invalid',
    text: '{detail} See GET /fhir/$note-templates for the templates and their sections.',
  },
  AKS_ERR_NOTE_SIGNER: {
    category: 'forbidden',
    text: 'Only health personnel acting in a clinical role can sign a note.',
  },
  AKS_ERR_BINARY_TOO_LARGE: {
    category: 'too-large',
    text: 'The attachment is {size} bytes; the limit is {limit} bytes. Reduce it (scan in lower resolution, split the PDF) and try again.',
  },
  AKS_ERR_BINARY_CONTENT_TYPE: {
    category: 'unsupported-media-type',
    text: '{detail} Allowed attachment types: {allowed}.',
  },
  AKS_ERR_IPLOS_INVALID: {
    category: 'invalid',
    text: 'The IPLOS assessment is not valid: {detail}',
  },
  AKS_ERR_MERGE_INVALID: {
    category: 'invalid',
    text: 'These records cannot be merged: {detail}',
  },
  AKS_ERR_PATIENT_RETIRED: {
    category: 'unprocessable',
    text: 'Patient/{id} was merged into Patient/{target} and takes no new entries. Write to Patient/{target} instead.',
  },
  AKS_ERR_NEWS_SCORE_CALCULATED: {
    category: 'unprocessable',
    text: 'NEWS2 is calculated by the server from the vital signs and cannot be written by a client. Write the vital signs (all seven parameters, taken together); the server scores them.',
  },
  AKS_ERR_RECORD_NOT_DELETABLE: {
    category: 'conflict',
    text: '{type}/{id} is part of the record, and journal entries are never deleted. Mark it entered-in-error with a reason instead ({how}).',
  },

  // Summary, timeline and terminology (packages/server/src/record/summary, packages/server/src/terminology)
  AKS_ERR_CODE_SYSTEM_UNKNOWN: {
    category: 'invalid',
    text: 'Unknown code system {system}. Use one of: {known}.',
  },
  AKS_ERR_CODE_UNKNOWN: { category: 'not-found', text: 'Code {code} is not in {system}.' },
  AKS_ERR_CODE_SYSTEM_TOO_LARGE: {
    category: 'invalid',
    text: '{system} has {count} codes, too many to list; give a filter (the text to search for).',
  },

  // Medication list (packages/server/src/medication)
  AKS_ERR_MEDICATION_UNACKNOWLEDGED: {
    category: 'unprocessable',
    text: 'The change has {count} serious finding(s) that must be acknowledged with a reason before it is saved: {findings}',
  },
  AKS_ERR_MEDICATION_LINE_INVALID: {
    category: 'invalid',
    text: 'The medication line is not valid: {detail}',
  },
  AKS_ERR_MEDICATION_DOSAGE_INVALID: {
    category: 'invalid',
    text: 'The dosage is ambiguous or not understood ({count} problem(s)); nothing was saved. Correct the structured dosage.',
  },
  AKS_ERR_MEDICATION_LINE_ID_CHANGED: {
    category: 'conflict',
    text: 'The line id of {type}/{id} is {expected} and never changes. Send it unchanged, or add a new line.',
  },
  AKS_ERR_MEDICATION_LINE_ID_TAKEN: {
    category: 'conflict',
    text: 'Another medication line already has line id {lineId}. Update that line instead.',
  },
  AKS_ERR_MEDICATION_LINE_ENDED: {
    category: 'conflict',
    text: 'The line is {status} and is not restarted; add a new line for the medicine instead.',
  },
  AKS_ERR_MEDICATION_ACK_INVALID: {
    category: 'invalid',
    text: 'An acknowledgement needs the finding it acknowledges and a reason of at least {min} characters.',
  },
  AKS_ERR_MEDICATION_LINK_INVALID: {
    category: 'invalid',
    text: '{type} must name the medication line it belongs to: {detail}',
  },
  AKS_ERR_MEDICATION_REQUEST_INVALID: {
    category: 'invalid',
    text: 'The prescription is not valid: {detail}',
  },
  AKS_ERR_MEDICATION_ADMIN_INVALID: {
    category: 'invalid',
    text: 'The administration record is not valid: {detail}',
  },
  AKS_ERR_MEDICATION_IMPORT_INVALID: {
    category: 'invalid',
    text: 'The list cannot be imported without guessing ({count} problem(s)); nothing was imported.',
  },
  AKS_ERR_MEDICATION_IMPORT_PATIENT: {
    category: 'unprocessable',
    text: "The list document is another person's list ({detail}); nothing was imported. Import it into that person's record.",
  },
  AKS_ERR_MEDICATION_RECONCILE_INVALID: {
    category: 'invalid',
    text: 'The reconciliation request is not valid: {detail}',
  },
  AKS_ERR_MEDICATION_RECONCILE_STALE: {
    category: 'conflict',
    text: 'The list changed after the reconciliation preview ({detail}); nothing was applied. Preview again.',
  },
  AKS_ERR_MEDICATION_SCHEDULE_UNIT: {
    category: 'forbidden',
    text: 'You act for {actual}; the administration schedule of {unit} is for the staff of that unit.',
  },

  // Storage
  AKS_ERR_STORE_BUSY: {
    category: 'busy',
    text: 'The database is busy or was interrupted; the change was not saved. Try again.',
  },
  AKS_ERR_INTERNAL: {
    category: 'internal',
    text: 'Something went wrong on the server (request {requestId}). Nothing was saved; try again, and report the request id if it persists.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Builds the AksonError for a catalogued code, filling the message template. */
export function fail(
  code: ErrorCode,
  params: Record<string, string | number | undefined> = {},
  options: AksonErrorOptions = {},
): AksonError {
  const spec: ErrorSpec = ERROR_CATALOGUE[code];
  const text = spec.text.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));
  return new AksonError(code, spec.category, text, options);
}
