import { fail } from '@akson/fhir';
import type { FastifyRequest } from 'fastify';
import type { Credentials } from './token-verifier.ts';

/** Reads "Authorization: Bearer <token>" or "Authorization: DPoP <token>" (+ the DPoP proof header). */
export function credentialsOf(request: FastifyRequest, publicUrl: string): Credentials {
  const header = request.headers.authorization;
  if (!header) throw fail('AKS_ERR_AUTH_MISSING');
  const m = /^(Bearer|DPoP)\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/i.exec(header.trim());
  if (!m)
    throw fail('AKS_ERR_AUTH_INVALID', {
      reason: 'the Authorization header must be "Bearer <token>" or "DPoP <token>"',
    });
  const scheme = (m[1] as string).toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  const proof = request.headers['dpop'];
  return {
    scheme,
    token: m[2] as string,
    ...(typeof proof === 'string' ? { proof } : {}),
    method: request.method,
    url: `${publicUrl}${request.url.split('?')[0]}`,
  };
}
