import type { AksonError } from '@akson/fhir';
import type { Principal } from '../auth/principal.ts';
import type { AuditWriter } from './audit-writer.ts';
import { buildAuditEvent } from './audit-event.ts';

export interface RefusedCaller {
  /** The verified principal, when the token was valid and the register refused it; undefined for a 401. */
  readonly principal: Principal | undefined;
  readonly address: string | undefined;
  readonly method: string;
  /** The path asked for, without its query (which may carry anyone's national id). */
  readonly path: string;
  readonly error: AksonError;
  readonly requestId: string;
}

/**
 * Records a request refused before it had an actor (a missing, invalid or expired token; a token the register
 * refused): who as far as known, from where, what was asked, when and why. Like a read's record it is durable
 * before the response is sent.
 */
export function recordRefusedCaller(writer: AuditWriter, refused: RefusedCaller): Promise<void> {
  return writer.record([
    buildAuditEvent({
      actor: { kind: 'unresolved', principal: refused.principal, address: refused.address },
      interaction: 'login',
      outcome: '4',
      outcomeDescription: `${refused.method} ${refused.path}: ${refused.error.code}: ${refused.error.message}`,
      entities: [],
      flags: ['denied'],
      requestId: refused.requestId,
    }),
  ]);
}
