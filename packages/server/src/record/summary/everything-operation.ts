import { fail } from '@akson/fhir';
import type { ResourceRow } from '@akson/store';
import type { AksonConfig } from '../../config/schema.ts';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { bundleToText, fullUrlOf, type BundleEntryText } from '../../fhir/render/bundle-text.ts';
import { pageLink } from '../../fhir/render/page-links.ts';
import { queryPairs, sendJson } from '../../fhir/render/replies.ts';
import { fhirBase } from '../../fhir/routes/fhir-base.ts';
import {
  everythingTypes,
  readEverythingPage,
  type EverythingPage,
  type EverythingQuery,
} from './everything-reads.ts';
import { referencedRegister } from './referenced-register.ts';
import {
  countParameter,
  operationInput,
  operationQuery,
  single,
  withServerTiming,
} from '../../fhir/operations/operation-input.ts';
import { maySearch, recordSearch } from './record-search.ts';
import { withheldOutcomeEntry } from './withheld-notice.ts';

const PARAMETERS = ['_since', '_type', '_count', '_cursor'];

/**
 * GET Patient/{id}/$everything (FHIR R4): every resource of the patient's record the caller may read, type by
 * type, with the register resources they refer to; `_since` (changed since an instant), `_type` (a
 * comma-separated list of types), `_count` (page size) and next links. One access in the audit log per page.
 */
export const everythingOperation: OperationDefinitionEntry = {
  name: 'everything',
  types: ['Patient'],
  level: 'instance',
  methods: ['GET'],
  definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
  handler: async (request, reply, config, target) => {
    const started = performance.now();
    const patientId = target.id as string;
    const params = operationInput(request, PARAMETERS);
    const fhir = request.fhir;
    const query = everythingQuery(params, config, (type) => maySearch(fhir.access, type));
    const text = await fhir.readPatientRecord(patientId, operationQuery(request), async () => {
      const page = await readEverythingPage(recordSearch(fhir, patientId), query);
      const included = await referencedRegister(fhir, page.matches, config.search.maxCount);
      const path = `Patient/${patientId}/$everything`;
      return everythingBundle(fhirBase(config), path, queryPairs(request), page, included);
    });
    return sendJson(withServerTiming(reply, 'everything', started), request, 200, text);
  },
};

function everythingQuery(
  params: [string, string][],
  config: AksonConfig,
  allowed: (type: string) => boolean,
): EverythingQuery {
  const all = everythingTypes();
  const asked = single(params, '_type')
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const type of asked ?? []) {
    if (!all.includes(type)) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: '_type',
        detail: `${type} is not a type of a patient's record`,
      });
    }
  }
  // Types named in _type are searched even when the caller may not (and refused with 403); without _type,
  // only the types the caller may read are part of "everything".
  const types = asked ? all.filter((t) => asked.includes(t)) : all.filter(allowed);
  const since = single(params, '_since');
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(Date.parse(since)))) {
    throw fail('AKS_ERR_OPERATION_PARAMETER', {
      param: '_since',
      detail: 'an instant such as 2024-05-17T10:00:00Z',
    });
  }
  const cursor = single(params, '_cursor');
  return {
    types,
    count: countParameter(params, '_count', config.search.defaultCount, config.search.maxCount),
    since,
    start: cursor === undefined ? undefined : decodeEverythingCursor(cursor),
  };
}

function encodeEverythingCursor(next: NonNullable<EverythingPage['next']>): string {
  return Buffer.from(JSON.stringify([next.type, next.cursor ?? null]), 'utf8').toString('base64url');
}

function decodeEverythingCursor(cursor: string): EverythingQuery['start'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail('AKS_ERR_SEARCH_CURSOR');
  }
  const [type, inner] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
  if (typeof type !== 'string' || (inner !== null && typeof inner !== 'string'))
    throw fail('AKS_ERR_SEARCH_CURSOR');
  return { type, cursor: inner ?? undefined };
}

function everythingBundle(
  base: string,
  path: string,
  asked: readonly (readonly [string, string])[],
  page: EverythingPage,
  /** Register resources the matches refer to (units, staff, medicines), as FHIR's $everything includes them. */
  included: readonly ResourceRow[],
): string {
  const entries: BundleEntryText[] = [
    ...page.matches.map((row) => ({
      fullUrl: fullUrlOf(base, row),
      ...(row.content ? { resource: row.content } : {}),
      search: { mode: 'match' as const },
    })),
    ...included.map((row) => ({
      fullUrl: fullUrlOf(base, row),
      ...(row.content ? { resource: row.content } : {}),
      search: { mode: 'include' as const },
    })),
  ];
  if (page.withheld > 0) entries.push(withheldOutcomeEntry(page.withheld));
  const current = asked.find(([k]) => k === '_cursor')?.[1];
  const links = [{ relation: 'self', url: pageLink(base, path, asked, current) }];
  if (page.next)
    links.push({ relation: 'next', url: pageLink(base, path, asked, encodeEverythingCursor(page.next)) });
  return bundleToText({ type: 'searchset', links, entries });
}
