// Builds an interaction catalogue from FEST XML. Browser-safe: takes text. The Node wrapper in node.ts streams
// a file through the same scanner, so a full FEST file never has to be held in memory as a tree.

import { createFestEntryParser } from './fest-entry-parser.ts';
import { createFestEntryScanner } from './fest-entry-scanner.ts';
import { createCatalogueBuilder, type InteractionCatalogue } from './interaction-catalogue.ts';

/** An incremental loader: push chunks of FEST XML, then finish to get the catalogue. */
export interface FestCatalogueLoader {
  push(chunk: string): void;
  finish(): InteractionCatalogue;
}

export function createFestCatalogueLoader(): FestCatalogueLoader {
  const parseEntry = createFestEntryParser();
  const builder = createCatalogueBuilder();
  const scanner = createFestEntryScanner((entryXml) => builder.add(parseEntry(entryXml)));
  return {
    push: (chunk) => scanner.push(chunk),
    finish() {
      scanner.end();
      return builder.build(scanner.retrievedAt);
    },
  };
}

/** Parses a whole FEST document (or just its KatInteraksjon) given as a string. */
export function parseFestInteractionCatalogue(xml: string): InteractionCatalogue {
  const loader = createFestCatalogueLoader();
  loader.push(xml);
  return loader.finish();
}
