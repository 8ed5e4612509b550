import { fail } from '@akson/fhir';
import type { FastifyInstance } from 'fastify';
import { acceptsJson } from '../fhir/render/media-types.ts';

/** Refuses (406) requests to the FHIR API that can only take XML or another format we do not produce. */
export function registerContentNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/fhir')) return;
    const q = request.url.indexOf('?');
    const format =
      q < 0 ? undefined : (new URLSearchParams(request.url.slice(q + 1)).get('_format') ?? undefined);
    if (!acceptsJson(request.headers.accept, format)) {
      throw fail('AKS_ERR_REQUEST_NOT_ACCEPTABLE', { format: format ?? request.headers.accept ?? '' });
    }
  });
}
