/**
 * Municipal service types. Volven 8663 is the national list, but the copy we could verify has only 20 codes and
 * lacks several services Akson must tell apart (fastlege, home care, nursing home, mental health, physio, ergo,
 * midwife). Akson therefore codes services in its own system and maps to 8663 where a verified code exists
 * (docs/design/access-and-audit-reference.md §0.12). Tokens carrying 8663 codes are mapped back.
 */
export const SERVICE_SYSTEM = 'https://akson.no/fhir/CodeSystem/service-type';
export const VOLVEN_8663 = 'urn:oid:2.16.578.1.12.4.1.1.8663';

export type ServiceCode =
  | 'fastlege'
  | 'legevakt'
  | 'hjemmesykepleie'
  | 'sykehjem'
  | 'helsestasjon'
  | 'skolehelsetjeneste'
  | 'psykisk-helse-rus'
  | 'fysioterapi'
  | 'ergoterapi'
  | 'jordmor'
  | 'saksbehandling'
  | 'administrasjon';

export interface ServiceType {
  readonly code: ServiceCode;
  readonly display: string;
  /** Verified Volven 8663 code, if any. */
  readonly volven8663?: string;
}

export const SERVICE_TYPES: readonly ServiceType[] = [
  { code: 'fastlege', display: 'Fastlegetjeneste' },
  { code: 'legevakt', display: 'Legevakt', volven8663: 'KA02' },
  { code: 'hjemmesykepleie', display: 'Hjemmesykepleie', volven8663: 'KP02' },
  { code: 'sykehjem', display: 'Sykehjem', volven8663: 'KP01' },
  { code: 'helsestasjon', display: 'Helsestasjon', volven8663: 'KF01' },
  { code: 'skolehelsetjeneste', display: 'Skolehelsetjeneste', volven8663: 'KF01' },
  { code: 'psykisk-helse-rus', display: 'Psykisk helse og rus' },
  { code: 'fysioterapi', display: 'Fysioterapi' },
  { code: 'ergoterapi', display: 'Ergoterapi' },
  { code: 'jordmor', display: 'Jordmortjeneste' },
  { code: 'saksbehandling', display: 'Saksbehandling (tildeling)', volven8663: 'KD0501' },
  { code: 'administrasjon', display: 'Administrasjon' },
];

export function serviceType(code: string): ServiceType | undefined {
  return SERVICE_TYPES.find((s) => s.code === code);
}

export function serviceCoding(code: ServiceCode): { system: string; code: string; display: string }[] {
  const s = serviceType(code);
  if (!s) return [];
  const codings: { system: string; code: string; display: string }[] = [
    { system: SERVICE_SYSTEM, code: s.code, display: s.display },
  ];
  if (s.volven8663) codings.push({ system: VOLVEN_8663, code: s.volven8663, display: s.display });
  return codings;
}
