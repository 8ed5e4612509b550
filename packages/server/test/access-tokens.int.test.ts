import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditDuring,
  errorCodeOf,
  signed,
  staffClaims,
  subtypeOf,
  type OperationOutcomeJson,
} from './access-test-helpers.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * Authentication over real HTTP: what a token must be to be accepted (signature by a trusted issuer, issuer,
 * audience, lifetime, algorithm), what the register then checks (a known person, security level 4, a unit they
 * work in, the category they have there), DPoP binding, and the development issuer's two grants.
 */

let t: TestServer;
/** The development issuer's real signing key, read from its key file: forged tokens differ in one thing only. */
let issuerKey: { privateKey: CryptoKey; kid: string; publicJwk: JWK };

beforeAll(async () => {
  t = await startTestServer();
  const jwk = JSON.parse(
    readFileSync(join(t.config.database.dataDir, 'dev-issuer', 'issuer-key.json'), 'utf8'),
  ) as JWK;
  const { d: _d, ...publicJwk } = jwk;
  issuerKey = { privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey, kid: jwk.kid as string, publicJwk };
});
afterAll(async () => {
  await t?.close();
});

const issuerUrl = (): string => `${t.url}/auth`;
/** Reference data every clinician may read: a request that succeeds for anyone the register accepts. */
const UNIT_PATH = 'Organization/hjemmesykepleien-nord';

const now = (): number => Math.floor(Date.now() / 1000);

/** A token signed with the issuer's real key, with every registered claim chosen by the test. */
async function withIssuerKey(
  claims: Record<string, unknown>,
  registered: { iss?: string; aud?: string; exp?: number; nbf?: number; iat?: number } = {},
): Promise<string> {
  return new SignJWT({
    ...claims,
    iss: registered.iss ?? issuerUrl(),
    aud: registered.aud ?? t.config.auth.audience,
    exp: registered.exp ?? now() + 600,
    iat: registered.iat ?? now(),
    ...(registered.nbf !== undefined ? { nbf: registered.nbf } : {}),
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'ES256', kid: issuerKey.kid, typ: 'at+jwt' })
    .sign(issuerKey.privateKey);
}

async function expectUnauthenticated(res: Response): Promise<OperationOutcomeJson> {
  const oo = await expectStatus<OperationOutcomeJson>(res, 401);
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(res.headers.get('www-authenticate')).toMatch(
    /^Bearer realm="akson", error="invalid_(token|request)"/,
  );
  return oo;
}

async function expectForbidden(res: Response): Promise<OperationOutcomeJson> {
  const oo = await expectStatus<OperationOutcomeJson>(res, 403);
  expect(oo.resourceType).toBe('OperationOutcome');
  return oo;
}

