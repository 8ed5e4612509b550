import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { DEMO_INTEGRATION_CLIENT, DEMO_MUNICIPALITY, DEMO_WEB_CLIENT } from '../../demo/demo-municipality.ts';
import { loadOrCreateKeyPair, type KeyPair } from './signing-keys.ts';
import {
  citizenClaims,
  findStaffRole,
  personnelClaims,
  signInChoices,
  type SignInChoice,
} from './demo-users.ts';
import { intersectScopes, parseSmartScopes, formatScope } from '../smart-scopes.ts';

export interface DevIssuerOptions {
  /** Public URL of the server; the issuer is `${publicUrl}/auth`. */
  readonly publicUrl: string;
  /** Audience of the tokens: the FHIR base. */
  readonly audience: string;
  /** Folder for the issuer's and the demo client's keys; undefined keeps them in memory. */
  readonly keyDir: string | undefined;
  readonly tokenLifetimeSeconds: number;
}

export interface RegisteredClient {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: string;
  readonly keys: JWTVerifyGetKey;
}

/**
 * How the development issuer's clients stand to blocks, private and confidential entries when
 * AKSON_CLIENT_POLICIES does not say (auth/client-restrictions.ts): the demo migration job is exempt, as a
 * municipality's migration must import everything.
 */
export const DEV_CLIENT_RESTRICTIONS: ReadonlyMap<string, 'honour' | 'exempt'> = new Map([
  [DEMO_INTEGRATION_CLIENT.clientId, 'exempt'],
]);

interface PendingCode {
  readonly claims: Record<string, unknown>;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly expires: number;
}

/**
 * A built-in OpenID Connect / OAuth 2 issuer for the embedded demo and development: it signs tokens shaped like
 * HelseID's (personnel) and ID-porten's (citizens), and client-credentials tokens for registered integrations.
 * It is switched on in demo mode only (see config), and the server says so loudly at start.
 */
export class DevIssuer {
  readonly issuer: string;
  readonly #options: DevIssuerOptions;
  readonly #key: KeyPair;
  /** The demo integration client's key pair: the issuer knows it so `akson token` can act as the client. */
  readonly clientKey: KeyPair;
  readonly clients: ReadonlyMap<string, RegisteredClient>;
  readonly #codes = new Map<string, PendingCode>();
  readonly #usedAssertions = new Map<string, number>();

  private constructor(options: DevIssuerOptions, key: KeyPair, clientKey: KeyPair) {
    this.#options = options;
    this.issuer = `${options.publicUrl}/auth`;
    this.#key = key;
    this.clientKey = clientKey;
    this.clients = new Map([
      [
        DEMO_INTEGRATION_CLIENT.clientId,
        {
          clientId: DEMO_INTEGRATION_CLIENT.clientId,
          name: DEMO_INTEGRATION_CLIENT.name,
          scopes: DEMO_INTEGRATION_CLIENT.scopes,
          keys: createLocalJWKSet({ keys: [clientKey.publicJwk] }),
        },
      ],
    ]);
  }

  static async create(options: DevIssuerOptions): Promise<DevIssuer> {
    const key = await loadOrCreateKeyPair(
      options.keyDir ? join(options.keyDir, 'issuer-key.json') : undefined,
      'akson-dev-issuer-1',
    );
    const clientKey = await loadOrCreateKeyPair(
      options.keyDir ? join(options.keyDir, `client-${DEMO_INTEGRATION_CLIENT.clientId}.json`) : undefined,
      `${DEMO_INTEGRATION_CLIENT.clientId}-1`,
    );
    return new DevIssuer(options, key, clientKey);
  }

