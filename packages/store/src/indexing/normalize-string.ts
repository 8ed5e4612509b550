/**
 * FHIR string search is case- and accent-insensitive. We lowercase, decompose and drop combining marks, so
 * "Åse" matches "ase"; letters without a decomposition (æ, ø) stay as they are.
 */
export function normalizeString(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Separator between values in a joined string column; never appears in normalised text. */
export const STRING_SEPARATOR = '\u001f';

export function joinStrings(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  return STRING_SEPARATOR + values.join(STRING_SEPARATOR) + STRING_SEPARATOR;
}
