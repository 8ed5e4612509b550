import { ALL } from '@akson/store';
import type { AccessContext } from './access-context.ts';

/**
 * Full access, for code that runs as the platform itself (migrations, seeding the demo, the audit writer):
 * never reachable from a request.
 */
export function platformAccess(label = 'platform'): AccessContext {
  return {
    subjectLabel: label,
    scope: ALL,
    canRead: () => true,
    authorizeWrite: () => undefined,
    accessTags: () => [],
  };
}
