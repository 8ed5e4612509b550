// Ranked code search over a WordIndex. Runs on every keystroke in note forms, so it avoids allocation in the
// hot loop: per-document scratch arrays are typed arrays reused between queries and "cleared" by bumping a
// generation stamp instead of being zeroed.
//
// Ranking, highest first:
//   1. exact code match ("U71"), then code-prefix matches, shorter codes first ("U7" → U70, U71, …);
//   2. text matches where every query word matches the start of a word (whole-word beats prefix, the
//      official display beats the short text beats a synonym, a match on the first word gets a bonus),
//      or, for query words of four letters or more, the inside of a compound ("infeksjon" in
//      "urinveisinfeksjon");
//   3. among text matches, shorter displays (more general concepts) before longer ones; ties by code.

import { normalizeCode, tokenize } from './fold-text.ts';
import { OCCURRENCE_TERM, prefixRange, type WordIndex } from './word-index.ts';

const EXACT_WORD = 30;
const PREFIX_WORD = 20;
const INFIX_WORD = 8;
const MIN_INFIX_LENGTH = 4;
const FIRST_WORD_BONUS = 8;
const SECOND_WORD_BONUS = 4;
/** display, short text, synonym (term), code-as-word */
const KIND_WEIGHT = [1, 0.9, 0.8, 0.9] as const;
const EXACT_CODE = 1000;
const CODE_PREFIX = 600;
const CODE_LENGTH_PENALTY = 5;
const DISPLAY_LENGTH_PENALTY = 0.05;
const MAX_QUERY_WORDS = 8;

export interface SearchHit {
  doc: number;
  score: number;
  /** True when a synonym (e.g. an ICPC-2B term) contributed the best match for some query word. */
  viaTerm: boolean;
}

export class CodeSearcher {
  readonly #index: WordIndex;
  readonly #displayLengths: Uint16Array;
  readonly #codes: readonly string[];
  #scratch: Scratch | undefined;

  constructor(index: WordIndex, codes: readonly string[], displayLengths: Uint16Array) {
    this.#index = index;
    this.#codes = codes;
    this.#displayLengths = displayLengths;
  }

  search(query: string, limit: number): SearchHit[] {
    const trimmed = query.trim();
    if (trimmed.length === 0 || limit <= 0) return [];
    const scratch = this.#prepareScratch();
    const words = tokenize(trimmed).slice(0, MAX_QUERY_WORDS);
    const fullTextMatches = words.length > 0 ? this.#matchWords(words, scratch) : 0;
    this.#matchCodes(normalizeCode(trimmed), scratch);
    return this.#topHits(scratch, fullTextMatches, words.length, limit);
  }

  #prepareScratch(): Scratch {
    const size = this.#codes.length;
    const exhausted =
      this.#scratch && Math.max(this.#scratch.generation, this.#scratch.tokenGeneration) >= 0xfffffff0;
    if (!this.#scratch || exhausted) this.#scratch = createScratch(size);
    this.#scratch.generation++;
    return this.#scratch;
  }

