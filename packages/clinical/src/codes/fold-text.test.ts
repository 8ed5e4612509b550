import { describe, expect, it } from 'vitest';
import { foldText, normalizeCode, tokenize } from './fold-text.ts';
import { dottedIcd10Code, undottedIcd10Code } from './icd10-code.ts';

describe('foldText', () => {
  it.each([
    ['Blærekatarr', 'blaerekatarr'],
    ['BLÆRE', 'blaere'],
    ['Øre', 'ore'],
    ['Åndenød', 'andenod'],
    ['Ménière', 'meniere'],
    ['Sjögren', 'sjogren'],
  ])('folds %s to %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('tokenize', () => {
  it('splits on everything that is not a letter or digit', () => {
    expect(tokenize('Cystitt/urinveisinfeksjon IKA')).toEqual(['cystitt', 'urinveisinfeksjon', 'ika']);
    expect(tokenize('Diabetes, type 2 (uten komplikasjoner)')).toEqual([
      'diabetes',
      'type',
      '2',
      'uten',
      'komplikasjoner',
    ]);
  });

  it('returns no words for punctuation only', () => {
    expect(tokenize(' -/- ')).toEqual([]);
  });
});

describe('normalizeCode', () => {
  it('ignores case, dots and spaces but keeps dashes', () => {
    expect(normalizeCode('j18.9')).toBe('J189');
    expect(normalizeCode(' u 71 ')).toBe('U71');
    expect(normalizeCode('a00-1')).toBe('A00-1');
  });
});

describe('ICD-10 dotted form', () => {
  it.each([
    ['J189', 'J18.9'],
    ['S7200', 'S72.00'],
    ['V2t5h', 'V2t.5h'],
    ['A09', 'A09'],
  ])('%s ↔ %s', (undotted, dotted) => {
    expect(dottedIcd10Code(undotted)).toBe(dotted);
    expect(undottedIcd10Code(dotted)).toBe(undotted);
  });
});
