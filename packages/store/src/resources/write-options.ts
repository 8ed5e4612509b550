import type { IndexContext } from '../indexing/index-resource.ts';
import type { ReadScope } from '../search/read-scope.ts';
import type { ResourceRow } from './resource-row.ts';
import type { AccessTagger, PreparedVersion } from './write-version.ts';

export interface WriteOptions {
  readonly index: IndexContext;
  /**
   * Called inside the write, with the version being replaced (undefined for a new resource) and the version about
   * to be written (undefined for a delete). Throws to refuse. The access module decides here.
   */
  readonly authorize?: (
    existing: ResourceRow | undefined,
    next: PreparedVersion | undefined,
  ) => void | Promise<void>;
  /** The writer's read scope: the existing version is read with it, so `authorize` knows whether it is visible. */
  readonly scope?: ReadScope;
  /**
   * Called when the row to be replaced or deleted is outside `scope`, just before the store answers 404 exactly as
   * for a missing id: the access module records the refused attempt here.
   */
  readonly onHidden?: (existing: ResourceRow) => void | Promise<void>;
  /** Patient compartment to store when the resource's own references do not name it (a Binary's security context). */
  readonly patientId?: string;
  /** Labels stored with the new version, for access decisions (see server/src/access). */
  readonly accessTags?: AccessTagger;
}

export interface WriteResult {
  readonly version: PreparedVersion;
  /** True when the write created the resource (or re-created a deleted one). */
  readonly created: boolean;
}

/** Server time for a new version, strictly after the version it replaces (clocks can step back). */
export function nextTimestamp(previous?: string): string {
  const now = Date.now();
  const floor = previous ? Date.parse(previous) + 1 : 0;
  return new Date(Math.max(now, floor)).toISOString();
}
