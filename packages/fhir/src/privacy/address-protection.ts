/**
 * Address protection from the population register (Folkeregisteret): `fortrolig` (code 7) and `strengt
 * fortrolig` (code 6). A protected address is marked with an Akson extension on the Address element; it is
 * never indexed for search and never shown to anyone but the citizen themself. What is shown instead keeps the
 * extension (so a screen can say "Adresse skjermet") and nothing that locates the person.
 */

export const ADDRESS_PROTECTION_URL = 'https://akson.no/fhir/StructureDefinition/address-protection';
export const ADDRESS_PROTECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/address-protection';

export type AddressProtection = 'fortrolig' | 'strengt-fortrolig';

const REDACTED_TEXT: Record<AddressProtection, string> = {
  fortrolig: 'Adresse skjermet (fortrolig)',
  'strengt-fortrolig': 'Adresse skjermet (strengt fortrolig)',
};

/** Fields of an Address that locate the person (everything but use, type and extensions). */
const LOCATING_FIELDS = ['text', 'line', 'city', 'district', 'state', 'postalCode', 'country', 'period'];

interface Extension {
  url?: string;
  valueCoding?: { code?: string };
  valueCode?: string;
}

/** The protection level an Address element carries, if any. */
export function protectionOf(address: unknown): AddressProtection | undefined {
  if (address === null || typeof address !== 'object') return undefined;
  const extensions = (address as { extension?: unknown }).extension;
  if (!Array.isArray(extensions)) return undefined;
  for (const e of extensions as Extension[]) {
    if (e?.url !== ADDRESS_PROTECTION_URL) continue;
    const code = e.valueCoding?.code ?? e.valueCode;
    // An unknown level is treated as the strictest: protection must never fail open.
    return code === 'fortrolig' ? 'fortrolig' : 'strengt-fortrolig';
  }
  return undefined;
}

/** Cheap pre-check on stored JSON text: only resources mentioning the extension need the walk. */
export function mayHaveProtectedAddress(json: string): boolean {
  return json.includes(ADDRESS_PROTECTION_URL);
}

/** Whether an Address element is a redacted stand-in (carries protection, locates nothing). */
export function isRedactedAddress(address: unknown): boolean {
  if (protectionOf(address) === undefined) return false;
  const a = address as Record<string, unknown>;
  return LOCATING_FIELDS.every((f) => f === 'text' || a[f] === undefined);
}

/**
 * A copy of `resource` in which every protected Address element (wherever it sits: Patient.address,
 * RelatedPerson.address, contained resources) keeps only its use, type and the protection extension, plus a
 * text saying it is protected. Returns the same object when nothing is protected.
 */
export function redactProtectedAddresses<T>(resource: T): T {
  return redact(resource) as T;
}

function redact(node: unknown): unknown {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((item) => {
      const next = redact(item);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : node;
  }
  if (node === null || typeof node !== 'object') return node;
  const level = protectionOf(node);
  if (level) return redactedAddress(node as Record<string, unknown>, level);
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const next = redact(value);
    if (next !== value) (copy ??= { ...(node as Record<string, unknown>) })[key] = next;
  }
  return copy ?? node;
}

function redactedAddress(
  address: Record<string, unknown>,
  level: AddressProtection,
): Record<string, unknown> {
  // Other extensions go too: HL7 Norway's municipality and urban-district codes on an address locate the person.
  const out: Record<string, unknown> = {
    extension: (address['extension'] as Extension[]).filter((e) => e?.url === ADDRESS_PROTECTION_URL),
  };
  if (address['use'] !== undefined) out['use'] = address['use'];
  if (address['type'] !== undefined) out['type'] = address['type'];
  out['text'] = REDACTED_TEXT[level];
  return out;
}

/**
 * An update that sends back what it was shown must not erase the protected address it could not see: each
 * redacted stand-in in `incoming.address` is replaced by the stored protected address it stands for (in order).
 * Only Patient/RelatedPerson-style top-level `address` arrays are restored.
 */
export function restoreProtectedAddresses(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const addresses = incoming['address'];
  if (!Array.isArray(addresses) || !addresses.some(isRedactedAddress)) return incoming;
  const protectedStored = (Array.isArray(stored?.['address']) ? (stored['address'] as unknown[]) : []).filter(
    (a) => protectionOf(a) !== undefined,
  );
  let next = 0;
  const restored = addresses.flatMap((a) => {
    if (!isRedactedAddress(a)) return [a];
    const original = protectedStored[next++];
    // A stand-in with nothing behind it carries no address: drop it rather than store an empty one.
    return original ? [original] : [];
  });
  return { ...incoming, address: restored };
}
