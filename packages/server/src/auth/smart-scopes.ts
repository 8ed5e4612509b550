import type { SmartScope } from './principal.ts';

const V2 = /^(system|user|patient)\/([A-Za-z]+|\*)\.(c?r?u?d?s?)$/;
const V1 = /^(system|user|patient)\/([A-Za-z]+|\*)\.(read|write|\*)$/;

/**
 * Parses SMART App Launch 2 scopes (v1 read/write/* forms are read as rs/cud/cruds). Scopes with query
 * restrictions ("?category=...") or out-of-order letters are ignored rather than widened: a scope we do not
 * understand grants nothing.
 */
export function parseSmartScopes(scope: string | readonly string[] | undefined): SmartScope[] {
  const list = scope === undefined ? [] : typeof scope === 'string' ? scope.split(/\s+/) : scope;
  const out: SmartScope[] = [];
  for (const s of list) {
    const v2 = V2.exec(s);
    if (v2 && v2[3]) {
      out.push({
        context: v2[1] as SmartScope['context'],
        type: v2[2] as string,
        interactions: new Set([...v2[3]]) as SmartScope['interactions'],
      });
      continue;
    }
    const v1 = V1.exec(s);
    if (v1) {
      const letters = v1[3] === 'read' ? 'rs' : v1[3] === 'write' ? 'cud' : 'cruds';
      out.push({
        context: v1[1] as SmartScope['context'],
        type: v1[2] as string,
        interactions: new Set([...letters]) as SmartScope['interactions'],
      });
    }
  }
  return out;
}

/**
 * Whether the system/ scopes allow an interaction letter on a resource type. A patient/ or user/ scope is never
 * read as a system/ one: it is limited to a patient or user context, and a client acting as itself has none.
 */
export function scopesAllow(
  scopes: readonly SmartScope[],
  type: string,
  letter: 'c' | 'r' | 'u' | 'd' | 's',
): boolean {
  return scopes.some(
    (s) => s.context === 'system' && (s.type === '*' || s.type === type) && s.interactions.has(letter),
  );
}

/**
 * The scopes granted: those requested that the client's registration also allows (never more). A wildcard on
 * either side narrows to the other side's type: system/*.cruds asked, system/Patient.rs registered, gives
 * system/Patient.rs.
 */
export function intersectScopes(
  requested: readonly SmartScope[],
  registered: readonly SmartScope[],
): SmartScope[] {
  const out = new Map<string, SmartScope>();
  for (const r of requested) {
    for (const g of registered) {
      const type = r.type === '*' ? g.type : g.type === '*' || g.type === r.type ? r.type : undefined;
      if (!type) continue;
      const letters = [...r.interactions].filter((l) => g.interactions.has(l));
      if (letters.length === 0) continue;
      const key = `${r.context}/${type}`;
      const existing = out.get(key);
      out.set(key, {
        context: r.context,
        type,
        interactions: new Set([...(existing?.interactions ?? []), ...letters]),
      });
    }
  }
  return [...out.values()];
}

export function formatScope(s: SmartScope): string {
  return `${s.context}/${s.type}.${['c', 'r', 'u', 'd', 's'].filter((l) => s.interactions.has(l as never)).join('')}`;
}
