import {
  iplosFromQuestionnaireResponse,
  IPLOS_QUESTIONNAIRE_URL,
  validateIplosScores,
} from '@akson/clinical';
import { fail } from '@akson/fhir';
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import type { WriteRule } from '../../services/write-rules.ts';

/**
 * IPLOS functional assessments (QuestionnaireResponse for the IPLOS questionnaire): every answered variable is
 * an IPLOS variable scored 1–5 or 9, and a completed assessment scores them all. IPLOS feeds national
 * statistics (KPR) and decisions on services, so a wrong score is refused rather than stored.
 */
export const iplosRule: WriteRule = {
  type: 'QuestionnaireResponse',
  prepare(resource) {
    const questionnaire = String(resource['questionnaire'] ?? '').split('|')[0];
    if (questionnaire !== IPLOS_QUESTIONNAIRE_URL) return resource;
    const response = resource as unknown as QuestionnaireResponse;
    const read = iplosFromQuestionnaireResponse(response);
    const completed = response.status === 'completed';
    const issues = completed
      ? validateIplosScores(read.scores, { requireAll: true }).issues.concat(read.issues)
      : read.issues;
    if (issues.length > 0) {
      throw fail('AKS_ERR_IPLOS_INVALID', {
        detail: issues.map((i) => `${i.variable}: ${i.message.nb}`).join('; '),
      });
    }
    return resource;
  },
};
