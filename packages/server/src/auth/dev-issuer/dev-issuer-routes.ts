import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEMO_WEB_CLIENT } from '../../demo/demo-municipality.ts';
import type { DevIssuer } from './dev-issuer.ts';
import { loginPage } from './login-page.ts';

interface AuthorizeParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  choice?: string;
}

/**
 * OIDC discovery, JWKS, the sign-in page and the token endpoint of the development issuer. Registered in the
 * public context: these are how a caller gets a token, so they cannot require one.
 */
export function registerDevIssuerRoutes(
  app: FastifyInstance,
  issuer: DevIssuer,
  allowedRedirectPrefixes: readonly string[],
): void {
  app.get('/auth/.well-known/openid-configuration', async () => issuer.discovery());
  app.get('/auth/jwks', async () => issuer.jwks());

  const checkAuthorize = (p: AuthorizeParams): string | undefined => {
    if (p.response_type !== 'code') return 'response_type må være code';
    if (p.client_id !== DEMO_WEB_CLIENT.clientId) return `ukjent klient ${p.client_id ?? ''}`;
    if (!p.redirect_uri || !allowedRedirectPrefixes.some((prefix) => p.redirect_uri?.startsWith(prefix)))
      return 'redirect_uri er ikke tillatt';
    if (!p.code_challenge || p.code_challenge_method !== 'S256') return 'PKCE med S256 kreves';
    return undefined;
  };
  const hiddenFrom = (p: AuthorizeParams): Record<string, string> => ({
    response_type: p.response_type ?? '',
    client_id: p.client_id ?? '',
    redirect_uri: p.redirect_uri ?? '',
    state: p.state ?? '',
    code_challenge: p.code_challenge ?? '',
    code_challenge_method: p.code_challenge_method ?? '',
  });
  const page = (reply: FastifyReply, status: number, p: AuthorizeParams, error?: string): FastifyReply =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(loginPage(issuer.choices(), hiddenFrom(p), error));

  app.get<{ Querystring: AuthorizeParams }>('/auth/authorize', async (request, reply) => {
    const problem = checkAuthorize(request.query);
    return page(
      reply,
      problem ? 400 : 200,
      request.query,
      problem ? `Innloggingsforespørselen er ugyldig: ${problem}.` : undefined,
    );
  });

  app.post<{ Body: [string, string][] }>('/auth/authorize', async (request, reply) => {
    const p = Object.fromEntries(Array.isArray(request.body) ? request.body : []) as AuthorizeParams;
    const problem = checkAuthorize(p);
    if (problem) return page(reply, 400, p, `Innloggingsforespørselen er ugyldig: ${problem}.`);
    const code = issuer.issueCode(
      p.choice ?? '',
      p.client_id as string,
      p.redirect_uri as string,
      p.code_challenge as string,
    );
    if (!code) return page(reply, 400, p, 'Velg en bruker fra listen.');
    const target = new URL(p.redirect_uri as string);
    target.searchParams.set('code', code);
    if (p.state) target.searchParams.set('state', p.state);
    return reply.redirect(target.toString(), 302);
  });

  app.post<{ Body: [string, string][] }>('/auth/token', async (request, reply) => {
    const form = new Map(Array.isArray(request.body) ? request.body : []);
    const oauthError = (error: string, description: string, status = 400): FastifyReply =>
      reply
        .status(status)
        .header('cache-control', 'no-store')
        .send({ error, error_description: description });
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const token = await issuer.redeemCode(
        form.get('code') ?? '',
        form.get('client_id') ?? '',
        form.get('redirect_uri') ?? '',
        form.get('code_verifier') ?? '',
      );
      if (!token)
        return oauthError(
          'invalid_grant',
          'The code is unknown, expired, already used, or the PKCE verifier does not match.',
        );
      return reply
        .header('cache-control', 'no-store')
        .send({ access_token: token, token_type: 'Bearer', expires_in: 8 * 3600, scope: 'openid fhirUser' });
    }
    if (grant === 'client_credentials') {
      if (
        form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
        !form.get('client_assertion')
      ) {
        return oauthError(
          'invalid_client',
          'Authenticate with private_key_jwt (client_assertion_type jwt-bearer and a client_assertion).',
          401,
        );
      }
      const result = await issuer.clientCredentials(
        form.get('client_assertion') as string,
        form.get('scope'),
      );
      if ('error' in result) return oauthError('invalid_client', result.error, 401);
      return reply
        .header('cache-control', 'no-store')
        .send({ access_token: result.token, token_type: 'Bearer', expires_in: 3600, scope: result.scope });
    }
    return oauthError(
      'unsupported_grant_type',
      'Use authorization_code (with PKCE) or client_credentials (with private_key_jwt).',
    );
  });
}
