import { randomUUID } from 'node:crypto';
import { AksonError, fail, httpStatusFor } from '@akson/fhir';
import type { Queryable } from '@akson/store';
import type { ResourceService, WriteOutcome } from '../../services/resource-service.ts';
import { bundleToText, type BundleEntryText } from '../render/bundle-text.ts';
import { etag, httpDate, type Preferences } from '../render/request-headers.ts';
import { renderSearchBundle } from '../render/search-bundle.ts';
import { parseEntryRequest, processingRank, type EntryInteraction } from './entry-request.ts';
import { rewriteReferences } from './rewrite-references.ts';

interface BundleEntry {
  fullUrl?: unknown;
  resource?: unknown;
  request?: Parameters<typeof parseEntryRequest>[1];
}

interface ParsedEntry {
  readonly index: number;
  readonly fullUrl: string | undefined;
  readonly interaction: EntryInteraction;
  resource: unknown;
  /** Id chosen before writing (creates and conditional updates), so references can point at it. */
  targetId?: string;
  /** A conditional create that found its match: nothing is written. */
  existing?: WriteOutcome;
}

export interface BundleContext {
  readonly service: ResourceService;
  readonly base: string;
  readonly prefer: Preferences;
  readonly maxEntries: number;
}

/** POST [base] with a batch or transaction Bundle. Returns the response Bundle as JSON text. */
export async function processBundle(body: unknown, ctx: BundleContext): Promise<string> {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (!bundle || bundle.resourceType !== 'Bundle') {
    throw fail('AKS_ERR_RESOURCE_TYPE_MISMATCH', {
      actual: String(bundle?.resourceType),
      expected: 'Bundle',
    });
  }
  if (bundle.type !== 'transaction' && bundle.type !== 'batch')
    throw fail('AKS_ERR_BUNDLE_TYPE', { type: String(bundle.type) });
  const entries = bundle.entry === undefined ? [] : bundle.entry;
  if (!Array.isArray(entries))
    throw fail('AKS_ERR_BUNDLE_ENTRY', { index: 0, detail: 'entry must be an array' });
  if (entries.length > ctx.maxEntries)
    throw fail('AKS_ERR_BUNDLE_TOO_MANY', { count: entries.length, max: ctx.maxEntries });
  return bundle.type === 'transaction'
    ? processTransaction(entries as BundleEntry[], ctx)
    : processBatch(entries as BundleEntry[], ctx);
}

async function processTransaction(entries: BundleEntry[], ctx: BundleContext): Promise<string> {
  const parsed: ParsedEntry[] = entries.map((e, index) => ({
    index,
    fullUrl: typeof e?.fullUrl === 'string' ? e.fullUrl : undefined,
    interaction: parseEntryRequest(index, e?.request, ctx.base),
    resource: e?.resource,
  }));
  rejectOverlaps(parsed);
  const responses = await ctx.service
    .transaction(async (tx) => {
      const out: BundleEntryText[] = new Array(parsed.length);
      // Deletes come first (R4 3.1.0.11.2), before any condition is evaluated: a conditional create must not
      // find a resource this same transaction deletes.
      for (const p of parsed.filter((x) => x.interaction.kind === 'delete')) {
        try {
          out[p.index] = await executeEntry(p, ctx, tx);
        } catch (err) {
          throw entryFailure(p, err);
        }
      }
      const map = await assignTargets(parsed, ctx, tx);
      await resolveConditionalReferences(parsed, map, ctx, tx);
      for (const p of parsed) {
        if (p.resource !== undefined) p.resource = rewriteReferences(p.resource, map, () => undefined);
      }
      const order = [...parsed]
        .filter((p) => p.interaction.kind !== 'delete')
        .sort((a, b) => processingRank(a.interaction) - processingRank(b.interaction) || a.index - b.index);
      for (const p of order) {
        try {
          out[p.index] = await executeEntry(p, ctx, tx);
        } catch (err) {
          throw entryFailure(p, err);
        }
      }
      return out;
    })
    // Refusals inside the transaction are logged whether it committed or not.
    .finally(() => ctx.service.access.audit.flushDeferred());
  return bundleToText({
    type: 'transaction-response',
    links: [],
    entries: responses,
    timestamp: new Date().toISOString(),
  });
}

