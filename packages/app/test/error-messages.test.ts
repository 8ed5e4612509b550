import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../fhir/src/outcomes/codes.ts';
import { errorMessageNb, NORWEGIAN_MESSAGES } from '../src/api/error-messages.ts';

/** The app's Norwegian texts are keyed on the server's error codes (docs/errors.md): none may go stale. */
describe('Norwegian error messages', () => {
  it('name only codes the server has', () => {
    const known = new Set(Object.keys(ERROR_CATALOGUE));
    expect(Object.keys(NORWEGIAN_MESSAGES).filter((code) => !known.has(code))).toEqual([]);
  });

  it('cover every error a clinician or citizen can cause (access, notes, medication)', () => {
    const userFacing = Object.keys(ERROR_CATALOGUE).filter((code) =>
      /^AKS_ERR_(ACCESS|AUTH|NOTE|MEDICATION|AUDIT|PATIENT_RETIRED|RECORD_NOT_DELETABLE|RESOURCE_(VERSION|BODY_VERSION|PATIENT_CHANGED))/.test(
        code,
      ),
    );
    expect(userFacing.filter((code) => !(code in NORWEGIAN_MESSAGES))).toEqual([]);
  });

  it('fall back to a message by status, never an empty one', () => {
    expect(errorMessageNb(418, 'AKS_ERR_SOMETHING_NEW')).toBe('Noe gikk galt. Prøv igjen.');
    expect(errorMessageNb(503, undefined)).toMatch(/midlertidig utilgjengelig/);
    expect(errorMessageNb(412, 'AKS_ERR_RESOURCE_VERSION_CONFLICT')).toMatch(/Noen andre har lagret/);
  });
});
