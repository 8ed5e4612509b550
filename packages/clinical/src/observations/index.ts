// Clinical observations: NEWS2, vital signs as FHIR Observations, IPLOS functional assessment.
// Browser-safe: the web app computes NEWS2 as the nurse types with the same code the server uses.

export type { BilingualText, ObservationContext } from './observation-context.ts';

export { calculateNews2, NEWS2_PARAMETERS, NEWS2_PARAMETER_LABELS } from './news2/calculate-news2.ts';
export type {
  News2Component,
  News2ComponentStatus,
  News2Input,
  News2Parameter,
  News2Result,
} from './news2/calculate-news2.ts';
export {
  PULSE_BANDS,
  RESPIRATION_RATE_BANDS,
  SPO2_SCALE_1_BANDS,
  SPO2_SCALE_2_LOW_BANDS,
  SPO2_SCALE_2_ON_OXYGEN_BANDS,
  SYSTOLIC_BANDS,
  TEMPERATURE_BANDS,
  scoreFromBands,
  scoreOxygenSaturation,
} from './news2/news2-chart.ts';
export type { News2Score, ScoreBand, SpO2Scale } from './news2/news2-chart.ts';
export { NEWS2_RESPONSES, NEWS2_RISK_LABELS, news2ResponseLevel, news2Risk } from './news2/news2-response.ts';
export type { News2Response, News2ResponseLevel, News2Risk } from './news2/news2-response.ts';
export {
  NEWS2_COMPONENT_SNOMED,
  NEWS2_RISK_SYSTEM,
  NEWS2_TOTAL_SNOMED,
  News2IncompleteError,
  news2ToObservation,
  readNews2Observation,
} from './news2/news2-observation.ts';
export type { News2ObservationContext, News2Summary } from './news2/news2-observation.ts';

export { ACVPU, ACVPU_LEVELS, acvpuFromSnomed, isAcvpu } from './vital-signs/acvpu.ts';
export type { Acvpu, AcvpuLevel } from './vital-signs/acvpu.ts';
export {
  BLOOD_PRESSURE_COMPONENTS,
  BREATHING_ROOM_AIR_SNOMED,
  INSPIRED_OXYGEN_EXTENSION,
  ON_AIR_EXTENSION,
  OXYGEN_FLOW_EXTENSION,
  PATIENT_ON_OXYGEN_SNOMED,
  VITAL_SIGNS,
} from './vital-signs/vital-sign-definitions.ts';
export type {
  VitalSignCode,
  PlausibleRange,
  VitalSignUnit,
  VitalSignDefinition,
  VitalSignKind,
} from './vital-signs/vital-sign-definitions.ts';
export { validateVitalSign } from './vital-signs/validate-vital-sign.ts';
export type {
  BloodPressureValue,
  OxygenSaturationValue,
  VitalSignProblem,
  VitalSignValues,
} from './vital-signs/validate-vital-sign.ts';
export { VitalSignValueError, vitalSignObservation } from './vital-signs/vital-sign-observation.ts';
export { news2ParametersOf, vitalSignsFromObservations } from './vital-signs/read-vital-signs.ts';
export { effectiveOf, VITAL_SIGN_SET_WINDOW_MINUTES, vitalSignSetAt } from './vital-signs/vital-sign-sets.ts';
export type { VitalSignSet, VitalSignSetAnchor } from './vital-signs/vital-sign-sets.ts';
export type {
  IgnoredObservation,
  ReadVitalSignsOptions,
  VitalSignsReading,
} from './vital-signs/read-vital-signs.ts';

export {
  IPLOS_SCORES,
  IPLOS_SCORE_VALUES,
  IPLOS_VARIABLES,
  iplosVariable,
  isIplosScore,
} from './iplos/iplos-variables.ts';
export type {
  IplosScore,
  IplosScoreDefinition,
  IplosVariable,
  IplosVariableId,
} from './iplos/iplos-variables.ts';
export { validateIplosScores } from './iplos/validate-iplos.ts';
export type {
  IplosIssue,
  IplosIssueKind,
  IplosScores,
  IplosValidation,
  ValidateIplosOptions,
} from './iplos/validate-iplos.ts';
export {
  IPLOS_QUESTIONNAIRE,
  IPLOS_QUESTIONNAIRE_URL,
  IPLOS_QUESTIONNAIRE_VERSION,
  IPLOS_SCORE_SYSTEM,
  IPLOS_VARIABLE_SYSTEM,
  IplosValidationError,
  iplosFromQuestionnaireResponse,
  iplosToQuestionnaireResponse,
} from './iplos/iplos-questionnaire.ts';
export type { IplosReadResult, IplosResponseContext } from './iplos/iplos-questionnaire.ts';
