import type { Extension, Reference } from '@medplum/fhirtypes';
import type { PresentedFinding } from '../findings.ts';

/** One Parameters part; `undefined` values are left out, so optional fields can be passed as they are. */
export type Part = Record<string, unknown> & { name: string };

type Value = string | number | boolean | Reference | Record<string, unknown> | undefined;

/** A part with a value of the fitting FHIR type (instants and dates are recognised by their form). */
export function part(name: string, value: Value, kind?: 'code' | 'resource' | 'reference'): Part | undefined {
  if (value === undefined) return undefined;
  if (kind === 'resource') return { name, resource: value };
  if (kind === 'reference') return { name, valueReference: value };
  if (kind === 'code') return { name, valueCode: value };
  if (typeof value === 'boolean') return { name, valueBoolean: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { name, valueInteger: value } : { name, valueDecimal: value };
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
      return { name, valueInstant: value };
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { name, valueDate: value };
    return { name, valueString: value };
  }
  return { name, valueReference: value };
}

export function group(name: string, parts: readonly (Part | undefined)[]): Part {
  return { name, part: parts.filter((p): p is Part => p !== undefined) };
}

export function parameters(parts: readonly (Part | undefined)[]): Record<string, unknown> {
  return { resourceType: 'Parameters', parameter: parts.filter((p): p is Part => p !== undefined) };
}

/** A finding as a Parameters part (the check, the list and reconciliation answer with these). */
export function findingPart(finding: PresentedFinding, extra: readonly (Part | undefined)[] = []): Part {
  return group('finding', [
    part('key', finding.key),
    part('kind', finding.kind, 'code'),
    part('severity', finding.severity, 'code'),
    part('requiresAcknowledgement', finding.requiresAcknowledgement),
    part('text', finding.text.nb),
    part('textEn', finding.text.en),
    ...finding.visibleLineIds.filter((line) => line !== finding.relativeTo).map((line) => part('line', line)),
    finding.withheld ? part('withheld', true) : undefined,
    part('clinicalConsequence', finding.details?.clinicalConsequence),
    part('handling', finding.details?.handling),
    part('mechanism', finding.details?.mechanism),
    part('interactionId', finding.details?.interactionId),
    ...extra,
  ]);
}

export function extensionValue(
  extensions: readonly Extension[] | undefined,
  url: string,
): Extension | undefined {
  return extensions?.find((extension) => extension.url === url);
}
