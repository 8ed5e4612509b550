// Converting an amount of a medicine between dose units: g and mg and mikrogram always; a countable unit
// (tablett, kapsel) and a mass only through the product's strength per unit. Anything else (ml and mg, IE and
// mg, tablett and kapsel) is not converted: the caller reports it as not assessable rather than guessing.

import { findDoseUnit } from './dose-units.ts';

/** Active substance per one countable unit of the product: 500 mg per tablett. */
export interface DoseStrength {
  readonly value: number;
  /** A mass unit (mg, g, mikrogram). */
  readonly unit: string;
  /** The countable unit it is per (the line's dose unit: tablett, kapsel …). */
  readonly per: string;
}

const STRENGTH_AT_END = /(?:^|\s)(\d+(?:[.,]\d+)?)\s*(mg|g|mikrogram|µg|μg|mcg)\s*$/i;
const ANY_AMOUNT = /\d\s*(?:mg|g|mikrogram|µg|μg|mcg|ml|%|ie|e)\b/gi;

/**
 * The strength in a product name that states exactly one ("Paracet tab 500 mg", "Metex tab 2,5 mg": PLL's
 * NavnFormStyrke ends with it), per one `per` (the line's countable dose unit). Undefined when the name states
 * none, several ("400 mg/30 mg"), or one per volume ("25 mg/ml"): those need FEST's product data.
 */
export function strengthFromName(name: string | undefined, per: string): DoseStrength | undefined {
  if (!name || /[/+]/.test(name)) return undefined;
  if ((name.match(ANY_AMOUNT) ?? []).length !== 1) return undefined;
  const match = STRENGTH_AT_END.exec(name);
  const perUnit = findDoseUnit(per);
  if (!match || perUnit?.kind !== 'count') return undefined;
  const value = Number((match[1] as string).replace(',', '.'));
  const unit = findDoseUnit(match[2]);
  if (!(value > 0) || unit?.milligrams === undefined) return undefined;
  return { value, unit: unit.singular, per: perUnit.singular };
}

/** Milligrams in one `unit`, directly (a mass) or through the strength (its countable unit). */
function milligramsIn(unit: string, strength: DoseStrength | undefined): number | undefined {
  const known = findDoseUnit(unit);
  if (known?.milligrams !== undefined) return known.milligrams;
  if (!known || !strength || known.singular !== findDoseUnit(strength.per)?.singular) return undefined;
  const strengthUnit = findDoseUnit(strength.unit);
  return strengthUnit?.milligrams === undefined ? undefined : strength.value * strengthUnit.milligrams;
}

/**
 * `value` in unit `from` expressed in unit `to`, or undefined when the two cannot be related without guessing.
 * The same unit (by any spelling) is always related.
 */
export function convertDoseAmount(
  value: number,
  from: string,
  to: string,
  strength?: DoseStrength,
): number | undefined {
  const a = findDoseUnit(from);
  const b = findDoseUnit(to);
  if (a && b ? a.singular === b.singular : from.trim().toLowerCase() === to.trim().toLowerCase()) {
    return value;
  }
  const fromMg = milligramsIn(from, strength);
  const toMg = milligramsIn(to, strength);
  if (fromMg === undefined || toMg === undefined) return undefined;
  // Rounded to what a dose can be (micrograms of a tablet), so 8 × 500 mg is exactly 4 g.
  return Math.round(((value * fromMg) / toMg) * 1e6) / 1e6;
}
