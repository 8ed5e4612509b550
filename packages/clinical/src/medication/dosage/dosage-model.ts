// Akson's dosage model: what one FHIR Dosage element means once it has been read and checked
// (see dosage-reading.ts). Rendering, daily-dose computation and the PLL mapping work on this model.

import type { CodeableConcept } from '@medplum/fhirtypes';
import type { SupportedPeriodUnit, Weekday } from './timing-vocabulary.ts';

export type ScheduleSlots =
  | { readonly kind: 'none' }
  | { readonly kind: 'when'; readonly codes: readonly string[] }
  | { readonly kind: 'timeOfDay'; readonly times: readonly string[] };

/** A repeating schedule: `frequency` events per `period` `periodUnit`, optionally on weekdays and at slots. */
export interface Schedule {
  readonly frequency: number;
  readonly period: number;
  readonly periodUnit: SupportedPeriodUnit;
  /** Sorted Monday first; only for weekly schedules. */
  readonly days: readonly Weekday[];
  readonly slots: ScheduleSlots;
}

export type StepBounds =
  | { readonly kind: 'none' }
  | { readonly kind: 'duration'; readonly value: number; readonly unit: SupportedPeriodUnit }
  | { readonly kind: 'period'; readonly start?: string; readonly end?: string };

export interface DoseAmount {
  readonly value: number;
  /** The unit as written, or the canonical singular spelling when the unit is known. */
  readonly unit: string;
}

export interface MaxPerPeriod {
  readonly amount: DoseAmount;
  readonly per: { readonly value: number; readonly unit: SupportedPeriodUnit };
}

export interface DosageModel {
  readonly asNeeded: boolean;
  /** The as-needed reason exactly as given (kept whole so that normalisation never loses a coding). */
  readonly asNeededConcept?: CodeableConcept;
  readonly dose?: DoseAmount;
  readonly schedule?: Schedule;
  readonly bounds: StepBounds;
  readonly maxPerPeriod?: MaxPerPeriod;
  readonly text?: string;
  readonly sequence?: number;
}
