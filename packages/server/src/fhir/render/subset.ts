import { tryGetDataType } from '@medplum/core';

/**
 * _summary and _elements: return part of a resource. The result is marked with the SUBSETTED tag, as FHIR
 * requires, so no one mistakes it for the whole resource (and writes it back).
 */
export type SummaryMode = 'true' | 'text' | 'data' | 'false' | 'count' | undefined;

const ALWAYS = new Set(['resourceType', 'id', 'meta']);
const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

export function needsSubset(summary: SummaryMode, elements: readonly string[] | undefined): boolean {
  return (
    (summary !== undefined && summary !== 'false' && summary !== 'count') ||
    (elements !== undefined && elements.length > 0)
  );
}

export function subsetResource(
  resource: Record<string, unknown>,
  summary: SummaryMode,
  elements: readonly string[] | undefined,
): Record<string, unknown> {
  const type = String(resource['resourceType']);
  const schema = tryGetDataType(type);
  const mandatory = new Set(
    Object.entries(schema?.elements ?? {})
      .filter(([, e]) => e.min > 0)
      .map(([k]) => k.replace('[x]', '')),
  );
  let keep: (key: string) => boolean;
  if (elements && elements.length > 0) {
    const wanted = new Set(elements.map((e) => e.replace(new RegExp(`^${type}\\.`), '').split('.')[0]));
    keep = (key) =>
      ALWAYS.has(key) || mandatory.has(baseName(key)) || wanted.has(key) || wanted.has(baseName(key));
  } else if (summary === 'true') {
    const summaryProps = schema?.summaryProperties ?? new Set<string>();
    keep = (key) =>
      ALWAYS.has(key) ||
      summaryProps.has(key) ||
      summaryProps.has(baseName(key)) ||
      mandatory.has(baseName(key));
  } else if (summary === 'text') {
    keep = (key) => ALWAYS.has(key) || key === 'text' || mandatory.has(baseName(key));
  } else if (summary === 'data') {
    keep = (key) => key !== 'text';
  } else {
    return resource;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) if (keep(key)) out[key] = value;
  const meta = (out['meta'] as { tag?: unknown[] } | undefined) ?? {};
  out['meta'] = { ...meta, tag: [...(meta.tag ?? []), SUBSETTED] };
  return out;
}

/** valueQuantity -> value: choice elements are named without the type suffix in the definitions. */
function baseName(key: string): string {
  const m =
    /^([a-z][A-Za-z]*?)(Boolean|Integer|Decimal|String|Uri|Url|Canonical|Code|Date|DateTime|Instant|Time|Quantity|CodeableConcept|Coding|Reference|Period|Range|Ratio|Attachment|Identifier|SampledData|Duration|Age|Timing|Markdown|Id|Oid|Uuid|PositiveInt|UnsignedInt|Base64Binary|Money|Annotation|HumanName|Address|ContactPoint|Signature|Count|Distance|Expression|Dosage|Meta|ContactDetail|Contributor|DataRequirement|ParameterDefinition|RelatedArtifact|TriggerDefinition|UsageContext)$/.exec(
      key,
    );
  return m?.[1] ?? key;
}
