import type { PreparedVersion, ReadScope, ResourceRow } from '@akson/store';

/**
 * What the access module decided about the caller, fixed for the duration of one request. Every data path
 * (REST, operations, bundles, services) gets rows only through a ResourceService built with one of these:
 * reads are filtered in SQL by `scope`, single rows are checked by `canRead`, writes by `authorizeWrite`.
 */
export interface AccessContext {
  /** Who is asking, for audit and error messages. */
  readonly subjectLabel: string;
  readonly scope: ReadScope;
  /** Whether a single row (read, vread, history entry) may be shown. */
  canRead(row: ResourceRow): boolean;
  /** Throws when the caller may not replace `existing` with `next` (undefined = create / delete). */
  authorizeWrite(existing: ResourceRow | undefined, next: PreparedVersion | undefined): void;
  /** Labels stored with each written version, used by later access decisions. */
  accessTags(resource: Record<string, unknown>, patientId: string): readonly string[];
}
