import { describe, expect, it } from 'vitest';
import { applicableMaxDoses, MAX_DOSE_TABLE_FORMAT, parseMaxDoseTable } from './max-dose-table.ts';

const entry = (overrides: Record<string, unknown> = {}) => ({
  atc: 'N06AB04',
  substance: 'citalopram',
  max: { value: 40, unit: 'mg', per: 'd' },
  source: 'SPC Cipramil pkt. 4.2',
  ...overrides,
});

describe('parseMaxDoseTable', () => {
  it('lists every problem of a mistyped table', () => {
    const table = {
      format: MAX_DOSE_TABLE_FORMAT,
      entries: [
        entry({ atc: 'N06AB' }),
        entry({ max: { value: 40, unit: 'tablett', per: 'døgn' } }),
        entry({ source: '' }),
      ],
    };
    expect(() => parseMaxDoseTable(table)).toThrow(
      /entries\[0\]\.atc.*entries\[1\]\.max\.unit.*entries\[1\]\.max\.per.*entries\[2\]\.source/,
    );
    expect(() => parseMaxDoseTable({ entries: [] })).toThrow(/format/);
  });

  it('picks the age-specific entry when the patient reaches it', () => {
    const table = parseMaxDoseTable({
      format: MAX_DOSE_TABLE_FORMAT,
      entries: [entry(), entry({ fromAgeYears: 65, max: { value: 20, unit: 'mg', per: 'd' } })],
    });
    expect(applicableMaxDoses(table, 'N06AB04', undefined).map((e) => e.max.value)).toEqual([40]);
    expect(applicableMaxDoses(table, 'N06AB04', 64).map((e) => e.max.value)).toEqual([40]);
    expect(applicableMaxDoses(table, 'N06AB04', 65).map((e) => e.max.value)).toEqual([20]);
    expect(applicableMaxDoses(table, 'N02BE01', 80)).toEqual([]);
  });
});
