// Validation of an IPLOS assessment: known variables only, scores 1–5 or 9 only. Returns every problem at
// once so the case handler can fix the whole form in one go.

import type { BilingualText } from '../observation-context.ts';
import {
  IPLOS_VARIABLES,
  iplosVariable,
  isIplosScore,
  type IplosScore,
  type IplosVariableId,
} from './iplos-variables.ts';

export type IplosScores = Partial<Record<IplosVariableId, IplosScore>>;

export type IplosIssueKind = 'unknown-variable' | 'invalid-score' | 'missing';

export interface IplosIssue {
  variable: string;
  kind: IplosIssueKind;
  message: BilingualText;
}

export interface IplosValidation {
  valid: boolean;
  /** The valid scores (invalid entries removed). */
  scores: IplosScores;
  issues: IplosIssue[];
}

export interface ValidateIplosOptions {
  /** Report unscored variables (a completed assessment scores all of them). Default true. */
  requireAll?: boolean;
}

export function validateIplosScores(
  scores: Readonly<Record<string, unknown>>,
  options: ValidateIplosOptions = {},
): IplosValidation {
  const issues: IplosIssue[] = [];
  const valid: IplosScores = {};
  for (const [id, score] of Object.entries(scores)) {
    const variable = iplosVariable(id);
    if (!variable) {
      issues.push({
        variable: id,
        kind: 'unknown-variable',
        message: { nb: `Ukjent IPLOS-variabel «${id}»`, en: `Unknown IPLOS variable "${id}"` },
      });
      continue;
    }
    if (score === undefined || score === null) continue;
    if (!isIplosScore(score)) {
      issues.push({
        variable: id,
        kind: 'invalid-score',
        message: {
          nb: `${variable.name.nb}: skår må være 1–5 eller 9 (ikke relevant), ikke ${JSON.stringify(score)}`,
          en: `${variable.name.en}: score must be 1–5 or 9 (not relevant), not ${JSON.stringify(score)}`,
        },
      });
      continue;
    }
    valid[variable.id] = score;
  }
  if (options.requireAll ?? true) {
    for (const variable of IPLOS_VARIABLES) {
      const given = scores[variable.id];
      if (given === undefined || given === null) {
        issues.push({
          variable: variable.id,
          kind: 'missing',
          message: { nb: `${variable.name.nb} er ikke skåret`, en: `${variable.name.en} has no score` },
        });
      }
    }
  }
  return { valid: issues.length === 0, scores: valid, issues };
}
