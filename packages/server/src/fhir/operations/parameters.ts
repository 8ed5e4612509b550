import type { FastifyRequest } from 'fastify';
import { queryPairs } from '../render/replies.ts';

/** An operation's input parameter: from a Parameters body (valueString/valueBoolean/...) or the query string. */
export function operationParameter(request: FastifyRequest, name: string): unknown {
  const body = request.body as
    { resourceType?: string; parameter?: { name: string; [k: string]: unknown }[] } | undefined;
  if (body?.resourceType === 'Parameters') {
    const p = body.parameter?.find((x) => x.name === name);
    if (p) {
      const valueKey = Object.keys(p).find((k) => k.startsWith('value'));
      return valueKey ? p[valueKey] : p['resource'];
    }
  }
  return queryPairs(request).find(([k]) => k === name)?.[1];
}

/** Builds a Parameters resource from name/value pairs (strings, numbers, booleans; undefined values skipped). */
export function parametersOf(
  values: Record<string, string | number | boolean | undefined>,
  parts?: Record<string, unknown>[],
): Record<string, unknown> {
  const parameter: Record<string, unknown>[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') parameter.push({ name, valueBoolean: value });
    else if (typeof value === 'number') parameter.push({ name, valueInteger: value });
    else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) parameter.push({ name, valueInstant: value });
    else parameter.push({ name, valueString: value });
  }
  return { resourceType: 'Parameters', parameter: [...parameter, ...(parts ?? [])] };
}
