import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCodeIndex } from './code-index.ts';
import {
  CODE_SYSTEM_FORMAT,
  CODE_TERMS_FORMAT,
  type CodeSystemFile,
  type CodeTermsFile,
} from './code-system-file.ts';
import { normalizeCode, tokenize } from './fold-text.ts';

const file: CodeSystemFile = {
  format: CODE_SYSTEM_FORMAT,
  system: 'urn:test:icpc',
  name: 'Test',
  title: 'Test',
  complete: true,
  source: 'test',
  licence: 'test',
  concepts: [
    ['U01', 'Smerte ved vannlating'],
    ['U07', 'Urin symptomer/plager IKA'],
    ['U70', 'Nyrebekkenbetennelse'],
    ['U71', 'Cystitt/urinveisinfeksjon IKA', 'Cystitt/UVI'],
    ['U710', 'Lang underkode for testing av kodelengde'],
    ['U72', 'Uretritt'],
    ['K86', 'Hypertensjon ukomplisert'],
    ['K87', 'Hypertensjon med organkomplikasjoner'],
    ['T90', 'Diabetes type 2'],
    ['T89', 'Diabetes type 1'],
    ['R81', 'Lungebetennelse'],
    ['N02BE01', 'paracetamol', '', 'N02BE'],
    ['A00-1', 'Epikriser og sammenfatninger'],
  ],
};

const terms: CodeTermsFile = {
  format: CODE_TERMS_FORMAT,
  system: 'urn:test:icpc',
  source: 'test',
  licence: 'test',
  terms: [
    ['U71', 'UVI (urinveisinfeksjon)'],
    ['U71', 'Blærekatarr akutt'],
    ['R81', 'Pneumoni INA'],
    ['X99', 'Term for a code that does not exist'],
  ],
};

const index = buildCodeIndex(file, terms);
const codesOf = (query: string, limit?: number): string[] =>
  index.search(query, limit).map((hit) => hit.code);

describe('lookup', () => {
  it('finds codes case-insensitively and ignores the ICD-10 dot', () => {
    expect(index.lookup('u71')?.display).toBe('Cystitt/urinveisinfeksjon IKA');
    expect(index.lookup('U71')?.shortDisplay).toBe('Cystitt/UVI');
    expect(index.lookup('n02be01')).toEqual({ code: 'N02BE01', display: 'paracetamol', parent: 'N02BE' });
    expect(index.lookup('U99')).toBeUndefined();
  });

  it('lists every concept in file order', () => {
    expect(index.list().map((concept) => concept.code)).toEqual(file.concepts.map(([code]) => code));
    expect(index.size).toBe(file.concepts.length);
  });
});

describe('search', () => {
  it('puts an exact code first, then code-prefix matches with shorter codes first', () => {
    expect(codesOf('U71')[0]).toBe('U71');
    expect(codesOf('u7')).toEqual(['U70', 'U71', 'U72', 'U710']);
  });

  it('matches word prefixes, accent- and case-insensitively', () => {
    expect(codesOf('urin')).toContain('U71');
    expect(codesOf('URIN')).toEqual(codesOf('urin'));
    expect(codesOf('blaerekat')).toEqual(['U71']);
    expect(codesOf('blærekat')).toEqual(['U71']);
  });

  it('ranks a whole-word match above a prefix match and a first-word match above a later word', () => {
    expect(codesOf('urin')[0]).toBe('U07'); // "Urin" is the first, whole word of U07
    expect(codesOf('hypertensjon')).toEqual(['K86', 'K87']); // equal match, shorter display first
  });

  it('requires every query word to match (AND)', () => {
    expect(codesOf('diabetes 2')).toEqual(['T90']);
    expect(codesOf('diabetes type')).toEqual(['T89', 'T90']);
    expect(codesOf('diabetes lunge')).toEqual([]);
  });

  it('finds words inside Norwegian compounds for query words of four letters or more', () => {
    expect(codesOf('infeksjon')).toEqual(['U71']);
    expect(codesOf('betennelse')).toEqual(['R81', 'U70']);
    expect(codesOf('nyre')).toEqual(['U70']); // prefix; "nyr" would be too short for infix
    expect(codesOf('ekk')).toEqual([]); // three letters never match inside a word
  });

  it('searches synonyms and reports the term that matched', () => {
    const [hit] = index.search('blærekatarr');
    expect(hit?.code).toBe('U71');
    expect(hit?.matchedTerm).toBe('Blærekatarr akutt');
    // "UVI" is also in U71's short text, which outranks the synonym, so no term is reported.
    expect(index.search('uvi')[0]).toMatchObject({ code: 'U71' });
    expect(index.search('uvi')[0]?.matchedTerm).toBeUndefined();
    expect(index.search('pneumoni')[0]).toMatchObject({ code: 'R81', matchedTerm: 'Pneumoni INA' });
  });

  it('does not report a synonym when the display itself matched best', () => {
    const hit = index.search('cystitt')[0];
    expect(hit?.code).toBe('U71');
    expect(hit?.matchedTerm).toBeUndefined();
  });

  it('matches the code as a word inside a mixed query', () => {
    expect(codesOf('u71 cyst')).toEqual(['U71']);
  });

  it('respects the limit and returns nothing for empty queries', () => {
    expect(codesOf('u', 2)).toHaveLength(2);
    expect(codesOf('   ')).toEqual([]);
    expect(codesOf('u', 0)).toEqual([]);
  });

  it('keeps Volven-style dashed codes searchable by code', () => {
    expect(codesOf('A00-1')).toEqual(['A00-1']);
  });

  it('gives the same answer when asked twice (scratch buffers are reset between queries)', () => {
    const first = index.search('urin');
    index.search('hypertensjon');
    index.search('diabetes type 2');
    expect(index.search('urin')).toEqual(first);
  });
});

describe('search properties', () => {
  const words = [
    'urin',
    'u7',
    'diabetes',
    'type',
    'betennelse',
    'k8',
    'smerte',
    'hyper',
    'x',
    'ika',
    'blære',
  ];
  const query = fc
    .array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join(' '));

  it('returns distinct concepts, sorted by score, each matching the query', () => {
    fc.assert(
      fc.property(query, fc.integer({ min: 1, max: 20 }), (text, limit) => {
        const hits = index.search(text, limit);
        expect(hits.length).toBeLessThanOrEqual(limit);
        expect(new Set(hits.map((hit) => hit.code)).size).toBe(hits.length);
        for (let i = 1; i < hits.length; i++) {
          expect(hits[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
        }
        const queryWords = tokenize(text);
        for (const hit of hits) {
          const codeMatch = normalizeCode(hit.code).startsWith(normalizeCode(text));
          const texts = [
            hit.display,
            hit.shortDisplay ?? '',
            hit.code,
            ...terms.terms.filter(([c]) => c === hit.code).map(([, t]) => t),
          ];
          const hitWords = texts.flatMap((t) => tokenize(t));
          const textMatch = queryWords.every((q) =>
            hitWords.some((w) => w.startsWith(q) || (q.length >= 4 && w.includes(q))),
          );
          expect(codeMatch || textMatch).toBe(true);
        }
      }),
    );
  });
});
