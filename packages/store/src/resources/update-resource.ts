import { fail } from '@akson/fhir';
import type { Queryable } from '../db/db.ts';
import { readCurrent } from './read-resource.ts';
import {
  insertVersion,
  moveVersion,
  prepareVersion,
  replaceVersion,
  type ResourceInput,
} from './write-version.ts';
import { nextTimestamp, type WriteOptions, type WriteResult } from './write-options.ts';

export interface UpdateOptions extends WriteOptions {
  /** If-Match: the version the client expects to replace. */
  readonly ifMatch?: number;
  /** Refuse to create when the id does not exist (conditional update decided it must exist). */
  readonly mustExist?: boolean;
  /**
   * Let the new version leave the patient record the current one is in (merging two records of one person).
   * Otherwise an entry never leaves a patient's record: 422, withdraw it and create a new one.
   */
  readonly movePatient?: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * FHIR update, including update-as-create with a client id. Versions are checked optimistically: the write only
 * lands if the version read is still current. A version in If-Match, or else meta.versionId in the body, is the
 * version the client based its change on; if someone else has written since, the client gets a conflict instead
 * of silently overwriting their change. If-Match on an id that does not exist, and any write to a row outside the
 * writer's scope, answer 404 (the same answer for both). A version in another patient compartment than the one
 * it replaces is written as delete-plus-insert (moveVersion), never by changing `patient_id` in place.
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
      const patientChanged = version.indexed.patientId !== existing.patientId;
      if (patientChanged && !existing.deleted && !options.movePatient) {
        await assertNotLeavingRecord(q, type, input.id, existing.patientId);
      }
      const written = patientChanged
        ? await moveVersion(q, version, existing.versionId, existing.patientId)
        : await replaceVersion(q, version, existing.versionId);
      if (written) return { version, created: existing.deleted };
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

/**
 * An entry in a patient's record never moves to another patient's (or out of every record) by an update: that
 * would take it out of the record it was written in, where it must stay (withdrawn if wrong). Re-pointing a
 * reference to a patient that has no record here (an import's second pass, fixing references to the ids the
 * server gave) and giving an entry its first patient move nothing out of a record and are allowed.
 */
async function assertNotLeavingRecord(
  q: Queryable,
  type: string,
  id: string,
  patientId: string,
): Promise<void> {
  if (!patientId) return;
  const patient = await readCurrent(q, 'Patient', patientId);
  if (patient && !patient.deleted) throw fail('AKS_ERR_RESOURCE_PATIENT_CHANGED', { type, id });
}

function parseVersion(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
