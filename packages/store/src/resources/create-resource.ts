import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { insertVersion, prepareVersion, type ResourceInput } from './write-version.ts';
import { nextTimestamp, type WriteOptions, type WriteResult } from './write-options.ts';

/** FHIR create: the server assigns the id. */
export async function createResource(q: Queryable, input: ResourceInput, options: WriteOptions): Promise<WriteResult> {
  const version = prepareVersion(input, randomUUID(), 1, nextTimestamp(), options.index, options.accessTags);
  options.authorize?.(undefined, version);
  if (!(await insertVersion(q, version))) {
    // A random UUID collided: astronomically unlikely, but never overwrite.
    throw new Error(`Generated id ${version.id} already exists`);
  }
  return { version, created: true };
}
