// Inputs and results of the medication list check (checkMedicationList). Pure data: the FHIR server builds the
// input from stored resources, the web app can run the same check locally.

import type { AllergyIntolerance, Dosage } from '@medplum/fhirtypes';
import type { BilingualText } from '../../text/bilingual-text.ts';
import type { FestCode, FestReference, InteractionSeverity } from '../fest/fest-interaction.ts';
import type { InteractionCatalogue } from '../fest/interaction-catalogue.ts';
import type { MaxDoseTable } from './max-dose-table.ts';

/** One line of the medication list, reduced to what the checks need. */
export interface MedicationLine {
  /** The PLL line id (or another stable id); findings refer to lines by it. */
  readonly id: string;
  /** Name, form and strength as shown to clinicians ("Naproxen tab 250 mg"). */
  readonly name: string;
  /** ATC code at substance level (level 5). Without it interactions and allergies cannot be checked. */
  readonly atc?: string;
  /** FEST product id, matched against FESTMedication allergy codes. */
  readonly festId?: string;
  /** FEST substance ids (KatVirkestoff), matched against FESTSubstance allergy codes and for duplicates. */
  readonly substanceIds?: readonly string[];
  readonly dosage?: readonly Dosage[];
  /** Active substance per dose unit (500 mg per tablett), so that doses in tablets can be checked in mg. */
  readonly strength?: { readonly value: number; readonly unit: string };
  /** Self-medication without prescription: the OTC maximum applies when every line of the substance is OTC. */
  readonly otc?: boolean;
}

/** A new line, or a changed line (same id) that replaces the current one. */
export interface MedicationChange {
  readonly kind: 'add' | 'change';
  readonly line: MedicationLine;
}

export interface MedicationListCheckInput {
  /** The current active list (stopped and completed lines excluded). */
  readonly activeLines: readonly MedicationLine[];
  /** The proposed change. Without one, the whole list is reviewed. */
  readonly change?: MedicationChange;
  readonly allergies?: readonly AllergyIntolerance[];
  /** Without a catalogue interactions are "not assessed", never "none found". */
  readonly catalogue?: InteractionCatalogue;
  readonly maxDoses?: MaxDoseTable;
  /** For age-specific maximum doses (citalopram over 65 years). */
  readonly patient?: { readonly ageYears?: number };
  /**
   * `change` (default when a change is given): only findings that involve the changed line.
   * `all`: every finding in the resulting list (medication review, reconciliation).
   */
  readonly scope?: 'change' | 'all';
}

export type FindingKind = 'interaction' | 'allergy' | 'duplicate' | 'max-dose';
export type FindingSeverity = InteractionSeverity;

export interface MedicationFinding {
  /** Stable for the same problem between the same lines, so an acknowledgement can refer to it. */
  readonly id: string;
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  /** Ids of the lines involved; the changed line first when there is one. */
  readonly lineIds: readonly string[];
  readonly text: BilingualText;
  /** High severity must be acknowledged with a reason (or another drug chosen). */
  readonly requiresAcknowledgement: boolean;
  /** FEST: KliniskKonsekvens, Handtering and Interaksjonsmekanisme, in Norwegian as FEST gives them. */
  readonly clinicalConsequence?: string;
  readonly handling?: string;
  readonly mechanism?: string;
  readonly relevance?: FestCode;
  readonly interactionId?: string;
  readonly references?: readonly FestReference[];
  /** The AllergyIntolerance.id for allergy findings. */
  readonly allergyId?: string;
}

/**
 * What the catalogue could say about a line: `assessed`; `not-assessed` (FEST InteraksjonIkkeVurdert);
 * `not-in-catalogue` (no entry: unknown, not "safe"); `no-atc`; `no-catalogue` (none was given).
 */
export type InteractionCoverageStatus =
  'assessed' | 'not-assessed' | 'not-in-catalogue' | 'no-atc' | 'no-catalogue';

export interface InteractionCoverage {
  readonly lineId: string;
  readonly atc?: string;
  readonly status: InteractionCoverageStatus;
}

/** Something a check could not assess, so that "no finding" is never mistaken for "checked and fine". */
export interface NotAssessed {
  readonly kind: FindingKind;
  readonly lineIds: readonly string[];
  readonly reason: BilingualText;
}

export interface MedicationListCheckResult {
  /** Sorted: high before moderate before low. */
  readonly findings: readonly MedicationFinding[];
  readonly requiresAcknowledgement: boolean;
  readonly interactions: {
    /** True only when every checked line was assessed by the catalogue. */
    readonly complete: boolean;
    readonly coverage: readonly InteractionCoverage[];
  };
  readonly notAssessed: readonly NotAssessed[];
}
