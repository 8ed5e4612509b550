/** A link that repeats a search or history request at another cursor position (keyset paging). */
export function pageLink(
  base: string,
  path: string,
  params: readonly (readonly [string, string])[],
  cursor: string | undefined,
): string {
  const kept: string[][] = params.filter(([k]) => k !== '_cursor').map(([k, v]) => [k, v]);
  if (cursor) kept.push(['_cursor', cursor]);
  const qs = new URLSearchParams(kept).toString();
  return `${base}/${path}${qs ? `?${qs}` : ''}`;
}
