/**
 * FHIR decimals keep the precision they were written with: 1.50 is not 1.5 (R4 2.24.0.1, "decimal"). JavaScript
 * numbers cannot tell them apart, so parsing records, for each number whose text differs from how JavaScript
 * would write it, the original text against the object holding it. Serialising puts that text back — only
 * where the value is still the same number, so a patched or edited value is written as it now is.
 * Validation, indexing and the rest of the code keep seeing ordinary numbers.
 */
const writtenAs = new WeakMap<object, Map<string, string>>();

/** JSON.rawJSON (V8 / Node 21+): a value JSON.stringify writes verbatim. Not yet in TypeScript's lib. */
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

interface ReviverContext {
  source?: string;
}

export function parseFhirJson(text: string): unknown {
  let anyPrecise = false;
  const value = JSON.parse(text, function (this: object, key: string, v: unknown, context?: ReviverContext) {
    if (typeof v === 'number' && context?.source !== undefined && context.source !== String(v)) {
      let holder = writtenAs.get(this);
      if (!holder) writtenAs.set(this, (holder = new Map()));
      holder.set(key, context.source);
      anyPrecise = true;
    }
    return v;
  });
  if (anyPrecise && value && typeof value === 'object') preciseRoots.add(value);
  return value;
}

/** Roots parsed with precise numbers somewhere inside: only those pay for the replacer when serialised. */
const preciseRoots = new WeakSet<object>();

/** Marks `copy` as holding precise numbers when `original` did (after spreading a parsed resource). */
export function carryPrecision(original: unknown, copy: object): void {
  if (original && typeof original === 'object' && preciseRoots.has(original)) {
    preciseRoots.add(copy);
    const top = writtenAs.get(original);
    if (top) writtenAs.set(copy, new Map(top));
  }
}

export function stringifyFhirJson(value: unknown): string {
  if (!value || typeof value !== 'object' || !preciseRoots.has(value)) return JSON.stringify(value);
  return JSON.stringify(value, function (this: object, key: string, v: unknown) {
    if (typeof v !== 'number') return v;
    const text = writtenAs.get(this)?.get(key);
    return text !== undefined && Number(text) === v ? rawJSON(text) : v;
  });
}
