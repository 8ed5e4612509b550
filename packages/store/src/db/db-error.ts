import { fail } from '@akson/fhir';

/** SQLSTATE classes the store treats specially. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlock: '40P01',
  lockNotAvailable: '55P03',
  queryCanceled: '57014',
} as const;

export function sqlStateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isRetryable(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state === SQLSTATE.serializationFailure || state === SQLSTATE.deadlock;
}

/**
 * Turns driver errors that are not bugs into AksonErrors: lost connections and overload become "busy" (503,
 * nothing saved, try again). Everything else is rethrown unchanged and ends as a logged 500.
 */
export function translateDbError(err: unknown): unknown {
  const state = sqlStateOf(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (
    (state &&
      (state.startsWith('08') ||
        state.startsWith('53') ||
        state === '57P01' ||
        state === SQLSTATE.queryCanceled)) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    isRetryable(err)
  ) {
    return fail('AKS_ERR_STORE_BUSY', {}, { cause: err });
  }
  return err;
}
