import { loadDefinitions } from './load.ts';

let typeSet: ReadonlySet<string> | undefined;

export function isResourceType(type: string): boolean {
  typeSet ??= new Set(loadDefinitions().resourceTypes);
  return typeSet.has(type);
}

/** Resource-id rule from the FHIR specification: 1-64 of [A-Za-z0-9\-\.]. */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
