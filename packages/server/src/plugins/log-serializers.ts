/**
 * What a log line may say about a request, a response and an error. Logs leave the record's protection (they go
 * to files, collectors and support tickets), so nothing in them may identify a patient:
 * - a request is its id, method and route pattern (`/fhir/:type/:id`), never the URL: ids are chosen by clients
 *   (a national id makes a tempting Patient id) and query strings carry search values;
 * - an error is its class, code and message, and its stack when it is a server fault. Never the rest of the
 *   object: a PostgreSQL error carries `detail` ("Key (id)=(…) already exists"), `where`, `internalQuery`, and the
 *   driver adds the statement's `parameters`. Data exceptions (SQLSTATE class 22) quote the offending value in
 *   the message itself, so quoted text is dropped from those, and long digit runs (national ids, HPR and
 *   organisation numbers) are masked in every message.
 */

interface LoggedRequest {
  readonly id: string;
  readonly method: string;
  readonly routeOptions?: { readonly url?: string | undefined };
}

export interface LoggedError {
  readonly type: string;
  readonly code?: string | number;
  readonly message: string;
  readonly stack?: string;
}

/** The route pattern of a request, or null when no route matched (the raw path is never logged). */
export function routeOf(request: LoggedRequest): string | null {
  return request.routeOptions?.url ?? null;
}

export function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return { id: request.id, method: request.method, route: routeOf(request) };
}

export function serializeResponse(reply: { statusCode: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

const DIGIT_RUN = /\d{6,}/g;
const QUOTED = /"[^"]*"|'[^']*'/g;

/** An error reduced to what helps an operator and cannot carry a patient's data. */
export function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '(not an Error)' };
  const e = error as Error & { code?: unknown; statusCode?: unknown; category?: unknown };
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
  const dataException = typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
  const scrub = (text: string): string =>
    (dataException ? text.replace(QUOTED, '"…"') : text).replace(
      DIGIT_RUN,
      (run) => `<${run.length} digits>`,
    );
  // A client's mistake (a 4xx) needs no stack; anything else is a fault to find in the code.
  const clientFault =
    (typeof e.statusCode === 'number' && e.statusCode < 500) ||
    (typeof e.category === 'string' && e.category !== 'internal' && e.category !== 'busy');
  const type = e.constructor?.name && e.constructor.name !== 'Object' ? e.constructor.name : e.name;
  const message = scrub(e.message);
  // The stack's first line repeats the message; the frames below it name code, never data.
  const frames = e.stack?.indexOf('\n    at ') ?? -1;
  return {
    type,
    ...(code !== undefined ? { code } : {}),
    message,
    ...(!clientFault && e.stack
      ? { stack: `${e.name}: ${message}${frames >= 0 ? e.stack.slice(frames) : ''}` }
      : {}),
  };
}

/** Pino serializers for the server's logger. */
export const LOG_SERIALIZERS = {
  req: serializeRequest,
  res: serializeResponse,
  err: serializeError,
};
