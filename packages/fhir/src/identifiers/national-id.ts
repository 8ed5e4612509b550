/**
 * Norwegian person identifiers: fødselsnummer, D-nummer, H-nummer and felles hjelpenummer (FHN).
 *
 * Rules (Skatteetaten; KITH/HIS 1001:2010; DOMAIN.md §3):
 * - 11 digits DDMMYYIIIC1C2. Weights k1 = 3,7,6,1,8,9,4,5,2 over digits 1-9, k2 = 5,4,3,2,7,6,5,4,3,2 over 1-10.
 * - (Σ k1·d + d10) mod 11 is 0 for numbers issued before 2032, and 0-3 for numbers issued from 2032. From 2032
 *   numbers are gender-neutral, so neither gender nor birth date may be derived from a number that uses the
 *   new rule. We cannot tell which rule a remainder-0 number follows, so we accept 0-3 and derive nothing
 *   unless the remainder is 0 and the caller asks.
 * - (Σ k2·d + d11) mod 11 must be 0.
 * - D-nummer: day + 40. H-nummer: month + 40. Synthetic test numbers (Tenor): month + 80.
 * - FHN: first digit 8 or 9, the rest random, control digits as above.
 */

export type NationalIdKind = 'fnr' | 'dnr' | 'hnr' | 'fhn';

export interface NationalId {
  readonly value: string;
  readonly kind: NationalIdKind;
  /** Synthetic test number (month + 80), as used in test environments. */
  readonly synthetic: boolean;
  /** Birth date (YYYY-MM-DD), only where the number follows the pre-2032 rule and the date is meaningful. */
  readonly birthDate: string | undefined;
  /** Administrative gender from the individual number, only for pre-2032-rule numbers. */
  readonly gender: 'male' | 'female' | undefined;
}

export type NationalIdProblem =
  'not-11-digits' | 'control-digit' | 'invalid-date' | 'unexpected-kind' | 'invalid-individual-number';

export type ParseResult = { ok: true; id: NationalId } | { ok: false; problem: NationalIdProblem };

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i] ?? 0) * (digits[i] ?? 0);
  return sum;
}

/** Remainder of the first control check; 0 means the pre-2032 rule, 1-3 the rule from 2032. */
function firstControlRemainder(digits: readonly number[]): number {
  return (weightedSum(digits, K1) + (digits[9] ?? 0)) % 11;
}

function controlDigitsValid(digits: readonly number[]): { valid: boolean; legacyRule: boolean } {
  const r1 = firstControlRemainder(digits);
  const r2 = (weightedSum(digits, K2) + (digits[10] ?? 0)) % 11;
  return { valid: r1 <= 3 && r2 === 0, legacyRule: r1 === 0 };
}

/** Century from the individual number and two-digit year (Skatteetaten's series). */
function fullYear(yy: number, individual: number): number | undefined {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return undefined;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

export function parseNationalId(value: string): ParseResult {
  if (!/^\d{11}$/.test(value)) return { ok: false, problem: 'not-11-digits' };
  const digits = [...value].map(Number);
  const { valid, legacyRule } = controlDigitsValid(digits);
  if (!valid) return { ok: false, problem: 'control-digit' };

  const first = digits[0] ?? 0;
  const rawDay = Number(value.slice(0, 2));
  const rawMonth = Number(value.slice(2, 4));
  if (first >= 8) {
    // FHN: first digit 8 or 9, no meaning in the rest.
    return {
      ok: true,
      id: { value, kind: 'fhn', synthetic: false, birthDate: undefined, gender: undefined },
    };
  }

  let kind: NationalIdKind = 'fnr';
  let day = rawDay;
  let month = rawMonth;
  let synthetic = false;
  if (day > 40) {
    kind = 'dnr';
    day -= 40;
  }
  if (month > 80) {
    synthetic = true;
    month -= 80;
  } else if (month > 40) {
    if (kind === 'dnr') return { ok: false, problem: 'invalid-date' };
    kind = 'hnr';
    month -= 40;
  }
  const individual = Number(value.slice(6, 9));
  const year = fullYear(Number(value.slice(4, 6)), individual);
  if (year === undefined) return { ok: false, problem: 'invalid-individual-number' };
  if (!isRealDate(year, month, day)) return { ok: false, problem: 'invalid-date' };

  const birthDate = legacyRule
    ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : undefined;
  const gender = legacyRule ? ((digits[8] ?? 0) % 2 === 1 ? 'male' : 'female') : undefined;
  return { ok: true, id: { value, kind, synthetic, birthDate, gender } };
}

/** Validates a number claimed to be of a given kind (for example a value in the D-nummer system). */
export function checkNationalId(value: string, expected: NationalIdKind): NationalIdProblem | undefined {
  const result = parseNationalId(value);
  if (!result.ok) return result.problem;
  return result.id.kind === expected ? undefined : 'unexpected-kind';
}

/** Computes the two control digits for nine leading digits using the pre-2032 rule (undefined if impossible). */
export function controlDigitsFor(nine: string): string | undefined {
  if (!/^\d{9}$/.test(nine)) return undefined;
  const d = [...nine].map(Number);
  const c1 = (11 - (weightedSum(d, K1) % 11)) % 11;
  if (c1 === 10) return undefined;
  const c2 = (11 - (weightedSum([...d, c1], K2) % 11)) % 11;
  if (c2 === 10) return undefined;
  return `${c1}${c2}`;
}