describe('a request without an acceptable token', () => {
  it('is refused with 401, WWW-Authenticate and an OperationOutcome when there is no token', async () => {
    const res = await t.fhir(UNIT_PATH, { token: null });
    const oo = await expectUnauthenticated(res);
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_MISSING');
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('accepts the same request with a valid token (the control for every case below)', async () => {
    await expectStatus(await t.fhir(UNIT_PATH, { token: await withIssuerKey(staffClaims('silje')) }), 200);
  });

  it('refuses a token signed with another key (same claims, same kid)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({
      ...staffClaims('silje'),
      iss: issuerUrl(),
      aud: t.config.auth.audience,
      exp: now() + 600,
      iat: now(),
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES256', kid: issuerKey.kid, typ: 'at+jwt' })
      .sign(privateKey);
    const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token: forged }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_INVALID');
  });

  it('refuses a valid signature whose payload was changed afterwards', async () => {
    const good = await withIssuerKey(staffClaims('silje'));
    const [h, , s] = good.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(good), name: 'Someone Else' })).toString(
      'base64url',
    );
    await expectUnauthenticated(await t.fhir(UNIT_PATH, { token: `${h}.${payload}.${s}` }));
  });

  it('refuses an issuer it does not trust, even signed with the right key', async () => {
    const oo = await expectUnauthenticated(
      await t.fhir(UNIT_PATH, {
        token: await withIssuerKey(staffClaims('silje'), { iss: 'https://helseid-sts.nhn.no' }),
      }),
    );
    expect(oo.issue[0]?.details?.text).toContain('not trusted');
  });

  it('refuses a token for another audience', async () => {
    const oo = await expectUnauthenticated(
      await t.fhir(UNIT_PATH, { token: await withIssuerKey(staffClaims('silje'), { aud: 'nhn:phr' }) }),
    );
    expect(oo.issue[0]?.details?.text).toContain('aud');
  });

  it('refuses an expired token (beyond the clock tolerance)', async () => {
    const token = await withIssuerKey(staffClaims('silje'), { exp: now() - 120, iat: now() - 3600 });
    const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
    expect(oo.issue[0]?.details?.text).toContain('expired');
  });

  it('refuses a token that is not valid yet (nbf an hour ahead)', async () => {
    const token = await withIssuerKey(staffClaims('silje'), { nbf: now() + 3600 });
    const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
    expect(oo.issue[0]?.details?.text).toContain('nbf');
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({
      ...staffClaims('silje'),
      iss: issuerUrl(),
      aud: t.config.auth.audience,
      iat: now(),
    })
      .setProtectedHeader({ alg: 'ES256', kid: issuerKey.kid })
      .sign(issuerKey.privateKey);
    await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
  });

  it('refuses alg "none" (unsigned)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        ...staffClaims('silje'),
        iss: issuerUrl(),
        aud: t.config.auth.audience,
        exp: now() + 600,
        iat: now(),
      }),
    ).toString('base64url');
    const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token: `${header}.${payload}.` }));
    expect(oo.issue[0]?.details?.text).toContain('none');
  });

  it('refuses HS256 signed with the issuer public key as the HMAC secret (key confusion)', async () => {
    const pem = createPublicKey({ key: issuerKey.publicJwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    }) as string;
    for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(issuerKey.publicJwk))]) {
      const token = await new SignJWT({
        ...staffClaims('silje'),
        iss: issuerUrl(),
        aud: t.config.auth.audience,
        exp: now() + 600,
        iat: now(),
      })
        .setProtectedHeader({ alg: 'HS256', kid: issuerKey.kid })
        .sign(new Uint8Array(secret));
      const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
      expect(oo.issue[0]?.details?.text).toContain('HS256');
    }
  });

  it('refuses malformed Authorization headers', async () => {
    for (const header of [
      'Basic c2lsamU6aGVtbWVsaWc=',
      'Bearer',
      'Bearer not-a-token',
      'Bearer a.b',
      'Bearer eyJhbGciOiJFUzI1NiJ9.e30.%%%',
      'Token abc.def.ghi',
    ]) {
      const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { headers: { authorization: header } }));
      expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_INVALID');
    }
    // Three base64url parts that are not JSON.
    await expectUnauthenticated(
      await t.fhir(UNIT_PATH, { headers: { authorization: 'Bearer abc.def.ghi' } }),
    );
  });

  it('refuses a token that names neither a person nor a client with 401', async () => {
    const oo = await expectUnauthenticated(
      await t.fhir(UNIT_PATH, { token: await signed(t, { name: 'Nobody' }) }),
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_CLAIMS');
  });

  it('refuses a personnel token whose pid is not a national id number', async () => {
    const oo = await expectUnauthenticated(
      await t.fhir(UNIT_PATH, {
        token: await signed(t, { ...staffClaims('silje'), 'helseid://claims/identity/pid': 'abc' }),
      }),
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_CLAIMS');
  });
});

