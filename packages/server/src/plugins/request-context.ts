import type { FastifyInstance } from 'fastify';
import { platformAccess } from '../access/trusted-context.ts';
import { ResourceService, type ServiceDeps } from '../services/resource-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The FHIR interactions, bound to this request's caller and access decision. */
    fhir: ResourceService;
  }
}

/**
 * Gives every request its ResourceService. Until authentication is wired in (the access issue), every caller
 * gets platform access; this hook is the single place that changes.
 */
export function registerRequestContext(app: FastifyInstance, deps: ServiceDeps): void {
  app.decorateRequest('fhir', null as unknown as ResourceService);
  app.addHook('onRequest', async (request) => {
    request.fhir = new ResourceService(deps, platformAccess('anonymous'));
  });
}