  /** Verification keys, for the server's own token verifier. */
  verificationKeys(): JWTVerifyGetKey {
    return createLocalJWKSet({ keys: [this.#key.publicJwk] });
  }

  jwks(): { keys: object[] } {
    return { keys: [this.#key.publicJwk] };
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/authorize`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'RS256', 'RS384'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: ['openid', 'fhirUser', 'system/*.cruds', 'system/*.rs'],
    };
  }

  /** Signs an access token with the given claims (plus iss, aud, iat, exp, jti). */
  async sign(
    claims: Record<string, unknown>,
    lifetimeSeconds = this.#options.tokenLifetimeSeconds,
  ): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: this.#key.alg, kid: this.#key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.#options.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.#key.privateKey);
  }

  /** A token for a demo user ("berg", "berg@solglott-avd-2", "ingrid") or client ("lillesand-migrering"). */
  async tokenFor(name: string): Promise<string> {
    const client =
      this.clients.get(name) ??
      (name === 'integration' ? this.clients.get(DEMO_INTEGRATION_CLIENT.clientId) : undefined);
    if (client)
      return this.sign(this.#clientClaims(client, parseSmartScopes(client.scopes).map(formatScope)));
    const staff = findStaffRole(name);
    if (staff)
      return this.sign({ client_id: DEMO_WEB_CLIENT.clientId, ...personnelClaims(staff.staff, staff.role) });
    return this.sign({ client_id: DEMO_WEB_CLIENT.clientId, ...citizenClaims(name) });
  }

  choices(): SignInChoice[] {
    return signInChoices();
  }

  /** Starts an authorization code: the user picked `choiceKey` on the login page. */
  issueCode(
    choiceKey: string,
    clientId: string,
    redirectUri: string,
    codeChallenge: string,
  ): string | undefined {
    const choice = signInChoices().find((c) => c.key === choiceKey);
    if (!choice) return undefined;
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, {
      claims: choice.claims,
      clientId,
      redirectUri,
      codeChallenge,
      expires: Date.now() + 120_000,
    });
    return code;
  }

  /** Redeems an authorization code (PKCE S256). Codes are single use. */
  async redeemCode(
    code: string,
    clientId: string,
    redirectUri: string,
    verifier: string,
  ): Promise<string | undefined> {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (
      !pending ||
      pending.expires < Date.now() ||
      pending.clientId !== clientId ||
      pending.redirectUri !== redirectUri
    )
      return undefined;
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (challenge !== pending.codeChallenge) return undefined;
    return this.sign({ client_id: clientId, ...pending.claims });
  }

  /**
   * Client credentials with private_key_jwt (RFC 7523, SMART Backend Services): the assertion is signed by the
   * registered client's key, names the client as iss and sub and this token endpoint as aud, lives at most five
   * minutes and is used once. The token's scopes are those requested that the registration allows.
   */
  async clientCredentials(
    assertion: string,
    requestedScope: string | undefined,
  ): Promise<{ token: string; scope: string } | { error: string }> {
    let clientId: string | undefined;
    try {
      const [, payloadPart] = assertion.split('.');
      clientId = (
        JSON.parse(Buffer.from(payloadPart ?? '', 'base64url').toString('utf8')) as { iss?: string }
      ).iss;
    } catch {
      return { error: 'the client assertion is not a JWT' };
    }
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return { error: 'unknown client' };
    try {
      const { payload } = await jwtVerify(assertion, client.keys, {
        issuer: client.clientId,
        subject: client.clientId,
        audience: `${this.issuer}/token`,
        algorithms: ['ES256', 'ES384', 'RS256', 'RS384'],
        maxTokenAge: '5m',
        requiredClaims: ['exp', 'jti'],
      });
      if ((payload.exp ?? 0) - Math.floor(Date.now() / 1000) > 300)
        return { error: 'the assertion may live at most five minutes' };
      const jti = payload.jti as string;
      if (this.#usedAssertions.has(`${client.clientId}:${jti}`))
        return { error: 'the assertion was already used' };
      this.#usedAssertions.set(`${client.clientId}:${jti}`, payload.exp ?? 0);
    } catch (err) {
      return { error: `the client assertion is not valid: ${(err as Error).message}` };
    }
    const registered = parseSmartScopes(client.scopes);
    const requested = requestedScope ? parseSmartScopes(requestedScope) : registered;
    const granted = intersectScopes(requested, registered).map(formatScope);
    if (granted.length === 0) return { error: 'none of the requested scopes is registered for this client' };
    const token = await this.sign(this.#clientClaims(client, granted));
    return { token, scope: granted.join(' ') };
  }

  /** Machine tokens as HelseID issues them: client id and name, the client's organisation, the scopes. */
  #clientClaims(client: RegisteredClient, scope: string[]): Record<string, unknown> {
    return {
      client_id: client.clientId,
      scope,
      'helseid://claims/client/client_name': client.name,
      'helseid://claims/client/claims/orgnr_parent': DEMO_MUNICIPALITY.orgnr,
    };
  }
}
