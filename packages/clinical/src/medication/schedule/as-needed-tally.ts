// How much of an as-needed medicine was given against its daily maximum: the doses given in the 24 hours
// before a moment (a rolling day, as "maks 4 g per døgn" means: not the calendar day, which would allow 4 g at
// 23:00 and 4 g more at 01:00), converted into the maximum's unit.

import type { BilingualText } from '../../text/bilingual-text.ts';
import { convertDoseAmount, type DoseStrength } from '../dosage/dose-conversion.ts';
import type { AsNeededDose } from './administration-day.ts';

export const AS_NEEDED_WINDOW_MS = 24 * 3_600_000;

export interface GivenDose {
  /** When it was given (epoch milliseconds). */
  readonly at: number;
  readonly value: number;
  readonly unit: string;
}

export interface AsNeededTally {
  /** Doses given in the window. */
  readonly givenCount: number;
  /** Their sum in the maximum's unit (of the dose when there is no maximum); only what could be converted. */
  readonly givenAmount: number;
  readonly unit: string;
  /**
   * False when a maximum exists but cannot be held against what was given (the dose's unit cannot be related
   * to the maximum's: "1 tablett, maks 4 g" without the strength per tablet). Then `remaining` and `overMax` are
   * absent: "cannot be assessed" is never shown as "within the maximum".
   */
  readonly assessed: boolean;
  readonly notAssessedReason?: BilingualText;
  readonly remaining?: number;
  readonly overMax?: boolean;
}

/**
 * The tally at `moment` (epoch ms): the doses given in (moment − 24 h, moment], against `plan.maxPerDay`.
 * `strength` (per the plan's dose unit) converts between tablets and mg; without it only mass units convert.
 */
export function asNeededTally(
  plan: AsNeededDose,
  given: readonly GivenDose[],
  moment: number,
  strength?: DoseStrength,
): AsNeededTally {
  const max = plan.maxPerDay;
  const unit = max?.unit ?? plan.dose.unit;
  const used = given.filter((dose) => dose.at > moment - AS_NEEDED_WINDOW_MS && dose.at <= moment);
  const converted = used.map((dose) => convertDoseAmount(dose.value, dose.unit, unit, strength));
  const givenAmount = converted.reduce<number>((sum, amount) => sum + (amount ?? 0), 0);
  const base = { givenCount: used.length, givenAmount: Math.round(givenAmount * 1e6) / 1e6, unit };
  if (!max) return { ...base, assessed: true };
  const planned = convertDoseAmount(plan.dose.value, plan.dose.unit, unit, strength);
  if (planned === undefined || converted.some((amount) => amount === undefined)) {
    return {
      ...base,
      assessed: false,
      notAssessedReason: {
        nb: `Maksdosen kan ikke vurderes: dosen i ${plan.dose.unit} kan ikke regnes om til ${unit} uten legemidlets styrke.`,
        en: `The maximum cannot be assessed: the dose in ${plan.dose.unit} cannot be converted to ${unit} without the medicine's strength.`,
      },
    };
  }
  const remaining = Math.round((max.value - base.givenAmount) * 1e6) / 1e6;
  return { ...base, assessed: true, remaining: Math.max(0, remaining), overMax: remaining < 0 };
}
