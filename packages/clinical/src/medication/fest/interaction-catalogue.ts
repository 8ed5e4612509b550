// The in-memory interaction catalogue: every interaction once, plus an index from ATC code to the substance
// groups it appears in. A substance group lists ATC codes at the level FEST chose (N02CC for all triptans,
// N06AB04 for citalopram alone), so a product is looked up under each of its prefixes (N, N06, N06A, N06AB,
// N06AB04): five map lookups, whatever the size of the catalogue.

import { atcComponents, atcPrefixes, normalizeAtc } from '../atc-code.ts';
import type { FestInteraction, FestInteractionEntry } from './fest-interaction.ts';

export interface AtcIndexEntry {
  /** Index into `interactions`. */
  readonly interaction: number;
  /** Index into that interaction's `groups`. */
  readonly group: number;
}

export interface CatalogueStats {
  readonly entries: number;
  readonly interactions: number;
  readonly notAssessed: number;
  readonly skippedInactive: number;
  readonly skippedInvalid: number;
  /** Interactions whose Interaksjon/Id appeared more than once; the last one wins. */
  readonly duplicates: number;
  /** Skipped entries by why ("Status U", "missing Interaksjon/Relevans", …): what a load log must say. */
  readonly skippedBecause: Readonly<Record<string, number>>;
  /** Substances without an ATC code, matched by their FEST substance id (KatVirkestoff) instead. */
  readonly substancesById: number;
}

export interface InteractionCatalogue {
  /** FEST/HentetDato: when the catalogue was retrieved from the medicines agency. */
  readonly retrievedAt?: string;
  readonly interactions: readonly FestInteraction[];
  readonly atcIndex: ReadonlyMap<string, readonly AtcIndexEntry[]>;
  /** FEST substance id (RefVirkestoff) → groups, for substances FEST gives without an ATC code. */
  readonly substanceIndex: ReadonlyMap<string, readonly AtcIndexEntry[]>;
  /** ATC codes FEST lists under InteraksjonIkkeVurdert, with their display names. */
  readonly notAssessed: ReadonlyMap<string, string | undefined>;
  readonly stats: CatalogueStats;
}

export interface CatalogueBuilder {
  add(entry: FestInteractionEntry): void;
  build(retrievedAt?: string): InteractionCatalogue;
}

export function createCatalogueBuilder(): CatalogueBuilder {
  const byId = new Map<string, FestInteraction>();
  const notAssessed = new Map<string, string | undefined>();
  let entries = 0;
  let skippedInactive = 0;
  let skippedInvalid = 0;
  let duplicates = 0;
  const skippedBecause: Record<string, number> = {};
  return {
    add(entry) {
      entries++;
      if (entry.kind === 'interaction') {
        if (byId.has(entry.interaction.id)) duplicates++;
        byId.set(entry.interaction.id, entry.interaction);
      } else if (entry.kind === 'not-assessed') {
        notAssessed.set(entry.atc, entry.atcDisplay);
      } else {
        if (entry.reason === 'inactive') skippedInactive++;
        else skippedInvalid++;
        skippedBecause[entry.detail] = (skippedBecause[entry.detail] ?? 0) + 1;
      }
    },
    build(retrievedAt) {
      const interactions = [...byId.values()];
      const atcIndex = new Map<string, AtcIndexEntry[]>();
      const substanceIndex = new Map<string, AtcIndexEntry[]>();
      let substancesById = 0;
      const add = (index: Map<string, AtcIndexEntry[]>, key: string, entry: AtcIndexEntry) => {
        const list = index.get(key) ?? [];
        list.push(entry);
        index.set(key, list);
      };
      interactions.forEach((interaction, interactionIndex) => {
        interaction.groups.forEach((group, groupIndex) => {
          const entry = { interaction: interactionIndex, group: groupIndex };
          const codes = new Set(
            group.substances.flatMap((substance) => (substance.atc ? [substance.atc] : [])),
          );
          for (const code of codes) add(atcIndex, code, entry);
          const ids = new Set(
            group.substances.flatMap((substance) => (substance.atc ? [] : substance.substanceIds)),
          );
          substancesById += group.substances.filter((s) => !s.atc && s.substanceIds.length > 0).length;
          for (const id of ids) add(substanceIndex, id, entry);
        });
      });
      return {
        ...(retrievedAt !== undefined ? { retrievedAt } : {}),
        interactions,
        atcIndex,
        substanceIndex,
        notAssessed,
        stats: {
          entries,
          interactions: interactions.length,
          notAssessed: notAssessed.size,
          skippedInactive,
          skippedInvalid,
          duplicates,
          skippedBecause,
          substancesById,
        },
      };
    },
  };
}

/** Where a product's ATC code appears in the catalogue: its own code and every coarser group code. */
export function findCatalogueGroups(catalogue: InteractionCatalogue, atc: string): AtcIndexEntry[] {
  const code = normalizeAtc(atc);
  if (!code) return [];
  const found: AtcIndexEntry[] = [];
  // A combination product is also each of its substances (simvastatin + ezetimibe is simvastatin).
  const components = atcComponents(code);
  const prefixes =
    components.length === 0 ? atcPrefixes(code) : new Set([code, ...components].flatMap(atcPrefixes));
  for (const prefix of prefixes) {
    const entries = catalogue.atcIndex.get(prefix);
    if (entries) found.push(...entries);
  }
  return found;
}

/** Where substances FEST lists without an ATC code appear, by the line's FEST substance ids. */
export function findCatalogueGroupsBySubstance(
  catalogue: InteractionCatalogue,
  substanceIds: readonly string[] | undefined,
): AtcIndexEntry[] {
  return (substanceIds ?? []).flatMap((id) => catalogue.substanceIndex.get(id) ?? []);
}

/**
 * What the catalogue can say about a substance: `assessed` (it appears in at least one interaction),
 * `not-assessed` (FEST says its interactions have not been assessed) or `not-in-catalogue` (no entry at all,
 * which is not the same as "no interactions").
 */
export type CatalogueCoverage = 'assessed' | 'not-assessed' | 'not-in-catalogue';

export function catalogueCoverage(catalogue: InteractionCatalogue, atc: string): CatalogueCoverage {
  const code = normalizeAtc(atc);
  if (!code) return 'not-in-catalogue';
  if ([code, ...atcComponents(code)].flatMap(atcPrefixes).some((prefix) => catalogue.notAssessed.has(prefix)))
    return 'not-assessed';
  return findCatalogueGroups(catalogue, code).length > 0 ? 'assessed' : 'not-in-catalogue';
}

/** Interactions between two products (by ATC), each with the sides they matched; order follows the catalogue. */
export function findInteractionsBetween(
  catalogue: InteractionCatalogue,
  atcA: string,
  atcB: string,
): FestInteraction[] {
  const groupsA = findCatalogueGroups(catalogue, atcA);
  if (groupsA.length === 0) return [];
  const groupsB = findCatalogueGroups(catalogue, atcB);
  const found = new Set<number>();
  for (const a of groupsA) {
    for (const b of groupsB) {
      if (a.interaction === b.interaction && a.group !== b.group) found.add(a.interaction);
    }
  }
  return [...found].sort((x, y) => x - y).map((index) => catalogue.interactions[index] as FestInteraction);
}
