import { describe, expect, it } from 'vitest';
import cases from '../../test/cases/national-ids.json' with { type: 'json' };
import { checkNationalId, controlDigitsFor, parseNationalId } from './national-id.ts';
import { isValidOrganisationNumber, organisationNumberFor } from './organisation-number.ts';
import { isValidHprNumber } from './hpr-number.ts';

describe('Norwegian person identifiers', () => {
  it.each(cases.valid)('accepts $value as $kind', (c) => {
    const result = parseNationalId(c.value);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.id.kind).toBe(c.kind);
    expect(result.id.synthetic).toBe(c.synthetic);
    expect(result.id.birthDate).toBe('birthDate' in c ? c.birthDate : undefined);
    expect(result.id.gender).toBe('gender' in c ? c.gender : undefined);
  });

  it.each(cases.invalid)('rejects $value ($problem)', (c) => {
    const result = parseNationalId(c.value);
    expect(result).toEqual({ ok: false, problem: c.problem });
  });

  it('checks the kind a system claims', () => {
    expect(checkNationalId('44837249993', 'fnr')).toBe('unexpected-kind');
    expect(checkNationalId('44837249993', 'dnr')).toBeUndefined();
  });

  it('computes control digits that validate, for every day of a synthetic year', () => {
    let checked = 0;
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= 28; day++) {
        for (const individual of [123, 345, 456]) {
          // 000-499: born 1900-1999
          const nine = `${String(day).padStart(2, '0')}${month + 80}85${individual}`;
          const control = controlDigitsFor(nine);
          if (!control) continue; // some individual numbers have no valid control digit
          const parsed = parseNationalId(nine + control);
          expect(parsed.ok, nine + control).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('organisation and HPR numbers', () => {
  it('validates mod-11 organisation numbers', () => {
    expect(isValidOrganisationNumber('974760673')).toBe(true); // Brønnøysundregistrene
    expect(isValidOrganisationNumber('974760674')).toBe(false);
    expect(isValidOrganisationNumber('97476067')).toBe(false);
    const made = organisationNumberFor('99887766');
    if (made) expect(isValidOrganisationNumber(made)).toBe(true);
  });

  it('accepts HPR numbers of up to nine digits', () => {
    expect(isValidHprNumber('565501872')).toBe(true);
    expect(isValidHprNumber('0123')).toBe(false);
    expect(isValidHprNumber('1234567890')).toBe(false);
  });
});
