/**
 * Replaces references inside a resource: every `reference` string found in `map` (urn:uuid placeholders and
 * full URLs of other entries) becomes the entry's real Type/id, and the same is done in the narrative. Returns
 * the references that were neither mapped nor local, for the caller to resolve (conditional references).
 */
export function rewriteReferences(
  node: unknown,
  map: ReadonlyMap<string, string>,
  unresolved: (reference: string) => string | undefined,
): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteReferences(item, map, unresolved));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'reference' && typeof value === 'string') {
      out[key] = map.get(value) ?? unresolved(value) ?? value;
    } else if (key === 'div' && typeof value === 'string' && map.size > 0) {
      out[key] = value.replace(/(href|src)="([^"]+)"/g, (whole, attr: string, ref: string) => {
        const target = map.get(ref);
        return target ? `${attr}="${target}"` : whole;
      });
    } else {
      out[key] = rewriteReferences(value, map, unresolved);
    }
  }
  return out;
}
