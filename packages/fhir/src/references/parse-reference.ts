import { isResourceType, isValidId } from '../definitions/resource-types.ts';

/** A reference to a resource on this server, in its parts. */
export interface LocalReference {
  readonly type: string;
  readonly id: string;
  readonly version: string | undefined;
}

/**
 * Parses "Type/id", "Type/id/_history/v" and absolute URLs under `baseUrl` into their parts. Returns undefined
 * for anything else (external URLs, contained "#x" references, urn:uuid: placeholders).
 */
export function parseLocalReference(reference: string, baseUrl?: string): LocalReference | undefined {
  let path = reference;
  if (baseUrl && reference.startsWith(baseUrl)) {
    path = reference.slice(baseUrl.length).replace(/^\//, '');
  }
  const parts = path.split('/');
  if (parts.length !== 2 && !(parts.length === 4 && parts[2] === '_history')) return undefined;
  const [type, id, , version] = parts;
  if (!type || !id || !isResourceType(type) || !isValidId(id)) return undefined;
  return { type, id, version };
}
