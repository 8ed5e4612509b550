// ATC codes: normalisation, levels and the prefixes a code belongs to.
// Levels by length: 1 = anatomical group (N), 2 = N06, 3 = N06A, 4 = N06AB, 5 = N06AB04.

import { ATC_OID_SYSTEM, ATC_SYSTEM } from './code-systems.ts';

const ATC_PATTERN = /^[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?$/;
const LEVEL_LENGTHS = [1, 3, 4, 5, 7] as const;

export type AtcLevel = 1 | 2 | 3 | 4 | 5;

/** Upper-cases and trims; returns undefined when the text is not a well-formed ATC code at any level. */
export function normalizeAtc(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const upper = code.trim().toUpperCase();
  return ATC_PATTERN.test(upper) ? upper : undefined;
}

export function atcLevel(code: string): AtcLevel | undefined {
  const index = LEVEL_LENGTHS.indexOf(code.length as (typeof LEVEL_LENGTHS)[number]);
  return index < 0 ? undefined : ((index + 1) as AtcLevel);
}

/** All codes from level 1 up to the code itself: N06AB04 → N, N06, N06A, N06AB, N06AB04. */
export function atcPrefixes(code: string): string[] {
  const prefixes: string[] = [];
  for (const length of LEVEL_LENGTHS) {
    if (length > code.length) break;
    prefixes.push(code.slice(0, length));
  }
  return prefixes;
}

/** The code at a given (coarser) level, or undefined when the code is not that detailed. */
export function atcAtLevel(code: string, level: AtcLevel): string | undefined {
  const length = LEVEL_LENGTHS[level - 1];
  return length !== undefined && code.length >= length ? code.slice(0, length) : undefined;
}

/** True when `group` is `code` itself or one of its ancestors (group N06AB contains N06AB04). */
export function atcContains(group: string, code: string): boolean {
  return code.startsWith(group);
}

export function isAtcSystem(system: string | undefined): boolean {
  return system === ATC_SYSTEM || system === ATC_OID_SYSTEM;
}

/**
 * Combination products whose ATC code (C10B: lipid modifying agents, combinations) does not start with the code
 * of the substances in them: an interaction or a duplicate of simvastatin is one of simvastatin + ezetimibe too.
 * FEST lists such combination codes in its substance groups; Akson's sample catalogue lists substances, so the
 * check also looks a combination up under its components. WHO ATC index; extend as combinations are needed.
 */
const COMBINATION_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  C10BA02: ['C10AA01', 'C10AX09'], // simvastatin og ezetimib
};

/** The substances of a combination product's ATC code (none for a single substance). */
export function atcComponents(code: string): readonly string[] {
  return COMBINATION_COMPONENTS[code] ?? [];
}
