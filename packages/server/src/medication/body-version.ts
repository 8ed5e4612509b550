import { fail } from '@akson/fhir';
import type { ResourceInput } from '@akson/store';
import type { WriteRuleContext } from '../services/write-rules.ts';

/**
 * A change of a medication resource (line, prescription, administration) must say which version it was based
 * on, and that must be the current one: concurrent changes never overwrite each other silently (issue 5).
 *
 * - Neither If-Match nor meta.versionId: 428. The service would otherwise base the write on whatever version is
 *   current when it reads, so a clinician saving a form read an hour ago would overwrite a colleague's change
 *   without either of them knowing. A PATCH names its version only through If-Match (the patched body carries
 *   the current meta.versionId whatever the client read). Update-as-create (no current version) overwrites
 *   nothing and passes.
 * - meta.versionId naming another version: 409. The service turns the version a rule reads into the write's
 *   If-Match, which would otherwise let a stale body through; If-Match itself is checked by the store (412).
 */
export function assertBodyVersion(resource: ResourceInput, context: WriteRuleContext): void {
  const existing = context.existing;
  if (!existing || (context.interaction !== 'update' && context.interaction !== 'patch')) return;
  const stated = context.interaction === 'update' ? resource.meta?.['versionId'] : undefined;
  if (context.ifMatch === undefined && stated === undefined) {
    throw fail('AKS_ERR_RESOURCE_VERSION_REQUIRED', {
      type: existing.type,
      id: existing.id,
      current: existing.versionId,
    });
  }
  if (typeof stated !== 'string' || !/^\d+$/.test(stated) || Number(stated) === existing.versionId) return;
  throw fail('AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT', {
    type: existing.type,
    id: existing.id,
    current: existing.versionId,
    expected: stated,
  });
}
