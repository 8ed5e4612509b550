import {
  ADDRESS_PROTECTION_SYSTEM,
  ADDRESS_PROTECTION_URL,
  parseFhirJson,
  protectionOf,
  restoreProtectedAddresses,
  type AddressProtection,
} from '@akson/fhir';
import { ALL, readCurrent } from '@akson/store';
import { searchForRule } from '../../services/rule-search.ts';
import type { WriteRule } from '../../services/write-rules.ts';

type Json = Record<string, unknown>;
interface Address {
  line?: string[];
  postalCode?: string;
  extension?: { url?: string }[];
}

/**
 * Everyone but the citizen is shown a stand-in for a protected address (access/request-access.ts `present`,
 * packages/fhir/src/privacy/address-protection.ts). A client that updates the Patient with what it was shown
 * must not erase the address it never saw: stand-ins are put back to what is stored here. (Sending a new
 * address replaces it as usual.)
 *
 * A relative who lives with a protected citizen has the citizen's address, and showing it would show where the
 * citizen lives: a RelatedPerson's address that is one of the patient's protected addresses carries the same
 * protection, whether the relative is written after the protection or the protection after the relative.
 */
const patientRule: WriteRule = {
  type: 'Patient',
  prepare(resource, context) {
    if (!context.existing?.content) return resource;
    return restoreProtectedAddresses(
      resource,
      parseFhirJson(context.existing.content) as Json,
    ) as typeof resource;
  },
  async afterWrite(written, context) {
    const protectedAddresses = protectedOf(written.resource as unknown as Json);
    if (protectedAddresses.length === 0) return;
    const relatives = await searchForRule(
      context,
      'RelatedPerson',
      [
        ['patient', `Patient/${written.id}`],
        ['_count', '200'],
      ],
      ALL,
    );
    for (const relative of relatives) {
      const marked = withProtection(relative, protectedAddresses);
      if (marked === relative) continue;
      const { meta: _meta, ...body } = marked;
      // Through the caller's own service: a caller who may not write the relative cannot protect them either,
      // and the protection must not be half done, so the whole write is refused then.
      await context.service.update(
        'RelatedPerson',
        String(relative['id']),
        body,
        { skipRules: true },
        context.tx,
      );
    }
  },
};

const relatedPersonRule: WriteRule = {
  type: 'RelatedPerson',
  async prepare(resource, context) {
    const restored = context.existing?.content
      ? (restoreProtectedAddresses(
          resource,
          parseFhirJson(context.existing.content) as Json,
        ) as typeof resource)
      : resource;
    const reference = (restored['patient'] as { reference?: string } | undefined)?.reference ?? '';
    const patientId = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference)?.[1];
    if (!patientId) return restored;
    const patient = await readCurrent(context.tx, 'Patient', patientId);
    if (!patient?.content || patient.deleted) return restored;
    return withProtection(restored, protectedOf(parseFhirJson(patient.content) as Json)) as typeof restored;
  },
};

export const PROTECTED_ADDRESS_RULES: readonly WriteRule[] = [patientRule, relatedPersonRule];

function protectedOf(patient: Json): { address: Address; level: AddressProtection }[] {
  const addresses = Array.isArray(patient['address']) ? (patient['address'] as Address[]) : [];
  return addresses.flatMap((address) => {
    const level = protectionOf(address);
    return level ? [{ address, level }] : [];
  });
}

/** The same place: the same street line(s), and the same postal code where both have one. */
function samePlace(a: Address, b: Address): boolean {
  const line = (x: Address) => (x.line ?? []).join(' ').toLowerCase().replace(/\s+/g, ' ').trim();
  if (line(a) === '' || line(a) !== line(b)) return false;
  return !a.postalCode || !b.postalCode || a.postalCode.trim() === b.postalCode.trim();
}

/** `relative` with the protection of each address it shares with the patient (the same object if none). */
function withProtection<T extends Json>(
  relative: T,
  protectedAddresses: { address: Address; level: AddressProtection }[],
): T {
  if (protectedAddresses.length === 0 || !Array.isArray(relative['address'])) return relative;
  let changed = false;
  const addresses = (relative['address'] as Address[]).map((address) => {
    if (protectionOf(address)) return address;
    const shared = protectedAddresses.find((p) => samePlace(address, p.address));
    if (!shared) return address;
    changed = true;
    return {
      ...address,
      extension: [
        ...(address.extension ?? []),
        {
          url: ADDRESS_PROTECTION_URL,
          valueCoding: { system: ADDRESS_PROTECTION_SYSTEM, code: shared.level },
        },
      ],
    };
  });
  return changed ? { ...relative, address: addresses } : relative;
}
