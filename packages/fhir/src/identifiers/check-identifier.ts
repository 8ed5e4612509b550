import { checkNationalId, type NationalIdProblem } from './national-id.ts';
import { isValidHprNumber } from './hpr-number.ts';
import { isValidOrganisationNumber } from './organisation-number.ts';
import { IDENTIFIER_SYSTEMS } from './systems.ts';

const NATIONAL_ID_TEXT: Record<NationalIdProblem, string> = {
  'not-11-digits': 'must be 11 digits',
  'control-digit': 'has wrong control digits',
  'invalid-date': 'does not contain a real date',
  'unexpected-kind': 'is a different kind of number than its system says',
  'invalid-individual-number': 'has an individual number that matches no birth year',
};

/**
 * Checks an identifier value against the rules of its Norwegian system. Returns a problem description, or
 * undefined when the value is fine or the system is not one we know rules for.
 */
export function checkIdentifier(system: string, value: string): string | undefined {
  switch (system) {
    case IDENTIFIER_SYSTEMS.fnr: {
      // The fødselsnummer system also carries H-numbers in some sources; accept only real fødselsnumre.
      const problem = checkNationalId(value, 'fnr');
      return problem && `Fødselsnummer ${NATIONAL_ID_TEXT[problem]}`;
    }
    case IDENTIFIER_SYSTEMS.dnr: {
      const problem = checkNationalId(value, 'dnr');
      return problem && `D-nummer ${NATIONAL_ID_TEXT[problem]}`;
    }
    case IDENTIFIER_SYSTEMS.fhn: {
      const problem = checkNationalId(value, 'fhn');
      return problem && `Felles hjelpenummer ${NATIONAL_ID_TEXT[problem]}`;
    }
    case IDENTIFIER_SYSTEMS.hpr:
      return isValidHprNumber(value) ? undefined : 'HPR number must be 1-9 digits without leading zero';
    case IDENTIFIER_SYSTEMS.orgnr:
      return isValidOrganisationNumber(value)
        ? undefined
        : 'Organisation number must be 9 digits with a valid mod-11 control digit';
    default:
      return undefined;
  }
}

/** Checks an H-number (local help number, month + 40). */
export function checkHNumber(value: string): string | undefined {
  const problem = checkNationalId(value, 'hnr');
  return problem && `H-nummer ${NATIONAL_ID_TEXT[problem]}`;
}