describe('a valid token checked against the register', () => {
  it('refuses a person who is not registered as health personnel with 403', async () => {
    const claims = {
      ...staffClaims('silje'),
      'helseid://claims/identity/pid': '01017012345',
      name: 'Ukjent Person',
    };
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token: await signed(t, claims) }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_DENIED');
  });

  it('refuses security level 3 with 403 (for someone not signed in before)', async () => {
    const claims = { ...staffClaims('lars'), 'helseid://claims/identity/security_level': '3' };
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token: await signed(t, claims) }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_ASSURANCE');
  });

  it('refuses a token without a security level with 403', async () => {
    const { 'helseid://claims/identity/security_level': _level, ...claims } = staffClaims('ingeborg');
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token: await signed(t, claims) }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_ASSURANCE');
  });

  it('refuses security level 3 even right after the same person signed in at level 4', async () => {
    await expectStatus(await t.fhir(UNIT_PATH, { token: await signed(t, staffClaims('randi')) }), 200);
    const claims = { ...staffClaims('randi'), 'helseid://claims/identity/security_level': '3' };
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token: await signed(t, claims) }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_AUTH_ASSURANCE');
  });

  it('refuses a staff member acting for a unit they do not work in (attest department) with 403', async () => {
    const oo = await expectForbidden(
      await t.fhir(UNIT_PATH, {
        token: await signed(t, staffClaims('silje', { unit: 'lillesand-legevakt' })),
      }),
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_UNIT');
  });

  it('refuses a staff member naming another unit only by orgnr_child with 403', async () => {
    const { 'nhn:tillitsrammeverk:parameters': _attest, ...claims } = staffClaims('silje');
    const token = await signed(t, { ...claims, 'helseid://claims/client/claims/orgnr_child': '922415048' });
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_UNIT');
  });

  it('asks someone with several units who names none to choose (403)', async () => {
    const {
      'nhn:tillitsrammeverk:parameters': _attest,
      'helseid://claims/client/claims/orgnr_child': _child,
      ...claims
    } = staffClaims('moen');
    const oo = await expectForbidden(await t.fhir(UNIT_PATH, { token: await signed(t, claims) }));
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_UNIT');
  });

  it('refuses a personnel category that contradicts the register with 403', async () => {
    // Silje is registered as a nurse (SP); a token that says doctor (LE) would let her prescribe.
    const oo = await expectForbidden(
      await t.fhir(UNIT_PATH, { token: await signed(t, staffClaims('silje', { category: 'LE' })) }),
    );
    expect(errorCodeOf(oo)).toBe('AKS_ERR_ACCESS_DENIED');
    expect(oo.issue[0]?.details?.text).toContain('LE');
  });
});

describe('DPoP-bound tokens', () => {
  let key: { privateKey: CryptoKey; jwk: JWK };
  let token: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(pair.publicKey);
    key = { privateKey: pair.privateKey, jwk };
    token = await signed(t, { ...staffClaims('ingeborg'), cnf: { jkt: await calculateJwkThumbprint(jwk) } });
  });

  async function proof(
    options: {
      method?: string;
      url?: string;
      jti?: string;
      iat?: number;
      signer?: { privateKey: CryptoKey; jwk: JWK };
      accessToken?: string;
    } = {},
  ): Promise<string> {
    const signer = options.signer ?? key;
    return new SignJWT({
      htm: options.method ?? 'GET',
      htu: options.url ?? `${t.base}/${UNIT_PATH}`,
      iat: options.iat ?? now(),
      ath: createHash('sha256')
        .update(options.accessToken ?? token)
        .digest('base64url'),
      jti: options.jti ?? randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.jwk })
      .sign(signer.privateKey);
  }

  const dpop = async (p: string, url = UNIT_PATH): Promise<Response> =>
    t.fhir(url, { headers: { authorization: `DPoP ${token}`, dpop: p } });

  it('refuses the bound token sent as a plain bearer token', async () => {
    const oo = await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
    expect(oo.issue[0]?.details?.text).toContain('DPoP');
  });

  it('accepts it with a valid proof', async () => {
    await expectStatus(await dpop(await proof()), 200);
    // Again with a new proof (the token is now cached: the proof is still required).
    await expectStatus(await dpop(await proof()), 200);
  });

  it('refuses the bound token as a bearer token after it was accepted once (cached)', async () => {
    await expectUnauthenticated(await t.fhir(UNIT_PATH, { token }));
  });

  it('refuses a proof made for another URL or method', async () => {
    await expectUnauthenticated(
      await dpop(await proof({ url: `${t.base}/Organization/lillesand-legevakt` })),
    );
    await expectUnauthenticated(await dpop(await proof({ method: 'POST' })));
  });

  it('refuses a replayed proof', async () => {
    const p = await proof();
    await expectStatus(await dpop(p), 200);
    const oo = await expectUnauthenticated(await dpop(p));
    expect(oo.issue[0]?.details?.text).toContain('already used');
  });

  it('refuses a proof signed by another key', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    const oo = await expectUnauthenticated(
      await dpop(
        await proof({ signer: { privateKey: other.privateKey, jwk: await exportJWK(other.publicKey) } }),
      ),
    );
    expect(oo.issue[0]?.details?.text).toContain('bound');
  });

  it('refuses a proof for another access token (ath), a stale proof, and a missing proof', async () => {
    await expectUnauthenticated(await dpop(await proof({ accessToken: 'another-token' })));
    await expectUnauthenticated(await dpop(await proof({ iat: now() - 600 })));
    await expectUnauthenticated(await t.fhir(UNIT_PATH, { headers: { authorization: `DPoP ${token}` } }));
  });
});

