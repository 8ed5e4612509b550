import type { AksonConfig } from '../config/schema.ts';
import type { AppIssuer } from './app-config.ts';

/**
 * Headers for everything the web app is served with. The Content-Security-Policy allows only the app's own
 * origin and the issuers' origins (the token endpoint is called from the page): no inline scripts, no other
 * hosts, no framing (the record must not be clickjacked).
 */
export function webSecurityHeaders(
  config: AksonConfig,
  issuers: readonly AppIssuer[],
): Record<string, string> {
  const issuerOrigins = [...new Set(issuers.map((i) => new URL(i.issuer).origin))].filter(
    (origin) => origin !== new URL(config.publicUrl).origin,
  );
  const connect = ["'self'", ...issuerOrigins].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    `form-action 'self' ${issuerOrigins.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(config.publicUrl.startsWith('https:')
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}
