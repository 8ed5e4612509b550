import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export interface KeyPair {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
}

/**
 * An ES256 key pair, kept in a file when one is given (so demo tokens survive restarts and `akson token` can
 * sign with the same key as the running server), otherwise only in memory (tests).
 */
export async function loadOrCreateKeyPair(file: string | undefined, kid: string): Promise<KeyPair> {
  if (file && existsSync(file)) {
    const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
    const { d: _d, ...publicJwk } = privateJwk;
    return { kid: privateJwk.kid ?? kid, alg: 'ES256', privateKey, publicJwk, privateJwk };
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  const { d: _d, ...publicJwk } = privateJwk;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  return { kid, alg: 'ES256', privateKey, publicJwk, privateJwk };
}
