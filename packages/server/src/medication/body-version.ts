import { fail } from '@akson/fhir';
import type { ResourceInput } from '@akson/store';
import type { WriteRuleContext } from '../services/write-rules.ts';

/**
 * An update whose body names the version it was based on (meta.versionId) must be based on the current one.
 * The service turns the version a rule reads into the write's If-Match, which would otherwise let a stale body
 * overwrite a newer version silently; for the medication list that is exactly the failure to prevent.
 */
export function assertBodyVersion(resource: ResourceInput, context: WriteRuleContext): void {
  const stated = resource.meta?.['versionId'];
  const existing = context.existing;
  if (context.interaction !== 'update' || !existing || typeof stated !== 'string') return;
  if (!/^\d+$/.test(stated) || Number(stated) === existing.versionId) return;
  throw fail('AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT', {
    type: existing.type,
    id: existing.id,
    current: existing.versionId,
    expected: stated,
  });
}