async function processBatch(entries: BundleEntry[], ctx: BundleContext): Promise<string> {
  const responses: BundleEntryText[] = [];
  for (const [index, e] of entries.entries()) {
    try {
      const p: ParsedEntry = {
        index,
        fullUrl: typeof e?.fullUrl === 'string' ? e.fullUrl : undefined,
        interaction: parseEntryRequest(index, e?.request, ctx.base),
        resource: e?.resource,
      };
      responses.push(
        await ctx.service
          .transaction((tx) => executeEntry(p, ctx, tx))
          .finally(() => ctx.service.access.audit.flushDeferred()),
      );
    } catch (err) {
      const error =
        err instanceof AksonError ? err : fail('AKS_ERR_INTERNAL', { requestId: `batch entry ${index}` });
      if (!(err instanceof AksonError)) throw err; // a bug: let the error handler log it
      responses.push({
        response: {
          status: String(httpStatusFor(error.category)),
          outcome: JSON.stringify(error.toOperationOutcome()),
        },
      });
    }
  }
  return bundleToText({
    type: 'batch-response',
    links: [],
    entries: responses,
    timestamp: new Date().toISOString(),
  });
}

/**
 * A transaction may not touch the same resource twice (R4 3.1.0.11.2), nor carry two entries with the same
 * fullUrl (bdl-7); two conditional writes with the same criteria would both create, so they count as the same
 * target too.
 */
function rejectOverlaps(parsed: readonly ParsedEntry[]): void {
  const seen = new Set<string>();
  const once = (key: string, target: string): void => {
    if (seen.has(key)) throw fail('AKS_ERR_BUNDLE_DUPLICATE', { target });
    seen.add(key);
  };
  for (const p of parsed) {
    const i = p.interaction;
    if (p.fullUrl) once(`fullUrl:${p.fullUrl}`, p.fullUrl);
    if (i.kind === 'update' || i.kind === 'delete' || i.kind === 'patch')
      once(`${i.type}/${i.id}`, `${i.type}/${i.id}`);
    if (i.kind === 'conditional-update')
      once(`${i.type}?${normalizeCriteria(i.query)}`, `${i.type}?${i.query}`);
    if (i.kind === 'create' && i.ifNoneExist)
      once(`${i.type}?${normalizeCriteria(i.ifNoneExist)}`, `${i.type}?${i.ifNoneExist}`);
  }
}

function normalizeCriteria(query: string): string {
  return [...new URLSearchParams(query)]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
}

/** Chooses the id each create and conditional update will write, and maps fullUrls to those ids. */
async function assignTargets(
  parsed: ParsedEntry[],
  ctx: BundleContext,
  tx: Queryable,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const p of parsed) {
    const i = p.interaction;
    try {
      if (i.kind === 'create') {
        const match = i.ifNoneExist
          ? await ctx.service.findByCondition(i.type, i.ifNoneExist, tx)
          : undefined;
        if (match) {
          p.existing = {
            status: 200,
            type: match.type,
            id: match.id,
            versionId: match.versionId,
            lastUpdated: match.lastUpdated,
            content: match.content ?? '{}',
            warnings: [],
          };
        }
        p.targetId = match?.id ?? randomUUID();
        if (p.fullUrl) map.set(p.fullUrl, `${i.type}/${p.targetId}`);
      } else if (i.kind === 'conditional-update') {
        const match = await ctx.service.findByCondition(i.type, i.query, tx);
        const bodyId = (p.resource as { id?: unknown } | undefined)?.id;
        p.targetId = match?.id ?? (typeof bodyId === 'string' ? bodyId : randomUUID());
        if (p.fullUrl) map.set(p.fullUrl, `${i.type}/${p.targetId}`);
      } else if (i.kind === 'update' && p.fullUrl) {
        map.set(p.fullUrl, `${i.type}/${i.id}`);
      }
    } catch (err) {
      throw entryFailure(p, err);
    }
  }
  return map;
}

/** References of the form Type?criteria must match exactly one resource; urn:uuid ones must name an entry. */
async function resolveConditionalReferences(
  parsed: ParsedEntry[],
  map: Map<string, string>,
  ctx: BundleContext,
  tx: Queryable,
): Promise<void> {
  for (const p of parsed) {
    for (const reference of collectReferences(p.resource)) {
      if (map.has(reference)) continue;
      if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
        throw fail('AKS_ERR_BUNDLE_REFERENCE', {
          reference,
          detail: 'no entry in the transaction has this fullUrl',
        });
      }
      const m = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(reference);
      if (!m) continue;
      const [, type, criteria] = m as unknown as [string, string, string];
      const match = await ctx.service.findByCondition(type, criteria, tx).catch((err: unknown) => {
        throw fail('AKS_ERR_BUNDLE_REFERENCE', { reference, detail: (err as Error).message });
      });
      if (!match) throw fail('AKS_ERR_BUNDLE_REFERENCE', { reference, detail: 'no resource matches it' });
      map.set(reference, `${type}/${match.id}`);
    }
  }
}

function collectReferences(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectReferences(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'reference' && typeof value === 'string') out.add(value);
      else collectReferences(value, out);
    }
  }
  return out;
}

