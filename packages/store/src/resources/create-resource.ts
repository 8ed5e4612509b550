import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { insertVersion, prepareVersion, type ResourceInput } from './write-version.ts';
import { nextTimestamp, type WriteOptions, type WriteResult } from './write-options.ts';

/**
 * FHIR create: the server assigns the id (a transaction may choose it in advance, to resolve urn:uuid
 * references before writing).
 */
export async function createResource(
  q: Queryable,
  input: ResourceInput,
  options: WriteOptions & { id?: string },
): Promise<WriteResult> {
  const version = prepareVersion(
    input,
    options.id ?? randomUUID(),
    1,
    nextTimestamp(),
    options.index,
    options.accessTags,
    options.patientId,
  );
  await options.authorize?.(undefined, version);
  if (!(await insertVersion(q, version))) {
    // A random UUID collided (astronomically unlikely): never overwrite.
    throw new Error(`Server-assigned id ${version.id} already exists`);
  }
  return { version, created: true };
}
