import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';

/** Reads FHIR Parameters (operation answers) without caring about the value[x] type. */
export function parameterValue(p: ParametersParameter | undefined): unknown {
  if (!p) return undefined;
  for (const [key, value] of Object.entries(p)) if (key.startsWith('value')) return value;
  return undefined;
}

export function parameter(params: { parameter?: ParametersParameter[] } | undefined, name: string): unknown {
  return parameterValue(params?.parameter?.find((p) => p.name === name));
}

/**
 * Every part list of repeated parameters with this name, as name → value maps: a part's value[x], its
 * resource, or (for nested parts) the part itself. A name that repeats keeps its last value; `partValues` reads
 * all of them.
 */
export function parameterGroups(
  params: { parameter?: ParametersParameter[] } | undefined,
  name: string,
): Record<string, unknown>[] {
  return (params?.parameter ?? [])
    .filter((p) => p.name === name)
    .map((p) => {
      const out: Record<string, unknown> = { _parts: p.part ?? [] };
      for (const part of p.part ?? [])
        out[part.name ?? ''] = part.resource ?? (part.part ? part : parameterValue(part));
      return out;
    });
}

/** All values of a repeated part in a group from parameterGroups. */
export function partValues(group: Record<string, unknown>, name: string): unknown[] {
  return ((group['_parts'] as ParametersParameter[] | undefined) ?? [])
    .filter((p) => p.name === name)
    .map((p) => parameterValue(p));
}

export function parametersOf(values: Record<string, string | undefined>): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([name, v]) => ({ name, valueString: v as string })),
  };
}
