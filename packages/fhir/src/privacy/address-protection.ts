/**
 * Address protection from the population register (Folkeregisteret): `fortrolig` (code 7) and `strengt
 * fortrolig` (code 6). A protected address is marked with an Akson extension on the Address element; it is
 * never indexed for search and never shown to anyone but the citizen themself. What is shown instead keeps the
 * extension (so a screen can say "Adresse skjermet") and nothing that locates the person.
 *
 * What locates a person is more than the address element, so a Patient or RelatedPerson with a protected
 * address is shown without more (docs/record.md "Patients and relatives"):
 * - both levels: every protected Address, the addresses of `contact` persons (they are often the household;
 *   which of them live with the person cannot be told from the record), and the narrative (`text`, which may
 *   repeat the address);
 * - strengt fortrolig also: `telecom` and the contacts' `telecom`. The Folkeregister holds no phone numbers,
 *   but strengt fortrolig hides where the person lives from nearly every public user of the register, and a
 *   phone number is one lookup (a directory, a landline's subscriber address) away from an address.
 * Each hidden part is replaced by a stand-in carrying the protection extension, so an update that sends back
 * what it was shown keeps what it could not see (restoreProtectedAddresses).
 */

export const ADDRESS_PROTECTION_URL = 'https://akson.no/fhir/StructureDefinition/address-protection';
export const ADDRESS_PROTECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/address-protection';

export type AddressProtection = 'fortrolig' | 'strengt-fortrolig';

const REDACTED_TEXT: Record<AddressProtection, string> = {
  fortrolig: 'Adresse skjermet (fortrolig)',
  'strengt-fortrolig': 'Adresse skjermet (strengt fortrolig)',
};
const REDACTED_NARRATIVE: Record<AddressProtection, string> = {
  fortrolig: 'Adresse skjermet (fortrolig): den fortellende teksten vises ikke.',
  'strengt-fortrolig': 'Adresse skjermet (strengt fortrolig): den fortellende teksten vises ikke.',
};
const REDACTED_TELECOM = 'Kontaktinformasjon skjermet (strengt fortrolig adresse)';

/** The resource types whose protected address protects the person (and so their narrative and contacts). */
const PERSON_TYPES = new Set(['Patient', 'RelatedPerson']);

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
  const redacted = redact(resource);
  const level = personProtection(resource);
  return (level ? redactPerson(redacted as Record<string, unknown>, level) : redacted) as T;
}

/** The strictest protection of a Patient's or RelatedPerson's own addresses, if any. */
function personProtection(resource: unknown): AddressProtection | undefined {
  if (resource === null || typeof resource !== 'object') return undefined;
  const r = resource as Record<string, unknown>;
  if (!PERSON_TYPES.has(String(r['resourceType'])) || !Array.isArray(r['address'])) return undefined;
  const levels = (r['address'] as unknown[]).map(protectionOf);
  if (levels.includes('strengt-fortrolig')) return 'strengt-fortrolig';
  return levels.includes('fortrolig') ? 'fortrolig' : undefined;
}

const protectionExtension = (level: AddressProtection) => ({
  url: ADDRESS_PROTECTION_URL,
  valueCoding: { system: ADDRESS_PROTECTION_SYSTEM, code: level },
});

/** Whether an element is a stand-in this module made (it carries the protection extension). */
function isStandIn(element: unknown): boolean {
  if (element === null || typeof element !== 'object') return false;
  const extensions = (element as { extension?: unknown }).extension;
  return (
    Array.isArray(extensions) && (extensions as Extension[]).some((e) => e?.url === ADDRESS_PROTECTION_URL)
  );
}

function redactPerson(person: Record<string, unknown>, level: AddressProtection): Record<string, unknown> {
  const out: Record<string, unknown> = { ...person };
  const strict = level === 'strengt-fortrolig';
  if (out['text'] !== undefined && !isStandIn(out['text'])) {
    out['text'] = {
      extension: [protectionExtension(level)],
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${REDACTED_NARRATIVE[level]}</p></div>`,
    };
  }
  if (strict && Array.isArray(out['telecom']) && out['telecom'].length > 0)
    out['telecom'] = [telecomStandIn()];
  if (Array.isArray(out['contact'])) {
    out['contact'] = (out['contact'] as Record<string, unknown>[]).map((contact) => {
      if (contact === null || typeof contact !== 'object') return contact;
      const next: Record<string, unknown> = { ...contact };
      const address = next['address'];
      if (address !== undefined && !isRedactedAddress(address)) {
        const own = protectionOf(address) ?? level;
        next['address'] = redactedAddress(
          { ...(address as Record<string, unknown>), extension: [protectionExtension(own)] },
          own,
        );
      }
      if (strict && Array.isArray(next['telecom']) && next['telecom'].length > 0) {
        next['telecom'] = [telecomStandIn()];
      }
      return next;
    });
  }
  return out;
}

function telecomStandIn(): Record<string, unknown> {
  return {
    extension: [protectionExtension('strengt-fortrolig')],
    system: 'other',
    value: REDACTED_TELECOM,
  };
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
 * An update that sends back what it was shown must not erase what it could not see: each redacted stand-in in
 * `incoming.address` is replaced by the stored protected address it stands for (in order), and the stand-ins of
 * a protected person's narrative, telecom and contacts' addresses and telecom by what is stored (a contact by
 * its position). Sending something new in their place replaces them as usual.
 */
export function restoreProtectedAddresses(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): Record<string, unknown> {
  let out = restoreAddresses(incoming, stored);
  if (isStandIn(out['text'])) out = withStored(out, 'text', stored?.['text']);
  if (Array.isArray(out['telecom']) && out['telecom'].some(isStandIn)) {
    out = withStored(out, 'telecom', stored?.['telecom']);
  }
  if (Array.isArray(out['contact'])) {
    const storedContacts = Array.isArray(stored?.['contact']) ? (stored['contact'] as unknown[]) : [];
    out = {
      ...out,
      contact: (out['contact'] as unknown[]).map((contact, i) => {
        if (contact === null || typeof contact !== 'object') return contact;
        const previous = storedContacts[i] as Record<string, unknown> | undefined;
        let next = contact as Record<string, unknown>;
        if (isRedactedAddress(next['address'])) next = withStored(next, 'address', previous?.['address']);
        if (Array.isArray(next['telecom']) && next['telecom'].some(isStandIn)) {
          next = withStored(next, 'telecom', previous?.['telecom']);
        }
        return next;
      }),
    };
  }
  return out;
}

/** `key` set to what is stored, or left out when nothing is (a stand-in with nothing behind it). */
function withStored(element: Record<string, unknown>, key: string, stored: unknown): Record<string, unknown> {
  const { [key]: _standIn, ...rest } = element;
  return stored === undefined ? rest : { ...rest, [key]: stored };
}

function restoreAddresses(
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
