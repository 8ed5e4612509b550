import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IPLOS_QUESTIONNAIRE,
  IPLOS_SCORE_SYSTEM,
  IplosValidationError,
  iplosFromQuestionnaireResponse,
  iplosToQuestionnaireResponse,
} from './iplos-questionnaire.ts';
import { IPLOS_SCORE_VALUES, IPLOS_VARIABLES, type IplosScore } from './iplos-variables.ts';
import { validateIplosScores } from './validate-iplos.ts';

const allScored = (score: IplosScore): Record<string, IplosScore> =>
  Object.fromEntries(IPLOS_VARIABLES.map((variable) => [variable.id, score]));

const context = { subject: { reference: 'Patient/solglott-14' }, authored: '2026-03-05T10:00:00+01:00' };

describe('IPLOS data', () => {
  it('has the 1–5 and 9 scale with Helsedirektoratet texts', () => {
    expect(IPLOS_SCORE_VALUES).toEqual([1, 2, 3, 4, 5, 9]);
    expect(IPLOS_VARIABLES).toHaveLength(16);
    expect(new Set(IPLOS_VARIABLES.map((variable) => variable.id)).size).toBe(16);
    expect(IPLOS_VARIABLES.filter((variable) => variable.verified).map((variable) => variable.id)).toEqual([
      'alminnelig-husarbeid',
      'syn',
    ]);
  });
});

describe('validateIplosScores', () => {
  it('accepts 1–5 and 9 for every variable', () => {
    for (const score of IPLOS_SCORE_VALUES) expect(validateIplosScores(allScored(score)).valid).toBe(true);
  });

  it.each([0, 6, 7, 8, 10, -1, 2.5, '3', null, Number.NaN])('rejects %o', (score) => {
    const result = validateIplosScores({ ...allScored(1), spise: score });
    expect(result.valid).toBe(false);
    const kinds = result.issues.map((issue) => issue.kind);
    expect(kinds).toEqual([score === null ? 'missing' : 'invalid-score']);
    expect(result.scores.spise).toBeUndefined();
  });

  it('rejects unknown variables and reports unscored ones unless asked not to', () => {
    const result = validateIplosScores({ 'personlig-hygiene': 3, flyging: 2 });
    expect(result.issues.find((issue) => issue.kind === 'unknown-variable')?.message.nb).toBe(
      'Ukjent IPLOS-variabel «flyging»',
    );
    expect(result.issues.filter((issue) => issue.kind === 'missing')).toHaveLength(15);
    expect(validateIplosScores({ 'personlig-hygiene': 3 }, { requireAll: false })).toEqual({
      valid: true,
      scores: { 'personlig-hygiene': 3 },
      issues: [],
    });
  });

  it('only ever lets 1–5 and 9 through (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...IPLOS_VARIABLES.map((v) => v.id)), fc.anything()),
        (scores) => {
          const result = validateIplosScores(scores, { requireAll: false });
          for (const value of Object.values(result.scores)) expect(IPLOS_SCORE_VALUES).toContain(value);
        },
      ),
    );
  });
});

describe('IPLOS as a QuestionnaireResponse', () => {
  it('defines one choice item per variable with the score options', () => {
    expect(IPLOS_QUESTIONNAIRE.item).toHaveLength(16);
    expect(IPLOS_QUESTIONNAIRE.item?.[0]?.answerOption?.map((option) => option.valueCoding?.code)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '9',
    ]);
    const syn = IPLOS_QUESTIONNAIRE.item?.find((item) => item.linkId === 'syn');
    expect(syn?.answerOption?.[4]?.valueCoding?.display).toBe('Blind');
  });

  it('round-trips a completed assessment', () => {
    const scores = { ...allScored(2), 'personlig-hygiene': 4 as const, syn: 9 as const };
    const response = iplosToQuestionnaireResponse(scores, context);
    expect(response).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://akson.no/fhir/Questionnaire/iplos-funksjonsvurdering|0.1.0',
      status: 'completed',
      subject: context.subject,
      authored: context.authored,
    });
    expect(
      response.item?.find((item) => item.linkId === 'personlig-hygiene')?.answer?.[0]?.valueCoding,
    ).toEqual({
      system: IPLOS_SCORE_SYSTEM,
      code: '4',
      display: 'Store behov for bistand',
    });
    expect(iplosFromQuestionnaireResponse(response)).toEqual({ scores, issues: [] });
  });

  it('marks a partial assessment as in progress', () => {
    expect(iplosToQuestionnaireResponse({ spise: 1 }, context).status).toBe('in-progress');
  });

  it('refuses invalid scores', () => {
    expect(() => iplosToQuestionnaireResponse({ spise: 7 }, context)).toThrow(IplosValidationError);
  });

  it('reports foreign or invalid items when reading', () => {
    const read = iplosFromQuestionnaireResponse({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      item: [
        { linkId: 'spise', answer: [{ valueCoding: { system: IPLOS_SCORE_SYSTEM, code: '6' } }] },
        { linkId: 'horsel', answer: [{ valueInteger: 3 }] },
        { linkId: 'annet', answer: [{ valueString: 'x' }] },
      ],
    });
    expect(read.scores).toEqual({ horsel: 3 });
    expect(read.issues.map((issue) => [issue.variable, issue.kind])).toEqual([
      ['spise', 'invalid-score'],
      ['annet', 'unknown-variable'],
    ]);
  });
});