async function executeEntry(p: ParsedEntry, ctx: BundleContext, tx: Queryable): Promise<BundleEntryText> {
  const { service, base, prefer } = ctx;
  const i = p.interaction;
  switch (i.kind) {
    case 'create': {
      if (p.existing) return writeResponse(p.existing, base, prefer, '200 OK');
      const outcome = await service.create(i.type, p.resource, { id: p.targetId as string }, tx);
      return writeResponse(outcome, base, prefer, '201 Created');
    }
    case 'update': {
      const outcome = await service.update(
        i.type,
        i.id,
        p.resource,
        i.ifMatch !== undefined ? { ifMatch: i.ifMatch } : {},
        tx,
      );
      return writeResponse(outcome, base, prefer, outcome.status === 201 ? '201 Created' : '200 OK');
    }
    case 'conditional-update': {
      const body = { ...(p.resource as Record<string, unknown>), id: p.targetId };
      const outcome = await service.update(i.type, p.targetId as string, body, {}, tx);
      return writeResponse(outcome, base, prefer, outcome.status === 201 ? '201 Created' : '200 OK');
    }
    case 'patch': {
      const outcome = await service.patch(
        i.type,
        i.id,
        patchOperations(p.resource),
        i.ifMatch !== undefined ? { ifMatch: i.ifMatch } : {},
        tx,
      );
      return writeResponse(outcome, base, prefer, '200 OK');
    }
    case 'delete': {
      await service.delete(i.type, i.id, i.ifMatch !== undefined ? { ifMatch: i.ifMatch } : {}, tx);
      return { response: { status: '204 No Content' } };
    }
    case 'read': {
      const row = await service.read(i.type, i.id, tx);
      return rowResponse(row, base);
    }
    case 'vread': {
      const row = await service.vread(i.type, i.id, i.version, tx);
      return rowResponse(row, base);
    }
    case 'search': {
      const params = [...new URLSearchParams(i.query)];
      const result = await service.search(i.type, params, { lenient: prefer.lenient }, tx);
      return { resource: renderSearchBundle(base, i.type, params, result), response: { status: '200 OK' } };
    }
  }
}

function rowResponse(
  row: { type: string; id: string; versionId: number; lastUpdated: string; content: string | null },
  base: string,
): BundleEntryText {
  return {
    fullUrl: `${base}/${row.type}/${row.id}`,
    ...(row.content ? { resource: row.content } : {}),
    response: { status: '200 OK', etag: etag(row.versionId), lastModified: httpDate(row.lastUpdated) },
  };
}

function writeResponse(
  outcome: WriteOutcome,
  base: string,
  prefer: Preferences,
  status: string,
): BundleEntryText {
  return {
    fullUrl: `${base}/${outcome.type}/${outcome.id}`,
    ...(prefer.return === 'representation' ? { resource: outcome.content } : {}),
    response: {
      status,
      location: `${base}/${outcome.type}/${outcome.id}/_history/${outcome.versionId}`,
      etag: etag(outcome.versionId),
      lastModified: outcome.lastUpdated,
      // What the write's rules found without refusing it (a medication line's moderate findings, what could
      // not be assessed): the entry's outcome is the one place a Bundle can carry it.
      ...(outcome.warnings.length > 0
        ? { outcome: JSON.stringify({ resourceType: 'OperationOutcome', issue: outcome.warnings }) }
        : {}),
    },
  };
}

/** In a Bundle, a JSON Patch travels as a Binary with contentType application/json-patch+json. */
function patchOperations(resource: unknown): unknown {
  const binary = resource as { resourceType?: string; contentType?: string; data?: string } | undefined;
  if (
    binary?.resourceType !== 'Binary' ||
    binary.contentType !== 'application/json-patch+json' ||
    !binary.data
  ) {
    throw fail('AKS_ERR_PATCH_INVALID', {
      detail: 'in a Bundle, send the JSON Patch as a Binary with contentType application/json-patch+json',
    });
  }
  try {
    return JSON.parse(Buffer.from(binary.data, 'base64').toString('utf8'));
  } catch {
    throw fail('AKS_ERR_PATCH_INVALID', { detail: 'the Binary data is not base64-encoded JSON' });
  }
}

/** Keeps the failing entry's status (404, 409, 412...) and says which entry failed. */
function entryFailure(p: ParsedEntry, err: unknown): unknown {
  if (!(err instanceof AksonError)) return err;
  const where = `Bundle.entry[${p.index}]`;
  const issues = (err.toOperationOutcome().issue ?? []).map((issue) => ({
    ...issue,
    diagnostics: `Entry ${p.index} (${p.interaction.kind} ${p.interaction.type})`,
    expression: issue.expression?.map((e) => `${where}.resource.${e.replace(/^[A-Za-z]+\./, '')}`) ?? [where],
  }));
  return new AksonError(
    err.code,
    err.category,
    `Entry ${p.index} (${p.interaction.kind} ${p.interaction.type}): ${err.message}`,
    {
      issues,
      cause: err,
    },
  );
}
