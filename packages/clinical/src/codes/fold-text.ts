// Text folding for code search. Users type on phones and in a hurry: "blaere", "BLÆRE" and "blære" must
// all find "Blærekatarr". We fold case, strip accents (é → e, å → a) and spell out the two Norwegian letters
// that Unicode does not decompose (æ → ae, ø → o), so the same folding applied to data and query makes them meet.

const COMBINING_MARKS = /\p{M}/gu;
const NON_WORD = /[^a-z0-9]+/;

/** Lower-cases and removes diacritics; æ becomes "ae", ø becomes "o", å becomes "a". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '');
}

/** Splits folded text into words (letters and digits only). */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(NON_WORD)
    .filter((word) => word.length > 0);
}

/**
 * Normalises a code for comparison: upper case, no dots or spaces. "j18.9" and "J189" are the same ICD-10
 * code in Norwegian messages (which omit the dot); dashes are kept because Volven codes such as "A00-1" use them.
 */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[.\s]/g, '');
}
