import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import type { DevIssuer } from '../../auth/dev-issuer/dev-issuer.ts';
import { capabilityStatement } from '../capability-statement.ts';
import { sendJson } from '../render/replies.ts';
import { PUBLIC_SHORT } from '../../plugins/cache-policy.ts';

/**
 * What anyone may read without a token: the CapabilityStatement and where to get a token (SMART configuration).
 * Both are the same for every caller and hold no personal data, so caches may keep them briefly (PUBLIC_SHORT);
 * everything else the server sends is no-store.
 */
export function registerPublicFhirRoutes(
  app: FastifyInstance,
  config: AksonConfig,
  devIssuer: DevIssuer | undefined,
): void {
  let capability: string | undefined;
  app.get('/fhir/metadata', async (request, reply) => {
    capability ??= JSON.stringify(capabilityStatement(config, devIssuer));
    return sendJson(reply.header('cache-control', PUBLIC_SHORT), request, 200, capability);
  });
  const smart = async (_request: FastifyRequest, reply: FastifyReply): Promise<Record<string, unknown>> => {
    void reply.header('cache-control', PUBLIC_SHORT);
    const issuer = devIssuer?.issuer ?? config.auth.issuers[0]?.issuer;
    return {
      ...(issuer ? { issuer } : {}),
      ...(devIssuer
        ? {
            jwks_uri: `${devIssuer.issuer}/jwks`,
            authorization_endpoint: `${devIssuer.issuer}/authorize`,
            token_endpoint: `${devIssuer.issuer}/token`,
            grant_types_supported: ['authorization_code', 'client_credentials'],
            token_endpoint_auth_methods_supported: ['private_key_jwt', 'none'],
            token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'RS256', 'RS384'],
            code_challenge_methods_supported: ['S256'],
            response_types_supported: ['code'],
          }
        : {}),
      scopes_supported: ['openid', 'fhirUser', 'system/*.cruds', 'system/*.rs'],
      capabilities: [
        'launch-standalone',
        'client-public',
        'client-confidential-asymmetric',
        'permission-v2',
        'sso-openid-connect',
      ],
    };
  };
  app.get('/.well-known/smart-configuration', smart);
  app.get('/fhir/.well-known/smart-configuration', smart);
}
