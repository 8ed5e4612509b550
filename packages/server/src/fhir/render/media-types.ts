export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Accept header values and _format values we answer with FHIR JSON. */
const JSON_FORMATS = new Set([
  'json',
  'application/json',
  'application/fhir+json',
  'application/json+fhir',
  'text/json',
]);
const XML_FORMATS = new Set([
  'xml',
  'application/xml',
  'application/fhir+xml',
  'application/xml+fhir',
  'text/xml',
  'html',
  'text/html',
  'ttl',
  'application/x-turtle',
]);

/**
 * True when the client can take JSON. `_format` wins over Accept (FHIR R4 3.1.0.1.10). Accept lists with any
 * JSON type or a wildcard are fine; a list of only non-JSON types (XML, Turtle) is not.
 */
export function acceptsJson(accept: string | undefined, format: string | undefined): boolean {
  if (format !== undefined) {
    const f = format.split(';')[0]?.trim().toLowerCase() ?? '';
    return JSON_FORMATS.has(f) || !XML_FORMATS.has(f);
  }
  if (!accept) return true;
  const types = accept.split(',').map((t) => t.split(';')[0]?.trim().toLowerCase() ?? '');
  return (
    types.some((t) => t === '*/*' || t === 'application/*' || JSON_FORMATS.has(t) || t.endsWith('+json')) ||
    types.every((t) => t === '')
  );
}
