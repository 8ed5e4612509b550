import { parseFhirJson, restoreProtectedAddresses } from '@akson/fhir';
import type { WriteRule } from '../../services/write-rules.ts';

/**
 * Everyone but the citizen is shown a stand-in for a protected address (access/request-access.ts `present`).
 * A client that updates the Patient with what it was shown must not erase the address it never saw: stand-ins
 * are put back to the stored address here. (Sending a new address replaces it as usual.)
 */
function restoringRule(type: string): WriteRule {
  return {
    type,
    prepare(resource, context) {
      if (!context.existing?.content) return resource;
      const stored = parseFhirJson(context.existing.content) as Record<string, unknown>;
      return restoreProtectedAddresses(resource, stored) as typeof resource;
    },
  };
}

export const PROTECTED_ADDRESS_RULES: readonly WriteRule[] = [
  restoringRule('Patient'),
  restoringRule('RelatedPerson'),
];
