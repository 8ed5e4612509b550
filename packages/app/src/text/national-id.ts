// Norwegian national ids the way the server checks them: the same pure module (packages/fhir/src/identifiers,
// no imports, no I/O), so the app and the server can never disagree about which numbers are valid.
import { parseNationalId, type NationalIdKind } from '../../../fhir/src/identifiers/national-id.ts';

export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
export const DNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.2';
export const FHN_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.3';
export const HNR_SYSTEM = 'https://akson.no/fhir/NamingSystem/h-nummer';

const SYSTEM_OF: Record<NationalIdKind, string> = {
  fnr: FNR_SYSTEM,
  dnr: DNR_SYSTEM,
  fhn: FHN_SYSTEM,
  hnr: HNR_SYSTEM,
};

export const KIND_LABEL: Record<NationalIdKind, string> = {
  fnr: 'fødselsnummer',
  dnr: 'D-nummer',
  fhn: 'felles hjelpenummer',
  hnr: 'H-nummer',
};

/**
 * An 11-digit number typed into a search: the identifier system to search it in (fødselsnummer, D-nummer, ...),
 * or, when its control digits or date are wrong, a Norwegian explanation (and no search).
 */
export function nationalIdQuery(
  value: string,
): { ok: true; system: string; kind: NationalIdKind } | { ok: false; problem: string } {
  const result = parseNationalId(value);
  if (result.ok) return { ok: true, system: SYSTEM_OF[result.id.kind], kind: result.id.kind };
  switch (result.problem) {
    case 'control-digit':
      return {
        ok: false,
        problem:
          'Nummeret er ikke et gyldig fødselsnummer eller D-nummer: kontrollsifrene stemmer ikke. Sjekk at du har skrevet det riktig.',
      };
    case 'invalid-date':
      return {
        ok: false,
        problem:
          'Nummeret er ikke gyldig: datoen i nummeret finnes ikke. Sjekk at du har skrevet det riktig.',
      };
    default:
      return { ok: false, problem: 'Nummeret er ikke et gyldig fødselsnummer eller D-nummer.' };
  }
}

/** The kind of a patient's national id from its identifier system, for labels ("D-nummer"). */
export function kindOfSystem(system: string | undefined): NationalIdKind | undefined {
  return (Object.entries(SYSTEM_OF) as [NationalIdKind, string][]).find(([, s]) => s === system)?.[0];
}
