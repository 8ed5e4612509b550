/** "37,8" and "37.8" are the same number; empty is "not given" (never 0); anything else is invalid. */
export function parseDecimal(text: string): number | undefined | 'invalid' {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : 'invalid';
}
