import { AksonError } from '@akson/fhir';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessServices } from '../access/access-services.ts';
import { RequestAccess } from '../access/request-access.ts';
import { recordRefusedCaller } from '../audit/refused-caller.ts';
import { credentialsOf } from '../auth/credentials.ts';
import type { Principal } from '../auth/principal.ts';
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
 *
 * Every refusal leaves an AuditEvent, durable before the response: a request without a valid token (401) or
 * whose caller the register refuses (403) is recorded here; a refusal further in is recorded by the code that
 * refused (the gate, the write rule), and any 403 that code did not record is recorded by the onError hook.
 */
export function registerAuthentication(
  context: FastifyInstance,
  deps: { service: ServiceDeps; access: AccessServices; verifier: TokenVerifier },
): void {
  context.addHook('onRequest', async (request) => {
    let principal: Principal | undefined;
    try {
      const verified = await deps.verifier.verify(credentialsOf(request, deps.service.config.publicUrl));
      principal = verified.principal;
      const actor = await deps.access.resolver.resolve(verified.principal);
      const access = new RequestAccess(deps.access, actor, request.id);
      if (verified.firstUse) {
        await access.audit.read([
          { interaction: 'login', outcome: '0', entities: [], outcomeDescription: 'token accepted' },
        ]);
      }
      request.fhir = new ResourceService(deps.service, access);
    } catch (err) {
      if (isRefusal(err)) {
        await recordRefusedCaller(deps.access.auditWriter, {
          principal,
          address: request.ip,
          method: request.method,
          path: pathOf(request),
          error: err,
          requestId: request.id,
        });
      }
      throw err;
    }
  });
  context.addHook('onError', async (request, _reply, error) => {
    const access = request.fhir?.access;
    if (!access || !isRefusal(error) || access.audit.hasRecorded(error)) return;
    access.audit.refused(error, {
      interaction: 'operation',
      outcome: '4',
      outcomeDescription: `${request.method} ${pathOf(request)}: ${error.message}`,
      entities: [],
      flags: ['denied'],
    });
  });
  // Refusals are kept until their transaction is over; whatever is still kept is recorded before the response.
  context.addHook('onSend', async (request) => {
    await request.fhir?.access.audit.flushDeferred();
  });
}

function isRefusal(err: unknown): err is AksonError {
  return err instanceof AksonError && (err.category === 'forbidden' || err.category === 'unauthenticated');
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

export function decorateFhir(app: FastifyInstance): void {
  app.decorateRequest('fhir', null as unknown as ResourceService);
}
