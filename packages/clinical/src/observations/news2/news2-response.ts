// Clinical risk and recommended response for a NEWS2 score: RCP 2017 "Chart 3: clinical risk" and
// "Chart 4: clinical response to the NEWS trigger thresholds".
//
// The Norwegian text is Akson's own faithful translation of RCP Chart 4: no published Norwegian municipal
// response table could be retrieved (see docs/clinical-codes.md). "The medical team caring for the patient" is
// rendered as "ansvarlig lege" (fastlege, sykehjemslege or legevakt in a municipality). The one-line headlines
// are our summary in the style used by Norwegian municipalities ("Økt observasjon", "Vurder tilsyn av lege").

import type { BilingualText } from '../observation-context.ts';

export type News2Risk = 'low' | 'low-medium' | 'medium' | 'high';

/** RCP Chart 4 rows. */
export type News2ResponseLevel =
  'score-0' | 'score-1-4' | 'single-parameter-3' | 'score-5-6' | 'score-7-or-more';

export interface News2Response {
  level: News2ResponseLevel;
  headline: BilingualText;
  /** Minimum frequency of monitoring. */
  monitoring: BilingualText;
  actions: { nb: string[]; en: string[] };
}

export const NEWS2_RISK_LABELS: Readonly<Record<News2Risk, BilingualText>> = {
  low: { nb: 'Lav risiko', en: 'Low risk' },
  'low-medium': {
    nb: 'Lav–middels risiko (3 i én parameter)',
    en: 'Low–medium risk (3 in a single parameter)',
  },
  medium: { nb: 'Middels risiko', en: 'Medium risk' },
  high: { nb: 'Høy risiko', en: 'High risk' },
};

export const NEWS2_RESPONSES: Readonly<Record<News2ResponseLevel, News2Response>> = {
  'score-0': {
    level: 'score-0',
    headline: { nb: 'Fortsett rutinemessige observasjoner', en: 'Continue routine observations' },
    monitoring: { nb: 'Minimum hver 12. time', en: 'Minimum 12-hourly' },
    actions: {
      nb: ['Fortsett rutinemessig NEWS-overvåking.'],
      en: ['Continue routine NEWS monitoring.'],
    },
  },
  'score-1-4': {
    level: 'score-1-4',
    headline: { nb: 'Økt observasjon', en: 'Increased observation' },
    monitoring: { nb: 'Minimum hver 4.–6. time', en: 'Minimum 4–6-hourly' },
    actions: {
      nb: [
        'Informer sykepleier, som skal vurdere pasienten.',
        'Sykepleier avgjør om observasjonshyppigheten skal økes og/eller om behandlingsnivået skal eskaleres.',
      ],
      en: [
        'Inform the registered nurse, who must assess the patient.',
        'The registered nurse decides whether increased frequency of monitoring and/or escalation of care is required.',
      ],
    },
  },
  'single-parameter-3': {
    level: 'single-parameter-3',
    headline: { nb: 'Vurder tilsyn av lege', en: 'Consider review by a doctor' },
    monitoring: { nb: 'Minimum hver time', en: 'Minimum 1-hourly' },
    actions: {
      nb: [
        'Sykepleier informerer ansvarlig lege, som vurderer pasienten og avgjør om behandlingsnivået skal eskaleres.',
      ],
      en: [
        'The registered nurse informs the medical team caring for the patient, who will review and decide whether escalation of care is necessary.',
      ],
    },
  },
  'score-5-6': {
    level: 'score-5-6',
    headline: {
      nb: 'Haster: kontakt ansvarlig lege umiddelbart',
      en: 'Urgent: inform the doctor immediately',
    },
    monitoring: { nb: 'Minimum hver time', en: 'Minimum 1-hourly' },
    actions: {
      nb: [
        'Sykepleier informerer ansvarlig lege umiddelbart.',
        'Sykepleier ber om akutt vurdering av lege eller team med kompetanse på akutt syke pasienter.',
        'Pasienten behandles der det er mulig å overvåke vitale parametere.',
      ],
      en: [
        'The registered nurse immediately informs the medical team caring for the patient.',
        'The registered nurse requests urgent assessment by a clinician or team with core competencies in the care of acutely ill patients.',
        'Provide clinical care in an environment with monitoring facilities.',
      ],
    },
  },
  'score-7-or-more': {
    level: 'score-7-or-more',
    headline: {
      nb: 'Akutt: tilkall lege umiddelbart og vurder høyere omsorgsnivå',
      en: 'Emergency: call the doctor immediately and consider a higher level of care',
    },
    monitoring: {
      nb: 'Kontinuerlig overvåking av vitale parametere',
      en: 'Continuous monitoring of vital signs',
    },
    actions: {
      nb: [
        'Sykepleier informerer ansvarlig lege umiddelbart; legen bør ha erfaring med akutt syke pasienter.',
        'Akutt vurdering av team med akuttmedisinsk/intensiv kompetanse, inkludert avansert luftveishåndtering.',
        'Vurder overflytting til høyere omsorgsnivå (overvåkings- eller intensivenhet).',
        'Pasienten behandles der det er mulig å overvåke vitale parametere.',
      ],
      en: [
        'The registered nurse immediately informs the medical team caring for the patient – at least at specialist registrar level.',
        'Emergency assessment by a team with critical care competencies, including practitioner(s) with advanced airway management skills.',
        'Consider transfer of care to a level 2 or 3 clinical care facility, ie higher-dependency unit or ICU.',
        'Clinical care in an environment with monitoring facilities.',
      ],
    },
  },
};

/** RCP Chart 3: high ≥ 7; medium 5–6; low–medium when any single parameter scores 3; otherwise low (0–4). */
export function news2Risk(total: number, anyParameterScored3: boolean): News2Risk {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (anyParameterScored3) return 'low-medium';
  return 'low';
}

/** RCP Chart 4 row for an aggregate score. */
export function news2ResponseLevel(total: number, anyParameterScored3: boolean): News2ResponseLevel {
  if (total >= 7) return 'score-7-or-more';
  if (total >= 5) return 'score-5-6';
  if (anyParameterScored3) return 'single-parameter-3';
  return total === 0 ? 'score-0' : 'score-1-4';
}
