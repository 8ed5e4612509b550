import { fail } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { readCurrent } from './read-resource.ts';
import { insertVersion, prepareVersion, replaceVersion, type ResourceInput } from './write-version.ts';
import { nextTimestamp, type WriteOptions, type WriteResult } from './write-options.ts';

export interface UpdateOptions extends WriteOptions {
  /** If-Match: the version the client expects to replace. */
  readonly ifMatch?: number;
  /** Refuse to create when the id does not exist (conditional update decided it must exist). */
  readonly mustExist?: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * FHIR update, including update-as-create with a client id. Versions are checked optimistically: the write only
 * lands if the version read is still current. A version in If-Match, or else meta.versionId in the body, is the
 * version the client based its change on; if someone else has written since, the client gets a conflict instead
 * of silently overwriting their change. If-Match on an id that does not exist, and any write to a row outside the
 * writer's scope, answer 404 (the same answer for both).
 */
export async function updateResource(
  q: Queryable,
  input: ResourceInput & { id: string },
  options: UpdateOptions,
): Promise<WriteResult> {
  const type = input.resourceType;
  const bodyVersion = parseVersion(input.meta?.['versionId']);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await readCurrent(q, type, input.id, options.scope);
    // Visibility before versions: a row outside the writer's scope answers exactly as a missing one, so no
    // If-Match or meta.versionId can probe whether it exists or which version it is at.
    if (existing?.visible === false) {
      await options.onHidden?.(existing);
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id: input.id });
    }
    // If-Match names a version of an existing resource: without one there is nothing to match.
    if (options.ifMatch !== undefined && !existing)
      throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id: input.id });
    if (options.ifMatch !== undefined && existing && existing.versionId !== options.ifMatch) {
      throw fail('AKS_ERR_RESOURCE_VERSION_CONFLICT', {
        type,
        id: input.id,
        current: existing.versionId,
        expected: options.ifMatch,
      });
    }
    if (
      options.ifMatch === undefined &&
      bodyVersion !== undefined &&
      existing &&
      !existing.deleted &&
      existing.versionId !== bodyVersion
    ) {
      throw fail('AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT', {
        type,
        id: input.id,
        current: existing.versionId,
        expected: bodyVersion,
      });
    }
    if (existing) {
      const version = prepareVersion(
        input,
        input.id,
        existing.versionId + 1,
        nextTimestamp(existing.lastUpdated),
        options.index,
        options.accessTags,
        options.patientId,
        existing.accessTags,
      );
      await options.authorize?.(existing, version);
      if (await replaceVersion(q, version, existing.versionId)) return { version, created: existing.deleted };
      if (options.ifMatch !== undefined) {
        throw fail('AKS_ERR_RESOURCE_VERSION_CONFLICT', {
          type,
          id: input.id,
          current: 'newer',
          expected: options.ifMatch,
        });
      }
      continue; // someone else wrote in between: read again
    }
    if (options.mustExist) throw fail('AKS_ERR_RESOURCE_NOT_FOUND', { type, id: input.id });
    const version = prepareVersion(
      input,
      input.id,
      1,
      nextTimestamp(),
      options.index,
      options.accessTags,
      options.patientId,
    );
    await options.authorize?.(undefined, version);
    if (await insertVersion(q, version)) return { version, created: true };
    // someone else created it in between: go round and update theirs
  }
  throw fail('AKS_ERR_STORE_BUSY');
}

function parseVersion(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
