// IPLOS in FHIR: one QuestionnaireResponse per assessment, answering a Questionnaire with one item per variable.
//
// Why a QuestionnaireResponse and not one Observation per variable: an IPLOS assessment is made and revised as
// a whole (by the case handler, at a date, as the basis of a vedtak and of the yearly KPR report), and it is
// the complete set that is reported. One resource keeps the set consistent, versioned and signed together; 16
// Observations would have to be kept in step by hand and could be partially updated. Trends per variable can
// still be read from the response history.

import type { Questionnaire, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { AKSON_CODE_SYSTEM_BASE } from '../../codes/code-system-urls.ts';
import type { BilingualText } from '../observation-context.ts';
import { IPLOS_SCORES, IPLOS_VARIABLES, type IplosScore } from './iplos-variables.ts';
import { validateIplosScores, type IplosIssue, type IplosScores } from './validate-iplos.ts';

export const IPLOS_QUESTIONNAIRE_URL = 'https://akson.no/fhir/Questionnaire/iplos-funksjonsvurdering';
export const IPLOS_QUESTIONNAIRE_VERSION = '0.1.0';
/** Akson-defined systems: no national FHIR code system for IPLOS variables or scores was found. */
export const IPLOS_VARIABLE_SYSTEM = `${AKSON_CODE_SYSTEM_BASE}iplos-variable`;
export const IPLOS_SCORE_SYSTEM = `${AKSON_CODE_SYSTEM_BASE}iplos-score`;

export const IPLOS_QUESTIONNAIRE: Questionnaire = {
  resourceType: 'Questionnaire',
  url: IPLOS_QUESTIONNAIRE_URL,
  version: IPLOS_QUESTIONNAIRE_VERSION,
  name: 'IplosFunksjonsvurdering',
  title: 'IPLOS funksjonsvurdering',
  status: 'draft',
  subjectType: ['Patient'],
  description:
    'IPLOS-variabler skåret 1–5 eller 9 (ikke relevant). Variabellisten er ikke fullt verifisert mot gjeldende veileder.',
  item: IPLOS_VARIABLES.map((variable) => ({
    linkId: variable.id,
    text: variable.name.nb,
    prefix: variable.group.nb,
    code: [{ system: IPLOS_VARIABLE_SYSTEM, code: variable.id, display: variable.name.nb }],
    type: 'choice',
    required: true,
    answerOption: IPLOS_SCORES.map((definition) => ({
      valueCoding: {
        system: IPLOS_SCORE_SYSTEM,
        code: String(definition.score),
        display: variable.scaleTexts?.[definition.score] ?? definition.label.nb,
      },
    })),
  })),
};

export interface IplosResponseContext {
  /** The patient, e.g. { reference: 'Patient/123' }. */
  subject: NonNullable<QuestionnaireResponse['subject']>;
  /** When the assessment was made (ISO 8601). */
  authored: string;
  author?: QuestionnaireResponse['author'];
  id?: string;
}

/** Thrown when scores outside 1–5/9 or unknown variables are given. */
export class IplosValidationError extends Error {
  override name = 'IplosValidationError';
  readonly issues: IplosIssue[];

  constructor(issues: IplosIssue[]) {
    super(issues.map((issue) => issue.message.en).join('; '));
    this.issues = issues;
  }
}

function scoreLabel(score: IplosScore): BilingualText {
  return (
    IPLOS_SCORES.find((definition) => definition.score === score)?.label ?? {
      nb: String(score),
      en: String(score),
    }
  );
}

/**
 * Builds the QuestionnaireResponse. Status is "completed" when every variable is scored, otherwise
 * "in-progress" (a draft assessment).
 */
export function iplosToQuestionnaireResponse(
  scores: Readonly<Record<string, unknown>>,
  context: IplosResponseContext,
): QuestionnaireResponse {
  const validation = validateIplosScores(scores, { requireAll: false });
  if (!validation.valid) throw new IplosValidationError(validation.issues);
  const complete = validateIplosScores(scores).valid;
  const items: QuestionnaireResponseItem[] = [];
  for (const variable of IPLOS_VARIABLES) {
    const score = validation.scores[variable.id];
    if (score === undefined) continue;
    items.push({
      linkId: variable.id,
      text: variable.name.nb,
      answer: [
        {
          valueCoding: {
            system: IPLOS_SCORE_SYSTEM,
            code: String(score),
            display: variable.scaleTexts?.[score] ?? scoreLabel(score).nb,
          },
        },
      ],
    });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    ...(context.id ? { id: context.id } : {}),
    questionnaire: `${IPLOS_QUESTIONNAIRE_URL}|${IPLOS_QUESTIONNAIRE_VERSION}`,
    status: complete ? 'completed' : 'in-progress',
    subject: context.subject,
    authored: context.authored,
    ...(context.author ? { author: context.author } : {}),
    item: items,
  };
}

export interface IplosReadResult {
  scores: IplosScores;
  /** Items that are not IPLOS variables or have no valid score. */
  issues: IplosIssue[];
}

/** Reads scores back from a QuestionnaireResponse built by iplosToQuestionnaireResponse (or a compatible form). */
export function iplosFromQuestionnaireResponse(response: QuestionnaireResponse): IplosReadResult {
  const raw: Record<string, unknown> = {};
  for (const item of response.item ?? []) {
    const coding = item.answer?.[0]?.valueCoding;
    const integer = item.answer?.[0]?.valueInteger;
    const score =
      coding?.system === IPLOS_SCORE_SYSTEM && coding.code !== undefined ? Number(coding.code) : integer;
    raw[item.linkId] = score === undefined || Number.isNaN(score) ? (coding?.code ?? null) : score;
  }
  const validation = validateIplosScores(raw, { requireAll: false });
  return { scores: validation.scores, issues: validation.issues };
}
