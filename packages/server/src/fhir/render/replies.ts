import type { ResourceRow } from '@akson/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WriteOutcome } from '../../services/resource-service.ts';
import { FHIR_JSON } from './media-types.ts';
import { etag, httpDate, type Preferences } from './request-headers.ts';
import { needsSubset, subsetResource, type SummaryMode } from './subset.ts';

/** Query parameters in order, with repeats (Fastify's object form loses both). */
export function queryPairs(request: FastifyRequest): [string, string][] {
  const q = request.url.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(request.url.slice(q + 1))];
}

export function isPretty(request: FastifyRequest): boolean {
  return queryPairs(request).some(([k, v]) => k === '_pretty' && v === 'true');
}

/** Sends JSON text, indented when the client asked for _pretty=true. */
export function sendJson(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  text: string,
): FastifyReply {
  const body = isPretty(request) ? JSON.stringify(JSON.parse(text), null, 2) : text;
  return reply.status(status).header('content-type', FHIR_JSON).send(body);
}

/** A stored resource, with its version headers; _summary/_elements applied when asked for. */
export function sendRow(reply: FastifyReply, request: FastifyRequest, row: ResourceRow): FastifyReply {
  const params = queryPairs(request);
  const summary = params.find(([k]) => k === '_summary')?.[1] as SummaryMode;
  const elementsParam = params.find(([k]) => k === '_elements')?.[1];
  const elements = elementsParam
    ?.split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  let text = row.content ?? '{}';
  if (needsSubset(summary, elements)) {
    text = JSON.stringify(subsetResource(JSON.parse(text) as Record<string, unknown>, summary, elements));
  }
  void reply.header('etag', etag(row.versionId)).header('last-modified', httpDate(row.lastUpdated));
  return sendJson(reply, request, 200, text);
}

/** The answer to a create/update/patch, honouring Prefer: return=minimal|representation|OperationOutcome. */
export function sendWriteOutcome(
  reply: FastifyReply,
  request: FastifyRequest,
  base: string,
  outcome: WriteOutcome,
  prefer: Preferences,
): FastifyReply {
  void reply
    .header('etag', etag(outcome.versionId))
    .header('last-modified', httpDate(outcome.lastUpdated))
    .header('location', `${base}/${outcome.type}/${outcome.id}/_history/${outcome.versionId}`);
  if (prefer.return === 'minimal') return reply.status(outcome.status).send();
  if (prefer.return === 'OperationOutcome') {
    const issues =
      outcome.warnings.length > 0
        ? outcome.warnings
        : [
            {
              severity: 'information',
              code: 'informational',
              details: { text: `${outcome.type}/${outcome.id} version ${outcome.versionId} saved` },
            },
          ];
    return sendJson(
      reply,
      request,
      outcome.status,
      JSON.stringify({ resourceType: 'OperationOutcome', issue: issues }),
    );
  }
  return sendJson(reply, request, outcome.status, outcome.content);
}
