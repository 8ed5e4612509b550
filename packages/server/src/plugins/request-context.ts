import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-services.ts';
import { RequestAccess } from '../access/request-access.ts';
import { credentialsOf } from '../auth/credentials.ts';
import type { TokenVerifier } from '../auth/token-verifier.ts';
import { ResourceService, type ServiceDeps } from '../services/resource-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The FHIR interactions, bound to this request's caller and their access decision. */
    fhir: ResourceService;
  }
}

/**
 * Authentication for the protected context: every request carries a token, verified, resolved against the
 * register, and turned into the request's ResourceService. Nothing in this context runs without one: routes
 * get data only through `request.fhir`.
 */
export function registerAuthentication(
  context: FastifyInstance,
  deps: { service: ServiceDeps; access: AccessServices; verifier: TokenVerifier },
): void {
  context.addHook('onRequest', async (request) => {
    const verified = await deps.verifier.verify(credentialsOf(request, deps.service.config.publicUrl));
    const actor = await deps.access.resolver.resolve(verified.principal);
    const access = new RequestAccess(deps.access, actor, request.id);
    if (verified.firstUse) {
      await access.audit.read([
        { interaction: 'login', outcome: '0', entities: [], outcomeDescription: 'token accepted' },
      ]);
    }
    request.fhir = new ResourceService(deps.service, access);
  });
}

export function decorateFhir(app: FastifyInstance): void {
  app.decorateRequest('fhir', null as unknown as ResourceService);
}
