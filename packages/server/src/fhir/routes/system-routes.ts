import { fail } from '@akson/fhir';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { processBundle } from '../bundles/process-bundle.ts';
import { parsePrefer } from '../render/request-headers.ts';
import { sendJson } from '../render/replies.ts';
import { fhirBase } from './fhir-base.ts';

/**
 * The FHIR base itself: batch and transaction Bundles. `[base]` and `[base]/` are the same address (clients
 * build URLs both ways), so each route is registered under both.
 */
export function registerSystemRoutes(app: FastifyInstance, config: AksonConfig): void {
  const base = fhirBase(config);
  const bundle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (request.body === undefined) throw fail('AKS_ERR_REQUEST_BODY_MISSING');
    const text = await processBundle(request.body, {
      service: request.fhir,
      base,
      prefer: parsePrefer(request.headers['prefer']),
      maxEntries: config.http.maxBundleEntries,
    });
    return sendJson(reply, request, 200, text);
  };
  const systemSearch = async (): Promise<never> => {
    throw fail('AKS_ERR_INTERACTION_UNSUPPORTED', {
      interaction: 'Search across all resource types (GET [base])',
      instead: `Search one type (GET ${base}/Patient?...), or read everything about one patient with GET ${base}/Patient/[id]/$everything.`,
    });
  };
  for (const path of ['/fhir', '/fhir/']) {
    app.post(path, bundle);
    app.get(path, systemSearch);
  }
}
