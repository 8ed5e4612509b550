import { fail } from '@akson/fhir';
import type { FastifyInstance } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import { processBundle } from '../bundles/process-bundle.ts';
import { parsePrefer } from '../render/request-headers.ts';
import { sendJson } from '../render/replies.ts';
import { fhirBase } from './fhir-base.ts';

/** The FHIR base itself: batch and transaction Bundles. */
export function registerSystemRoutes(app: FastifyInstance, config: AksonConfig): void {
  const base = fhirBase(config);
  app.post('/fhir', async (request, reply) => {
    if (request.body === undefined) throw fail('AKS_ERR_REQUEST_BODY_MISSING');
    const text = await processBundle(request.body, {
      service: request.fhir,
      base,
      prefer: parsePrefer(request.headers['prefer']),
      maxEntries: config.http.maxBundleEntries,
    });
    return sendJson(reply, request, 200, text);
  });
}