describe('client credentials with private_key_jwt', () => {
  const CLIENT = 'lillesand-migrering';

  async function assertion(
    options: { key?: CryptoKey; kid?: string; iss?: string; aud?: string; exp?: number; jti?: string } = {},
  ): Promise<string> {
    const issuer = t.server.app.akson.devIssuer;
    if (!issuer) throw new Error('no development issuer');
    return new SignJWT({ jti: options.jti ?? randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? issuer.clientKey.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? CLIENT)
      .setSubject(options.iss ?? CLIENT)
      .setAudience(options.aud ?? `${t.url}/auth/token`)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? now() + 240)
      .sign(options.key ?? issuer.clientKey.privateKey);
  }

  async function tokenRequest(form: Record<string, string>): Promise<Response> {
    return fetch(`${t.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  const credentials = (clientAssertion: string, scope?: string): Record<string, string> => ({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
    ...(scope ? { scope } : {}),
  });

  async function expectInvalidClient(res: Response): Promise<void> {
    const body = await expectStatus<{ error: string }>(res, 401);
    expect(body.error).toBe('invalid_client');
  }

  it('issues a token that works on /fhir', async () => {
    const res = await tokenRequest(credentials(await assertion()));
    const body = await expectStatus<{ access_token: string; token_type: string; scope: string }>(res, 200);
    expect(body.token_type).toBe('Bearer');
    expect(body.scope).toBe('system/*.cruds');
    expect(res.headers.get('cache-control')).toBe('no-store');
    await expectStatus(await t.fhir('Patient?_count=1', { token: body.access_token }), 200);
  });

  it('grants only requested scopes within the registration', async () => {
    const body = await expectStatus<{ access_token: string; scope: string }>(
      await tokenRequest(credentials(await assertion(), 'system/Patient.rs')),
      200,
    );
    expect(body.scope).toBe('system/Patient.rs');
    await expectStatus(await t.fhir('Patient?_count=1', { token: body.access_token }), 200);
    await expectStatus(await t.fhir('Observation?_count=1', { token: body.access_token }), 403);
  });

  it('refuses a replayed assertion', async () => {
    const a = await assertion();
    await expectStatus(await tokenRequest(credentials(a)), 200);
    await expectInvalidClient(await tokenRequest(credentials(a)));
  });

  it('refuses an assertion signed with another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await expectInvalidClient(await tokenRequest(credentials(await assertion({ key: privateKey }))));
  });

  it('refuses an assertion that lives longer than five minutes', async () => {
    await expectInvalidClient(await tokenRequest(credentials(await assertion({ exp: now() + 3600 }))));
  });

  it('refuses an unknown client, a wrong audience, and no assertion at all', async () => {
    await expectInvalidClient(await tokenRequest(credentials(await assertion({ iss: 'unknown-client' }))));
    await expectInvalidClient(
      await tokenRequest(credentials(await assertion({ aud: 'https://helseid-sts.nhn.no' }))),
    );
    await expectInvalidClient(await tokenRequest({ grant_type: 'client_credentials' }));
    await expectInvalidClient(await tokenRequest(credentials('not.a.jwt')));
  });

  it('refuses a client assertion signed with the issuer public key as an HMAC secret', async () => {
    const issuer = t.server.app.akson.devIssuer;
    if (!issuer) throw new Error('no development issuer');
    const secret = new TextEncoder().encode(JSON.stringify(issuer.clientKey.publicJwk));
    const hs = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.clientKey.kid })
      .setIssuer(CLIENT)
      .setSubject(CLIENT)
      .setAudience(`${t.url}/auth/token`)
      .setIssuedAt()
      .setExpirationTime(now() + 60)
      .sign(secret);
    await expectInvalidClient(await tokenRequest(credentials(hs)));
  });
});

describe('authorization code with PKCE through the login page', () => {
  const redirectUri = (): string => `${t.url}/app/callback`;

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  const unescapeHtml = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  /** Opens the login page and picks a user the way a browser would: that user's form, hidden fields included. */
  async function signIn(
    choice: string,
    challenge: string,
    state: string,
  ): Promise<{ code: string; state: string | null }> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'akson-web',
      redirect_uri: redirectUri(),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const page = await fetch(`${t.url}/auth/authorize?${query}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const form = html.split('<form').find((f) => f.includes(`name="choice" value="${choice}"`));
    if (!form) throw new Error(`the login page has no choice ${choice}`);
    const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      unescapeHtml(m[1] as string),
      unescapeHtml(m[2] as string),
    ]);
    const res = await fetch(`${t.url}/auth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri());
    return { code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') };
  }

  const redeem = (code: string, verifier: string): Promise<Response> =>
    fetch(`${t.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: 'akson-web',
        redirect_uri: redirectUri(),
        code_verifier: verifier,
      }).toString(),
    });

  it('lists the demo users on the login page', async () => {
    const { challenge } = pkce();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'akson-web',
      redirect_uri: redirectUri(),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const html = await (await fetch(`${t.url}/auth/authorize?${query}`)).text();
    for (const name of ['Silje Nilsen', 'Eirik Berg', 'Hilde Strand', 'Ingrid Fjeld'])
      expect(html).toContain(name);
    expect(html).toContain('value="silje@hjemmesykepleien-nord"');
    expect(html).toContain('value="berg@solglott-avd-2"');
  });

  it('refuses an authorization request without PKCE or with a foreign redirect', async () => {
    const base = { response_type: 'code', client_id: 'akson-web', redirect_uri: redirectUri() };
    expect((await fetch(`${t.url}/auth/authorize?${new URLSearchParams(base)}`)).status).toBe(400);
    const { challenge } = pkce();
    const foreign = {
      ...base,
      redirect_uri: 'https://evil.example/cb',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    expect((await fetch(`${t.url}/auth/authorize?${new URLSearchParams(foreign)}`)).status).toBe(400);
  });

  it('signs Silje in, and the token acts as her at her unit', async () => {
    const { verifier, challenge } = pkce();
    const { code, state } = await signIn('silje@hjemmesykepleien-nord', challenge, 'st-1');
    expect(state).toBe('st-1');
    const body = await expectStatus<{ access_token: string; token_type: string }>(
      await redeem(code, verifier),
      200,
    );
    const events = await auditDuring(
      t,
      async () => expectStatus(await t.fhir(UNIT_PATH, { token: body.access_token }), 200),
      { logins: true },
    );
    const login = events.find((e) => subtypeOf(e) === 'login');
    expect(login?.event.agent[0]?.name).toBe('Silje Nilsen');
    expect(login?.event.contained?.find((c) => c.resourceType === 'Organization')?.name).toBe(
      'Hjemmesykepleien sone Nord',
    );
  });

  it('refuses a wrong code verifier', async () => {
    const { challenge } = pkce();
    const { code } = await signIn('silje@hjemmesykepleien-nord', challenge, 'st-2');
    const body = await expectStatus<{ error: string }>(await redeem(code, pkce().verifier), 400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses a code used twice', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await signIn('berg@solglott-avd-2', challenge, 'st-3');
    await expectStatus(await redeem(code, verifier), 200);
    const body = await expectStatus<{ error: string }>(await redeem(code, verifier), 400);
    expect(body.error).toBe('invalid_grant');
  });
});
