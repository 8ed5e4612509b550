import type { FastifyInstance } from 'fastify';
import type { AksonConfig } from '../../config/schema.ts';
import type { DevIssuer } from '../../auth/dev-issuer/dev-issuer.ts';
import { capabilityStatement } from '../capability-statement.ts';
import { sendJson } from '../render/replies.ts';

/** What anyone may read without a token: the CapabilityStatement and where to get a token (SMART configuration). */
export function registerPublicFhirRoutes(
  app: FastifyInstance,
  config: AksonConfig,
  devIssuer: DevIssuer | undefined,
): void {
  let capability: string | undefined;
  app.get('/fhir/metadata', async (request, reply) => {
    capability ??= JSON.stringify(capabilityStatement(config, devIssuer));
    return sendJson(reply, request, 200, capability);
  });
  const smart = async (): Promise<Record<string, unknown>> => {
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
