// The inverted index behind code search: every folded word of every display, short text and synonym, sorted,
// with a flat postings list per word. Sorted words make "prefix of a word" a binary search instead of a scan,
// which is what lets ICD-10's ~20k concepts be searched on every keystroke.

import { foldText, normalizeCode, tokenize } from './fold-text.ts';

/** Where a word occurrence came from; used to weight matches (the official display counts most). */
export const OCCURRENCE_DISPLAY = 0;
export const OCCURRENCE_SHORT = 1;
export const OCCURRENCE_TERM = 2;
export const OCCURRENCE_CODE = 3;
export type OccurrenceKind = 0 | 1 | 2 | 3;

/** Positions are stored in 6 bits; words beyond the 63rd get position 63 (only the first few earn a bonus). */
const MAX_POSITION = 63;

export interface IndexedText {
  doc: number;
  text: string;
  kind: OccurrenceKind;
}

export interface WordIndex {
  /** Sorted, unique folded words. */
  words: string[];
  /** postings of words[i] are postingDoc/postingInfo[postingStart[i] .. postingStart[i + 1]). */
  postingStart: Uint32Array;
  postingDoc: Uint32Array;
  /** (kind << 6) | position */
  postingInfo: Uint8Array;
  /** Normalised codes sorted ascending, with the concept index of each, for code-prefix search. */
  sortedCodes: string[];
  sortedCodeDocs: Uint32Array;
}

export function buildWordIndex(texts: Iterable<IndexedText>, codes: readonly string[]): WordIndex {
  const occurrences = new Map<string, number[]>();
  const add = (word: string, doc: number, info: number): void => {
    const list = occurrences.get(word);
    if (list) list.push(doc, info);
    else occurrences.set(word, [doc, info]);
  };
  for (const { doc, text, kind } of texts) {
    const words = tokenize(text);
    for (const [position, word] of words.entries()) {
      add(word, doc, (kind << 6) | Math.min(position, MAX_POSITION));
    }
  }
  // The code itself is also a word, so "u71 cyst" finds U71 through both its code and its text.
  for (const [doc, code] of codes.entries()) {
    const word = foldText(code).replace(/[^a-z0-9]/g, '');
    if (word) add(word, doc, OCCURRENCE_CODE << 6);
  }

  const words = [...occurrences.keys()].sort();
  const postingStart = new Uint32Array(words.length + 1);
  let total = 0;
  for (const [index, word] of words.entries()) {
    postingStart[index] = total;
    total += (occurrences.get(word)?.length ?? 0) / 2;
  }
  postingStart[words.length] = total;
  const postingDoc = new Uint32Array(total);
  const postingInfo = new Uint8Array(total);
  for (const [index, word] of words.entries()) {
    const list = occurrences.get(word) ?? [];
    let offset = postingStart[index] ?? 0;
    for (let i = 0; i < list.length; i += 2) {
      postingDoc[offset] = list[i] ?? 0;
      postingInfo[offset] = list[i + 1] ?? 0;
      offset++;
    }
  }

  const codeOrder = codes.map((code, doc) => ({ key: normalizeCode(code), doc }));
  codeOrder.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    words,
    postingStart,
    postingDoc,
    postingInfo,
    sortedCodes: codeOrder.map((entry) => entry.key),
    sortedCodeDocs: Uint32Array.from(codeOrder.map((entry) => entry.doc)),
  };
}

/** First index in the sorted array whose value is >= key. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** [start, end) of the values in a sorted array that start with the prefix. */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  return [lowerBound(sorted, prefix), lowerBound(sorted, `${prefix}\uffff`)];
}