  /** Scores documents that match every query word; returns how many candidates were collected. */
  #matchWords(queryWords: string[], s: Scratch): number {
    const { words, postingStart, postingDoc, postingInfo } = this.#index;
    const generation = s.generation;
    let candidateCount = 0;
    for (const [wordNumber, queryWord] of queryWords.entries()) {
      const tokenGeneration = ++s.tokenGeneration;
      let touchedCount = 0;
      const visit = (wordIndex: number, base: number): void => {
        const end = postingStart[wordIndex + 1] ?? 0;
        for (let p = postingStart[wordIndex] ?? 0; p < end; p++) {
          const doc = postingDoc[p] ?? 0;
          // AND semantics: after the first word, only documents that matched every earlier word are considered.
          if (wordNumber > 0 && (s.docStamp[doc] !== generation || s.docHits[doc] !== wordNumber)) continue;
          const info = postingInfo[p] ?? 0;
          const kind = info >> 6;
          const position = info & 63;
          const bonus = position === 0 ? FIRST_WORD_BONUS : position === 1 ? SECOND_WORD_BONUS : 0;
          const score = (base + bonus) * (KIND_WEIGHT[kind as 0 | 1 | 2 | 3] ?? 1);
          if (s.tokenStamp[doc] !== tokenGeneration) {
            s.tokenStamp[doc] = tokenGeneration;
            s.tokenBest[doc] = score;
            s.tokenKind[doc] = kind;
            s.touched[touchedCount++] = doc;
          } else if (score > (s.tokenBest[doc] ?? 0)) {
            s.tokenBest[doc] = score;
            s.tokenKind[doc] = kind;
          }
        }
      };
      const [start, end] = prefixRange(words, queryWord);
      for (let w = start; w < end; w++)
        visit(w, (words[w] ?? '').length === queryWord.length ? EXACT_WORD : PREFIX_WORD);
      if (queryWord.length >= MIN_INFIX_LENGTH) {
        for (let w = 0; w < words.length; w++) {
          if ((w < start || w >= end) && (words[w] ?? '').includes(queryWord)) visit(w, INFIX_WORD);
        }
      }
      for (let i = 0; i < touchedCount; i++) {
        const doc = s.touched[i] ?? 0;
        const viaTerm = s.tokenKind[doc] === OCCURRENCE_TERM ? 1 : 0;
        if (wordNumber === 0) {
          s.docStamp[doc] = generation;
          s.docHits[doc] = 1;
          s.docScore[doc] = s.tokenBest[doc] ?? 0;
          s.docViaTerm[doc] = viaTerm;
          s.candidates[candidateCount++] = doc;
        } else {
          s.docHits[doc] = (s.docHits[doc] ?? 0) + 1;
          s.docScore[doc] = (s.docScore[doc] ?? 0) + (s.tokenBest[doc] ?? 0);
          s.docViaTerm[doc] = (s.docViaTerm[doc] ?? 0) | viaTerm;
        }
      }
    }
    return candidateCount;
  }

  #matchCodes(codeQuery: string, s: Scratch): void {
    s.codeMatchCount = 0;
    if (codeQuery.length === 0) return;
    const [start, end] = prefixRange(this.#index.sortedCodes, codeQuery);
    for (let i = start; i < end; i++) {
      const doc = this.#index.sortedCodeDocs[i] ?? 0;
      const extra = (this.#index.sortedCodes[i] ?? '').length - codeQuery.length;
      s.codeStamp[doc] = s.generation;
      s.codeScore[doc] = extra === 0 ? EXACT_CODE : CODE_PREFIX - CODE_LENGTH_PENALTY * extra;
      s.codeMatches[s.codeMatchCount++] = doc;
    }
  }

  #topHits(s: Scratch, candidateCount: number, wordCount: number, limit: number): SearchHit[] {
    const top: SearchHit[] = [];
    const consider = (doc: number, score: number, viaTerm: boolean): void => {
      if (top.length === limit && !this.#better(score, doc, top[limit - 1])) return;
      // Insertion into a short sorted list: limit is small (a dropdown), so this beats sorting all matches.
      let position = top.length < limit ? top.length : limit - 1;
      while (position > 0 && this.#better(score, doc, top[position - 1])) {
        top[position] = top[position - 1] as SearchHit;
        position--;
      }
      top[position] = { doc, score, viaTerm };
    };
    for (let i = 0; i < candidateCount; i++) {
      const doc = s.candidates[i] ?? 0;
      if (s.docHits[doc] !== wordCount) continue;
      // Code matches are ordered by code (shorter first, then alphabetically), so no display-length penalty.
      const codeMatched = s.codeStamp[doc] === s.generation;
      const adjustment = codeMatched
        ? (s.codeScore[doc] ?? 0)
        : -(this.#displayLengths[doc] ?? 0) * DISPLAY_LENGTH_PENALTY;
      const score = (s.docScore[doc] ?? 0) + adjustment;
      consider(doc, score, s.docViaTerm[doc] === 1);
    }
    for (let i = 0; i < s.codeMatchCount; i++) {
      const doc = s.codeMatches[i] ?? 0;
      const alreadyCounted =
        wordCount > 0 && s.docStamp[doc] === s.generation && s.docHits[doc] === wordCount;
      if (alreadyCounted) continue;
      consider(doc, s.codeScore[doc] ?? 0, false);
    }
    return top;
  }

  /** Higher score first; equal scores in code order so results are stable between keystrokes. */
  #better(score: number, doc: number, other: SearchHit | undefined): boolean {
    if (!other) return true;
    if (score !== other.score) return score > other.score;
    return (this.#codes[doc] ?? '') < (this.#codes[other.doc] ?? '');
  }
}

interface Scratch {
  generation: number;
  tokenGeneration: number;
  tokenStamp: Uint32Array;
  tokenBest: Float32Array;
  tokenKind: Uint8Array;
  touched: Uint32Array;
  docStamp: Uint32Array;
  docHits: Uint8Array;
  docScore: Float32Array;
  docViaTerm: Uint8Array;
  candidates: Uint32Array;
  codeStamp: Uint32Array;
  codeScore: Float32Array;
  codeMatches: Uint32Array;
  codeMatchCount: number;
}

function createScratch(size: number): Scratch {
  return {
    generation: 0,
    tokenGeneration: 0,
    tokenStamp: new Uint32Array(size),
    tokenBest: new Float32Array(size),
    tokenKind: new Uint8Array(size),
    touched: new Uint32Array(size),
    docStamp: new Uint32Array(size),
    docHits: new Uint8Array(size),
    docScore: new Float32Array(size),
    docViaTerm: new Uint8Array(size),
    candidates: new Uint32Array(size),
    codeStamp: new Uint32Array(size),
    codeScore: new Float32Array(size),
    codeMatches: new Uint32Array(size),
    codeMatchCount: 0,
  };
}
