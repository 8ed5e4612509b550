import { createHash } from 'node:crypto';
import { fail } from '@akson/fhir';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { principalFromClaims, type PrincipalKind } from './claims.ts';
import type { Principal } from './principal.ts';

export interface TrustedIssuer {
  readonly issuer: string;
  /** Key resolver: createRemoteJWKSet for real issuers, createLocalJWKSet for the development issuer. */
  readonly keys: JWTVerifyGetKey;
  readonly kinds: ReadonlySet<PrincipalKind>;
}

export interface VerifierOptions {
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
}

export interface Credentials {
  readonly scheme: 'Bearer' | 'DPoP';
  readonly token: string;
  /** The DPoP proof header, for DPoP-bound tokens. */
  readonly proof?: string;
  /** Method and absolute URL (without query) of the request, which a DPoP proof must name. */
  readonly method: string;
  readonly url: string;
}

export interface VerifiedToken {
  readonly principal: Principal;
  /** True the first time this process sees the token: an authentication event worth auditing. */
  readonly firstUse: boolean;
}

const CACHE_LIMIT = 50_000;
const PROOF_MAX_AGE_SECONDS = 60;

/**
 * Validates access tokens: algorithm allow-list (checked before any key is touched, so alg:none and HMAC
 * confusion never reach the crypto), signature against the issuer's keys, iss, aud, exp and nbf, then the
 * claims. A verified token is cached until it expires, so a busy client costs one signature check, not one
 * per request. DPoP-bound tokens (cnf.jkt, as HelseID issues them) must come with a valid proof.
 */
export class TokenVerifier {
  readonly #issuers: ReadonlyMap<string, TrustedIssuer>;
  readonly #options: VerifierOptions;
  readonly #cache = new Map<string, { principal: Principal; exp: number; jkt: string | undefined }>();
  readonly #seenProofs = new Map<string, number>();

  constructor(issuers: readonly TrustedIssuer[], options: VerifierOptions) {
    this.#issuers = new Map(issuers.map((i) => [i.issuer, i]));
    this.#options = options;
  }

  async verify(credentials: Credentials): Promise<VerifiedToken> {
    const now = Math.floor(Date.now() / 1000);
    const key = createHash('sha256').update(credentials.token).digest('base64url');
    const cached = this.#cache.get(key);
    if (cached && cached.exp > now) {
      this.#checkBinding(credentials, cached.jkt);
      if (cached.jkt) await this.#checkProof(credentials, cached.jkt);
      return { principal: cached.principal, firstUse: false };
    }
    const { payload, issuer } = await this.#verifySignature(credentials.token);
    const jkt = (payload['cnf'] as { jkt?: string } | undefined)?.jkt;
    this.#checkBinding(credentials, jkt);
    if (jkt) await this.#checkProof(credentials, jkt);
    const principal = principalFromClaims(payload, issuer.kinds);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { principal, exp: payload.exp ?? now, jkt });
    return { principal, firstUse: true };
  }

  async #verifySignature(token: string): Promise<{ payload: JWTPayload; issuer: TrustedIssuer }> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw fail('AKS_ERR_AUTH_INVALID', { reason: 'it is not a JSON Web Token' });
    }
    if (!header.alg || !this.#options.algorithms.includes(header.alg)) {
      throw fail('AKS_ERR_AUTH_INVALID', { reason: `algorithm ${header.alg ?? '(none)'} is not accepted` });
    }
    const issuer = unverified.iss ? this.#issuers.get(unverified.iss) : undefined;
    if (!issuer)
      throw fail('AKS_ERR_AUTH_INVALID', { reason: `issuer ${unverified.iss ?? '(none)'} is not trusted` });
    try {
      const { payload } = await jwtVerify(token, issuer.keys, {
        issuer: issuer.issuer,
        audience: this.#options.audience,
        algorithms: [...this.#options.algorithms],
        clockTolerance: this.#options.clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      return { payload, issuer };
    } catch (err) {
      throw fail('AKS_ERR_AUTH_INVALID', { reason: describeJoseError(err) }, { cause: err });
    }
  }

  /** The DPoP scheme is for DPoP-bound tokens only (RFC 9449 §7.1); a bound token must use it. */
  #checkBinding(credentials: Credentials, jkt: string | undefined): void {
    if (credentials.scheme === 'DPoP' && !jkt)
      throw fail('AKS_ERR_AUTH_INVALID', {
        reason: 'the DPoP scheme was used with a token that is not DPoP-bound',
      });
  }

  /** RFC 9449: the proof is signed by the key the token is bound to, names this request, and is fresh and unique. */
  async #checkProof(credentials: Credentials, jkt: string): Promise<void> {
    if (credentials.scheme !== 'DPoP' || !credentials.proof) {
      throw fail('AKS_ERR_AUTH_INVALID', {
        reason: 'the token is DPoP-bound: send it as "Authorization: DPoP" with a DPoP proof',
      });
    }
    let proof: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      proof = await jwtVerify(credentials.proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: [...this.#options.algorithms],
      });
    } catch (err) {
      throw fail('AKS_ERR_AUTH_INVALID', { reason: `DPoP proof: ${describeJoseError(err)}` });
    }
    const { payload, protectedHeader } = proof;
    const now = Math.floor(Date.now() / 1000);
    const ath = createHash('sha256').update(credentials.token).digest('base64url');
    const problems = [
      payload['htm'] !== credentials.method && 'htm does not match the method',
      payload['htu'] !== credentials.url && 'htu does not match the URL',
      (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > PROOF_MAX_AGE_SECONDS) &&
        'iat is not recent',
      payload['ath'] !== ath && 'ath does not match the token',
      !payload.jti && 'jti is missing',
    ].filter(Boolean);
    if (problems.length > 0)
      throw fail('AKS_ERR_AUTH_INVALID', { reason: `DPoP proof: ${problems.join(', ')}` });
    if (protectedHeader.jwk === undefined || (await calculateJwkThumbprint(protectedHeader.jwk)) !== jkt) {
      throw fail('AKS_ERR_AUTH_INVALID', {
        reason: 'DPoP proof is not signed by the key the token is bound to',
      });
    }
    this.#rememberProof(payload.jti as string, now);
  }

  #rememberProof(jti: string, now: number): void {
    if (this.#seenProofs.has(jti))
      throw fail('AKS_ERR_AUTH_INVALID', { reason: 'DPoP proof was already used' });
    if (this.#seenProofs.size > 100_000) {
      for (const [k, t] of this.#seenProofs)
        if (now - t > PROOF_MAX_AGE_SECONDS * 2) this.#seenProofs.delete(k);
    }
    this.#seenProofs.set(jti, now);
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'it has expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return `claim ${err.claim} is not valid (${err.reason})`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches it';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'its algorithm is not accepted';
  if (err instanceof Error) return err.message;
  return 'unknown reason';
}
