// The interaction catalogue's data, as read from FEST's KatInteraksjon (message M30, eResept 2014-12-01).
// Names are English; each field says which FEST element it comes from.

export type InteractionSeverity = 'high' | 'moderate' | 'low';

/** kith:CS / kith:CV: V, DN and (for CV) S. */
export interface FestCode {
  readonly code: string;
  readonly display?: string;
  readonly system?: string;
}

/** Substansgruppe/Substans: one substance, usually with its ATC code (any level: N02CC or N02CC01). */
export interface FestSubstance {
  /** Substans/Substans */
  readonly name: string;
  /** Substans/Atc/@V, upper-cased */
  readonly atc?: string;
  /** Substans/Atc/@DN */
  readonly atcDisplay?: string;
  /** Substans/RefVirkestoff: ids into KatVirkestoff (FEST substance ids). */
  readonly substanceIds: readonly string[];
}

/** Substansgruppe: one side of the interaction. */
export interface FestSubstanceGroup {
  /** Substansgruppe/Navn */
  readonly name?: string;
  readonly substances: readonly FestSubstance[];
}

export interface FestReference {
  /** Referanse/Kilde */
  readonly source: string;
  /** Referanse/Lenke/@V */
  readonly url?: string;
}

export interface FestInteraction {
  /** OppfInteraksjon/Id */
  readonly entryId: string;
  /** OppfInteraksjon/Tidspunkt */
  readonly updated?: string;
  /** Interaksjon/Id */
  readonly id: string;
  /** Interaksjon/Relevans: 1 Bør unngås, 2 Forholdsregler bør tas, 3 Ingen tiltak nødvendig. */
  readonly relevance: FestCode;
  readonly severity: InteractionSeverity;
  /** Interaksjon/Situasjonskriterium */
  readonly situationCriterion?: string;
  /** Interaksjon/KliniskKonsekvens */
  readonly clinicalConsequence: string;
  /** Interaksjon/Interaksjonsmekanisme */
  readonly mechanism?: string;
  /** Interaksjon/Kildegrunnlag */
  readonly sourceBasis?: FestCode;
  /** Interaksjon/Handtering */
  readonly handling?: string;
  /** Interaksjon/Visningsregel (who should see it: Allmennlege, Spesialist, Sykehus, Apotek). */
  readonly visibility: readonly FestCode[];
  readonly references: readonly FestReference[];
  /** Two or more groups; the interaction applies between substances of different groups. */
  readonly groups: readonly FestSubstanceGroup[];
}

/** What one OppfInteraksjon turned out to be. */
export type FestInteractionEntry =
  | { readonly kind: 'interaction'; readonly interaction: FestInteraction }
  /** InteraksjonIkkeVurdert: FEST says the interactions of this ATC code have not been assessed. */
  | {
      readonly kind: 'not-assessed';
      readonly entryId: string;
      readonly atc: string;
      readonly atcDisplay?: string;
    }
  | {
      readonly kind: 'skipped';
      readonly entryId?: string;
      readonly reason: 'inactive' | 'invalid';
      readonly detail: string;
    };

/**
 * FEST relevance → Akson severity. Unknown codes count as high: a new relevance level we do not know must be
 * seen by a clinician rather than hidden.
 */
export function severityForRelevance(code: string): InteractionSeverity {
  switch (code.trim()) {
    case '1':
      return 'high';
    case '2':
      return 'moderate';
    case '3':
      return 'low';
    default:
      return 'high';
  }
}
