import { fail } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { readCurrent } from './read-resource.ts';
import type { ResourceRow } from './resource-row.ts';
import { deleteVersion } from './write-version.ts';
import { nextTimestamp, type WriteOptions } from './write-options.ts';

export interface DeleteResult {
  /** The deletion version, or undefined when the resource was already deleted. */
  readonly versionId: number | undefined;
  readonly deleted: ResourceRow;
}

/** FHIR delete: a new version marking the resource deleted; every earlier version stays in history. */
export async function deleteResource(
  q: Queryable,
  type: string,
  id: string,
  options: Pick<WriteOptions, 'authorize' | 'scope' | 'onHidden'> & { ifMatch?: number },
): Promise<DeleteResult> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const existing = await readCurrent(q, type, id, options.scope);
    if (!existing) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    // Visibility before versions (see updateResource): hidden answers as missing, whatever If-Match says.
    if (existing.visible === false) {
      await options.onHidden?.(existing);
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id });
    }
    if (options.ifMatch !== undefined && existing.versionId !== options.ifMatch) {
      throw fail('AKS_ERR_RESOURCE_VERSION_CONFLICT', {
        type,
        id,
        current: existing.versionId,
        expected: options.ifMatch,
      });
    }
    await options.authorize?.(existing, undefined);
    if (existing.deleted) return { versionId: undefined, deleted: existing };
    const versionId = existing.versionId + 1;
    const ok = await deleteVersion(
      q,
      {
        type,
        id,
        versionId,
        lastUpdated: nextTimestamp(existing.lastUpdated),
        patientId: existing.patientId,
        accessTags: existing.accessTags,
      },
      existing.versionId,
    );
    if (ok) return { versionId, deleted: existing };
  }
  throw fail('AKS_ERR_STORE_BUSY');
}
