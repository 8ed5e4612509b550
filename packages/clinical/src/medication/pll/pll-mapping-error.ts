// Raised when a MedicationStatement cannot be expressed as a PLL line (or back) without losing or inventing
// information. Lists every problem at once, so that a clinician or integrator can fix them in one go.

import { bilingual, type BilingualText } from '../../text/bilingual-text.ts';

export interface PllMappingProblem {
  /** Where the problem is, e.g. "MedicationStatement.dosage[1].route" or "PllLine.seponering". */
  readonly path: string;
  readonly message: BilingualText;
}

export class PllMappingError extends Error {
  readonly code = 'AKS_ERR_MEDICATION_PLL_MAPPING';
  readonly problems: readonly PllMappingProblem[];

  constructor(problems: readonly PllMappingProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message.en}`).join('; '));
    this.name = 'PllMappingError';
    this.problems = problems;
  }
}

/** A problem located in the MedicationStatement. */
export function statementProblem(path: string, nb: string, en: string): PllMappingProblem {
  return { path: `MedicationStatement.${path}`, message: bilingual(nb, en) };
}
