import type { ErrorCategory } from './akson-error.ts';

/** The one table from error category to HTTP status. */
const STATUS: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'precondition-required': 428,
  'too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  busy: 503,
  internal: 500,
};

export function httpStatusFor(category: ErrorCategory): number {
  return STATUS[category];
}
