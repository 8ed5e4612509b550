import type { AksonConfig } from '../config/schema.ts';
import { DEV_CLIENT_RESTRICTIONS } from './dev-issuer/dev-issuer.ts';

/**
 * Whether a system client honours blocks (sperring), private and confidential entries, or is exempt from them.
 * The policy configured for the client decides (AKSON_CLIENT_POLICIES, default "honour"); a client only the
 * development issuer registers follows that registration (the demo migration job is exempt), in the same way
 * its scopes come from the registration when the configuration does not name it.
 */
export function clientRestrictions(config: AksonConfig, clientId: string): 'honour' | 'exempt' {
  if (Object.hasOwn(config.auth.clientPolicies, clientId))
    return config.auth.clientRestrictions[clientId] ?? 'honour';
  if (config.auth.devIssuer) return DEV_CLIENT_RESTRICTIONS.get(clientId) ?? 'honour';
  return 'honour';
}
