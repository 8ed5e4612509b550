import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { errorMessageNb } from './error-messages.ts';

export const AKSON_ERROR_SYSTEM = 'https://akson.no/fhir/CodeSystem/error';

type OutcomeIssue = OperationOutcomeIssue;

/** A failed request: the HTTP status, Akson's error code (when the server sent one) and a Norwegian message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** The server's own text (English), for the details shown under the Norwegian message. */
  readonly serverText: string | undefined;
  readonly issues: readonly OutcomeIssue[];

  constructor(
    status: number,
    code: string | undefined,
    serverText: string | undefined,
    issues: OutcomeIssue[],
  ) {
    super(errorMessageNb(status, code));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverText = serverText;
    this.issues = issues;
  }

  /** An optimistic-lock conflict: someone else saved the resource after we read it. */
  get isConflict(): boolean {
    return this.status === 412 || this.code === 'AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT';
  }
}

/** Builds an ApiError from a response body that may be an OperationOutcome (or anything else). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const issues: OutcomeIssue[] =
    body &&
    typeof body === 'object' &&
    (body as { resourceType?: string }).resourceType === 'OperationOutcome'
      ? ((body as { issue?: OutcomeIssue[] }).issue ?? [])
      : [];
  const code = issues
    .flatMap((i) => i.details?.coding ?? [])
    .find((c) => c.system === AKSON_ERROR_SYSTEM)?.code;
  const text = issues.map((i) => i.details?.text ?? i.diagnostics).find((t) => !!t);
  return new ApiError(status, code, text, issues);
}

/** A network failure (server down, connection lost): said plainly, never a blank screen. */
export class NetworkError extends Error {
  constructor() {
    super('Fikk ikke kontakt med serveren. Sjekk nettverksforbindelsen og prøv igjen.');
    this.name = 'NetworkError';
  }
}

/** A message written for the user in Norwegian (not a technical error): shown as it is. */
export class UserMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserMessage';
  }
}
