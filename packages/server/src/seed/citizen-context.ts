import type { Ref, CareSetting } from './care-setting.ts';
import type { AllergenKey } from './clinical/allergies.ts';
import type { SeedCodes } from './clinical/codes.ts';
import type { MedicationSafety } from './clinical/medication-safety.ts';
import type { MedicineKey } from './clinical/medicines.ts';
import type { ChronicCondition } from './clinical/problem-catalogue.ts';
import type { MunicipalityState } from './municipality-state.ts';
import type { Person } from './population/person.ts';
import type { Random } from './random.ts';
import type { RecordBuilder } from './record-builder.ts';
import type { SeedStaff, SeedUnit } from './register/register-types.ts';
import type { SeedClock } from './seed-clock.ts';

/** Everything the content generators know while writing one citizen's record. */
export interface CitizenContext {
  readonly person: Person;
  readonly patient: Ref;
  readonly age: number;
  readonly setting: CareSetting;
  readonly clock: SeedClock;
  readonly codes: SeedCodes;
  readonly random: Random;
  /** How many years of history to write. */
  readonly years: number;
  readonly out: RecordBuilder;
  /** The seeder as the writer of each version (changed-by on medication lines), as the server names a system. */
  readonly writer: { readonly display: string };
  /** The citizen's GP (fastlege) and GP office, when on a list. */
  readonly gp: { readonly staff: SeedStaff; readonly unit: SeedUnit } | undefined;
  /** The home-care zone the citizen's address belongs to. */
  readonly zone: SeedUnit;
  /** Times (ms) of vital-sign sets already written, so that two sets never fall into one NEWS2 window. */
  readonly vitalSignTimes: number[];
  readonly safety: MedicationSafety;
  readonly municipality: MunicipalityState;
  /** What the record says so far, for the pathways that build on it. */
  readonly state: ClinicalState;
}

/** The citizen's clinical picture as it is written: later pathways (home care, nursing home) build on it. */
export interface ClinicalState {
  readonly chronic: { readonly condition: ChronicCondition; readonly ref: Ref }[];
  /** Medicines on the active list. */
  readonly medicines: MedicineKey[];
  readonly allergies: AllergenKey[];
  /** Scored on NEWS2 SpO2 scale 2 (hypercapnic respiratory failure, recorded as a Flag). */
  spo2Scale: 1 | 2;
}

export function hasCondition(ctx: CitizenContext, key: string): boolean {
  return ctx.state.chronic.some((c) => c.condition.key === key);
}

/** A random local date-time between two day offsets, within opening hours unless told otherwise. */
export function someTime(
  ctx: CitizenContext,
  fromDays: number,
  toDays: number,
  fromMinute = 8 * 60,
  toMinute = 15 * 60,
): string {
  const day = ctx.random.int(Math.ceil(fromDays), Math.floor(toDays));
  const minute = Math.round(ctx.random.int(fromMinute, toMinute) / 5) * 5;
  return ctx.clock.at(day, minute);
}

/** First day of the history window (negative offset from today). */
export function windowStart(ctx: CitizenContext): number {
  return -Math.round(ctx.years * 365);
}

/** A clinician at a unit (the first of a category when asked), for authorship of generated content. */
export function clinicianAt(
  ctx: CitizenContext,
  unit: SeedUnit,
  category?: string,
): { staff: SeedStaff; role: Ref } {
  const staff = ctx.setting.staffAt(unit.id, category);
  const pool = staff.length > 0 ? staff : ctx.setting.staffAt(unit.id);
  const chosen = ctx.random.pick(pool);
  return { staff: chosen, role: ctx.setting.role(chosen, unit) };
}
