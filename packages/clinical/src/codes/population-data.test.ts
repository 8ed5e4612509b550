import { describe, expect, it } from 'vitest';
import { CodeDataFormatError } from './code-system-file.ts';
import { memoryCodeSystemSource } from './code-system-source.ts';
import {
  MUNICIPALITIES_FORMAT,
  NAME_FREQUENCIES_FORMAT,
  POSTAL_CODES_FORMAT,
  groupPostalCodesByMunicipality,
  loadMunicipalities,
  parseMunicipalities,
  parseNameFrequencies,
  parsePostalCodes,
} from './population-data.ts';

describe('population data parsing', () => {
  it('turns compact rows into typed records', async () => {
    const source = memoryCodeSystemSource({
      'kommuner.json': {
        format: MUNICIPALITIES_FORMAT,
        counties: [['03', 'Oslo']],
        municipalities: [['0301', 'Oslo', 'Oslo', '03', 'Oslo', 717710]],
      },
    });
    expect(await loadMunicipalities(source)).toEqual([
      {
        number: '0301',
        name: 'Oslo',
        nameNorwegian: 'Oslo',
        countyNumber: '03',
        administrativeCentre: 'Oslo',
        population: 717710,
      },
    ]);
  });

  it('groups postal codes by municipality in file order', () => {
    const codes = parsePostalCodes({
      format: POSTAL_CODES_FORMAT,
      postalCodes: [
        ['0010', 'OSLO', '0301', 'B'],
        ['1400', 'SKI', '3207', 'G'],
        ['0015', 'OSLO', '0301', 'B'],
      ],
    });
    const grouped = groupPostalCodesByMunicipality(codes);
    expect(grouped.get('0301')?.map((code) => code.code)).toEqual(['0010', '0015']);
    expect(grouped.get('3207')?.[0]?.place).toBe('SKI');
  });

  it('rejects malformed files instead of returning half-parsed data', () => {
    expect(() => parseMunicipalities({ format: 'other' })).toThrow(CodeDataFormatError);
    expect(() =>
      parseMunicipalities({
        format: MUNICIPALITIES_FORMAT,
        municipalities: [['0301', 'Oslo', 'Oslo', '03', 'Oslo', -1]],
      }),
    ).toThrow(CodeDataFormatError);
    expect(() =>
      parsePostalCodes({ format: POSTAL_CODES_FORMAT, postalCodes: [['0010', 'OSLO', '0301', 'X']] }),
    ).toThrow(/G, P, B or S/);
    expect(() =>
      parseNameFrequencies({ format: NAME_FREQUENCIES_FORMAT, female: [['Anne']], male: [], surnames: [] }),
    ).toThrow(CodeDataFormatError);
  });
});
