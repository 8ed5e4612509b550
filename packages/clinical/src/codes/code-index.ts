// A loaded, searchable code system: lookup by code and ranked text search. Built once per code system when it
// is first needed (see code-registry.ts), then queried synchronously.

import { CodeSearcher } from './code-search.ts';
import type { CodeSystemFile, CodeTermsFile } from './code-system-file.ts';
import { normalizeCode, tokenize } from './fold-text.ts';
import {
  OCCURRENCE_DISPLAY,
  OCCURRENCE_SHORT,
  OCCURRENCE_TERM,
  buildWordIndex,
  type IndexedText,
} from './word-index.ts';

export interface CodeConcept {
  code: string;
  /** Norwegian display text (the unabridged official text where we have it). */
  display: string;
  /** Shorter text (e.g. the 60-character ICD-10/ICPC-2 text) when it differs from display. */
  shortDisplay?: string;
  /** Parent code (ATC hierarchy, Volven 9602 category). */
  parent?: string;
}

export interface CodeSearchResult extends CodeConcept {
  /** Relative relevance; only meaningful for ordering results of the same query. */
  score: number;
  /** The synonym that matched, when the hit came through a synonym (e.g. ICPC-2B "UVI (urinveisinfeksjon)"). */
  matchedTerm?: string;
}

export interface CodeIndex {
  readonly system: string;
  readonly name: string;
  readonly title: string;
  /** False when the list is known to be partial; show it in UIs that let users pick from the whole list. */
  readonly complete: boolean;
  readonly size: number;
  lookup(code: string): CodeConcept | undefined;
  search(text: string, limit?: number): CodeSearchResult[];
  /** All concepts in file order (for short lists shown as a select). */
  list(): CodeConcept[];
}

export const DEFAULT_SEARCH_LIMIT = 20;

function conceptAt(file: CodeSystemFile, index: number): CodeConcept {
  const [code, display, shortDisplay, parent] = file.concepts[index] ?? ['', ''];
  return {
    code,
    display,
    ...(shortDisplay ? { shortDisplay } : {}),
    ...(parent ? { parent } : {}),
  };
}

export function buildCodeIndex(file: CodeSystemFile, terms?: CodeTermsFile): CodeIndex {
  const codes = file.concepts.map(([code]) => code);
  const byCode = new Map<string, number>();
  for (const [index, code] of codes.entries()) byCode.set(normalizeCode(code), index);

  const termsByDoc = new Map<number, string[]>();
  for (const [code, text] of terms?.terms ?? []) {
    const doc = byCode.get(normalizeCode(code));
    if (doc === undefined) continue;
    const list = termsByDoc.get(doc);
    if (list) list.push(text);
    else termsByDoc.set(doc, [text]);
  }

  function* texts(): Generator<IndexedText> {
    for (const [doc, [, display, shortDisplay]] of file.concepts.entries()) {
      yield { doc, text: display, kind: OCCURRENCE_DISPLAY };
      if (shortDisplay && shortDisplay !== display) yield { doc, text: shortDisplay, kind: OCCURRENCE_SHORT };
    }
    for (const [doc, list] of termsByDoc) {
      for (const text of list) yield { doc, text, kind: OCCURRENCE_TERM };
    }
  }

  const displayLengths = Uint16Array.from(file.concepts, ([, display]) => Math.min(display.length, 0xffff));
  const searcher = new CodeSearcher(buildWordIndex(texts(), codes), codes, displayLengths);

  /** Finds the synonym responsible for a hit, so the UI can show why "UVI" found U71. */
  const matchingTerm = (doc: number, queryWords: string[]): string | undefined =>
    termsByDoc.get(doc)?.find((term) => {
      const termWords = tokenize(term);
      return queryWords.every((queryWord) =>
        termWords.some(
          (word) => word.startsWith(queryWord) || (queryWord.length >= 4 && word.includes(queryWord)),
        ),
      );
    });

  return {
    system: file.system,
    name: file.name,
    title: file.title,
    complete: file.complete,
    size: codes.length,
    lookup(code) {
      const index = byCode.get(normalizeCode(code));
      return index === undefined ? undefined : conceptAt(file, index);
    },
    search(text, limit = DEFAULT_SEARCH_LIMIT) {
      const hits = searcher.search(text, limit);
      const queryWords = hits.some((hit) => hit.viaTerm) ? tokenize(text) : [];
      return hits.map((hit) => {
        const matchedTerm = hit.viaTerm ? matchingTerm(hit.doc, queryWords) : undefined;
        return {
          ...conceptAt(file, hit.doc),
          score: hit.score,
          ...(matchedTerm ? { matchedTerm } : {}),
        };
      });
    },
    list() {
      return file.concepts.map((_, index) => conceptAt(file, index));
    },
  };
}
