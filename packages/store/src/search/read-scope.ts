import { raw, type Sql } from '../sql/sql.ts';

/**
 * Which rows a reader may see, said declaratively. The access module (packages/server/src/access) decides the
 * scope for each request; this file is the only place that turns a scope into SQL, and every query the store
 * runs for a reader (search, includes, chains, _has, history, counts) applies it to every table it touches.
 */
export type ReadScope = { readonly kind: 'all' } | { readonly kind: 'none' };

export const ALL: ReadScope = { kind: 'all' };

export function scopeFilter(scope: ReadScope, _alias: string, _type: string): Sql {
  switch (scope.kind) {
    case 'all':
      return raw('TRUE');
    case 'none':
      return raw('FALSE');
  }
}
