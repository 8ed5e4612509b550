import { fail } from '@akson/fhir';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { queryPairs } from '../render/replies.ts';

/** Parameters every FHIR interaction accepts, whatever the operation. */
const GENERAL = new Set(['_format', '_pretty']);

/**
 * An operation's parameters from the query string and, for POST, a Parameters body (as name/value text),
 * refusing any the operation does not know: a misspelt `_sinse` must not silently return everything.
 */
export function operationInput(request: FastifyRequest, known: readonly string[]): [string, string][] {
  const pairs: [string, string][] = queryPairs(request);
  const body = request.body as
    { resourceType?: string; parameter?: { name?: string; [k: string]: unknown }[] } | undefined;
  if (body?.resourceType === 'Parameters') {
    for (const p of body.parameter ?? []) {
      const key = Object.keys(p).find((k) => k.startsWith('value'));
      const value = key ? p[key] : undefined;
      if (typeof p.name === 'string' && value !== undefined) pairs.push([p.name, String(value)]);
    }
  }
  for (const [name] of pairs) {
    if (!GENERAL.has(name) && !known.includes(name)) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: name,
        detail: `not known here; use ${known.length > 0 ? known.join(', ') : 'no parameters'}`,
      });
    }
  }
  return pairs.filter(([name]) => !GENERAL.has(name));
}

/** The one value of a parameter given at most once. */
export function single(pairs: readonly [string, string][], name: string): string | undefined {
  const values = pairs.filter(([k]) => k === name).map(([, v]) => v);
  if (values.length > 1) throw fail('AKS_ERR_OPERATION_PARAMETER', { param: name, detail: 'give it once' });
  return values[0];
}

/** A whole number within [min, max], or the default when absent. */
export function countParameter(
  pairs: readonly [string, string][],
  name: string,
  fallback: number,
  max: number,
): number {
  const value = single(pairs, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw fail('AKS_ERR_OPERATION_PARAMETER', { param: name, detail: `a whole number from 1 to ${max}` });
  }
  return Number(value);
}

/** The operation as the audit log records it: the path and its parameters, as asked. */
export function operationQuery(request: FastifyRequest): string {
  return request.url.replace(/^\/fhir\//, '');
}

/** Server time of an operation in a Server-Timing header (the benchmark reads it). */
export function withServerTiming(reply: FastifyReply, name: string, started: number): FastifyReply {
  return reply.header('server-timing', `${name};dur=${(performance.now() - started).toFixed(1)}`);
}
