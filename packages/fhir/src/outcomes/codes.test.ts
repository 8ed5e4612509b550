import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, fail } from './codes.ts';
import { httpStatusFor } from './status.ts';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/errors.md', import.meta.url)), 'utf8');

describe('the error catalogue', () => {
  it('is documented in docs/errors.md, code by code, with the status and message the code produces', () => {
    const documented = [...doc.matchAll(/^\|\s*`(AKS_ERR_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    const actual = Object.entries(ERROR_CATALOGUE).map(([code, spec]) => [
      code,
      httpStatusFor(spec.category),
    ]);
    expect(documented).toEqual(actual);
  });

  it('fills message templates and keeps the code and category', () => {
    const err = fail('AKS_ERR_RESOURCE_NOT_FOUND', { type: 'Patient', id: 'x' });
    expect(err.message).toBe('Patient/x was not found.');
    expect(err.toOperationOutcome().issue[0]?.details?.coding?.[0]?.code).toBe('AKS_ERR_RESOURCE_NOT_FOUND');
    expect(httpStatusFor(err.category)).toBe(404);
  });
});
