import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * The few kinds of failure the platform knows. Each maps to exactly one HTTP status (see status.ts), so code
 * below the HTTP layer says what went wrong and never which status to send.
 */
export type ErrorCategory =
  | 'invalid' // the request is malformed or breaks a rule: 400
  | 'unauthenticated' // no valid credentials: 401
  | 'forbidden' // authenticated, but not allowed: 403
  | 'not-found' // 404
  | 'method-not-allowed' // 405
  | 'not-acceptable' // 406
  | 'conflict' // version or state conflict: 409
  | 'gone' // deleted: 410
  | 'precondition-failed' // If-Match and friends: 412
  | 'precondition-required' // a change that must name the version it is based on, and did not: 428
  | 'too-large' // 413
  | 'unsupported-media-type' // 415
  | 'unprocessable' // valid FHIR that breaks a business rule or profile: 422
  | 'busy' // try again later: 503
  | 'internal'; // a bug: 500

export interface AksonErrorOptions {
  /** FHIRPath expressions pointing at the offending elements. */
  expression?: string[];
  /** Extra issues, for errors that carry several findings (validation). */
  issues?: OperationOutcomeIssue[];
  cause?: unknown;
}

/** The one error type thrown below the HTTP layer. `code` comes from the catalogue in codes.ts. */
export class AksonError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly expression: string[] | undefined;
  readonly issues: OperationOutcomeIssue[] | undefined;

  constructor(code: string, category: ErrorCategory, message: string, options: AksonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AksonError';
    this.code = code;
    this.category = category;
    this.expression = options.expression;
    this.issues = options.issues;
  }

  toOperationOutcome(): OperationOutcome {
    if (this.issues && this.issues.length > 0) {
      // Every issue carries the error code too, so clients can key on it whatever produced the issue.
      const coding = [{ system: AKSON_ERROR_SYSTEM, code: this.code }];
      return {
        resourceType: 'OperationOutcome',
        issue: this.issues.map((i) => (i.details?.coding ? i : { ...i, details: { ...i.details, coding } })),
      };
    }
    return {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: issueTypeFor(this.category),
          details: { coding: [{ system: AKSON_ERROR_SYSTEM, code: this.code }], text: this.message },
          ...(this.expression ? { expression: this.expression } : {}),
        },
      ],
    };
  }
}

export const AKSON_ERROR_SYSTEM = 'https://akson.no/fhir/CodeSystem/error';

type IssueType = OperationOutcomeIssue['code'];

const ISSUE_TYPES: Record<ErrorCategory, IssueType> = {
  invalid: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  'method-not-allowed': 'not-supported',
  'not-acceptable': 'not-supported',
  conflict: 'conflict',
  gone: 'deleted',
  'precondition-failed': 'conflict',
  'precondition-required': 'required',
  'too-large': 'too-costly',
  'unsupported-media-type': 'not-supported',
  unprocessable: 'processing',
  busy: 'transient',
  internal: 'exception',
};

export function issueTypeFor(category: ErrorCategory): IssueType {
  return ISSUE_TYPES[category];
}

export function isAksonError(err: unknown): err is AksonError {
  return err instanceof AksonError;
}
