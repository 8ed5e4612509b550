import { fail, isResourceType, isValidId } from '@akson/fhir';

/** What a Bundle entry's request asks for. */
export type EntryInteraction =
  | { kind: 'read'; type: string; id: string }
  | { kind: 'vread'; type: string; id: string; version: string }
  | { kind: 'search'; type: string; query: string }
  | { kind: 'create'; type: string; ifNoneExist: string | undefined }
  | { kind: 'update'; type: string; id: string; ifMatch: number | undefined }
  | { kind: 'conditional-update'; type: string; query: string }
  | { kind: 'patch'; type: string; id: string; ifMatch: number | undefined }
  | { kind: 'delete'; type: string; id: string; ifMatch: number | undefined };

interface EntryRequest {
  method?: unknown;
  url?: unknown;
  ifNoneExist?: unknown;
  ifMatch?: unknown;
}

/** Parses entry.request (relative URLs, or absolute ones under our base). */
export function parseEntryRequest(
  index: number,
  request: EntryRequest | undefined,
  base: string,
): EntryInteraction {
  const bad = (detail: string): Error => fail('AKS_ERR_BUNDLE_ENTRY', { index, detail });
  if (!request || typeof request.method !== 'string' || typeof request.url !== 'string') {
    throw bad('request.method and request.url are required');
  }
  const method = request.method.toUpperCase();
  let url = request.url.startsWith(base + '/') ? request.url.slice(base.length + 1) : request.url;
  url = url.replace(/^\//, '');
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  const query = q >= 0 ? url.slice(q + 1) : '';
  const segments = path.split('/');
  const type = segments[0] ?? '';
  if (!isResourceType(type)) throw bad(`unknown resource type in url ${request.url}`);
  const id = segments[1];
  if (id !== undefined && !isValidId(id)) throw bad(`invalid id in url ${request.url}`);
  const ifMatch = parseVersion(request.ifMatch, bad);

  switch (method) {
    case 'GET':
    case 'HEAD':
      if (segments.length === 1) return { kind: 'search', type, query };
      if (segments.length === 2 && id) return { kind: 'read', type, id };
      if (segments.length === 4 && id && segments[2] === '_history' && segments[3]) {
        return { kind: 'vread', type, id, version: segments[3] };
      }
      throw bad(`unsupported GET url ${request.url}`);
    case 'POST':
      if (segments.length !== 1) throw bad('POST creates: the url is the resource type');
      return {
        kind: 'create',
        type,
        ifNoneExist:
          typeof request.ifNoneExist === 'string' && request.ifNoneExist !== ''
            ? stripType(request.ifNoneExist, type)
            : undefined,
      };
    case 'PUT':
      if (segments.length === 1 && query) return { kind: 'conditional-update', type, query };
      if (segments.length === 2 && id) return { kind: 'update', type, id, ifMatch };
      throw bad('PUT takes Type/id or Type?criteria');
    case 'PATCH':
      if (segments.length === 2 && id) return { kind: 'patch', type, id, ifMatch };
      throw bad('PATCH takes Type/id');
    case 'DELETE':
      if (segments.length === 2 && id) return { kind: 'delete', type, id, ifMatch };
      throw bad('DELETE takes Type/id (conditional delete is not offered)');
    default:
      throw bad(`method ${method} is not supported`);
  }
}

/** ifNoneExist may be written as "identifier=x" or "Patient?identifier=x". */
function stripType(criteria: string, type: string): string {
  return criteria.startsWith(`${type}?`) ? criteria.slice(type.length + 1) : criteria.replace(/^\?/, '');
}

function parseVersion(value: unknown, bad: (d: string) => Error): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(value));
  if (!m) throw bad('ifMatch must be an ETag such as W/"3"');
  return Number(m[1]);
}

/** Transaction processing order (FHIR R4 3.1.0.11.2): deletes, creates, updates/patches, reads. */
export function processingRank(interaction: EntryInteraction): number {
  switch (interaction.kind) {
    case 'delete':
      return 0;
    case 'create':
      return 1;
    case 'update':
    case 'conditional-update':
    case 'patch':
      return 2;
    default:
      return 3;
  }
}
