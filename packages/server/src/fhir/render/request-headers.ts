import { fail } from '@akson/fhir';

/** Parses an ETag-style version (W/"3", "3" or 3) from If-Match; undefined when the header is absent. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec((value ?? '').trim());
  if (!m)
    throw fail('AKS_ERR_REQUEST_HEADER', {
      header: 'If-Match',
      detail: 'use the ETag of the version you read, such as W/"3"',
    });
  return Number(m[1]);
}

/** If-None-Match on a read: the versions the client already has ("*" means any). */
export function ifNoneMatchHits(header: string | string[] | undefined, versionId: number): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  return value.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '').replace(/"/g, '') === String(versionId);
  });
}

export interface Preferences {
  readonly return: 'minimal' | 'representation' | 'OperationOutcome';
  readonly lenient: boolean;
}

/** The Prefer header (RFC 7240) as FHIR uses it: return=... and handling=strict|lenient. */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let ret: Preferences['return'] = 'representation';
  let lenient = false;
  for (const part of value.split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim().replace(/"/g, ''));
    if (k === 'return' && (v === 'minimal' || v === 'representation' || v === 'OperationOutcome')) ret = v;
    if (k === 'handling') lenient = v === 'lenient';
  }
  return { return: ret, lenient };
}

/** An HTTP date (RFC 7231) for Last-Modified. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

export function etag(versionId: number): string {
  return `W/"${versionId}"`;
}
