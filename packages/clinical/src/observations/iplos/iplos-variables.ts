// IPLOS functional assessment (reported to KPR): the score scale and the variables, as data.
//
// The score scale is Helsedirektoratet's ("Hvordan vurdere skår på bistandsvariablene?"). The variable list
// could NOT be fully verified against the current guide ("Registrering av IPLOS-data i kommunen"); each
// variable says whether a source for it was found (docs/clinical-codes.md lists what was checked). Because the
// list is data, correcting it later does not change any code.

import type { BilingualText } from '../observation-context.ts';

export type IplosScore = 1 | 2 | 3 | 4 | 5 | 9;

export const IPLOS_SCORE_VALUES: readonly IplosScore[] = [1, 2, 3, 4, 5, 9];

export interface IplosScoreDefinition {
  score: IplosScore;
  /** Short label for pick lists. */
  label: BilingualText;
  /** Helsedirektoratet's description (Norwegian) with an English rendering. */
  description: BilingualText;
  needsPersonalAssistance: boolean;
}

export const IPLOS_SCORES: readonly IplosScoreDefinition[] = [
  {
    score: 1,
    label: { nb: 'Ingen problemer', en: 'No problems' },
    description: {
      nb: 'Utgjør ingen problemer/utfordringer for søker/tjenestemottaker. Ikke behov for personbistand.',
      en: 'No problems or challenges for the applicant/recipient. No need for personal assistance.',
    },
    needsPersonalAssistance: false,
  },
  {
    score: 2,
    label: { nb: 'Klarer selv, endret standard', en: 'Manages, changed standard' },
    description: {
      nb: 'Ikke behov for bistand/assistanse/helsehjelp. Utfører/klarer selv (eventuelt med hjelpemidler), men har utfordringer eller endret standard. Endret standard vil si hvordan enkeltindividet utfører/klarer aktiviteten i forhold til tidligere. Ikke behov for personbistand.',
      en: 'No need for assistance. Manages alone (possibly with aids) but has challenges or a changed standard compared with before. No need for personal assistance.',
    },
    needsPersonalAssistance: false,
  },
  {
    score: 3,
    label: { nb: 'Middels behov for bistand', en: 'Moderate need for assistance' },
    description: {
      nb: 'Middels behov for bistand/assistanse/helsehjelp. Utfører/klarer deler av aktiviteten selv, men trenger personbistand til andre deler av aktiviteten. Bistandsyter kan eventuelt gå til og fra. Behov for personbistand.',
      en: 'Moderate need for assistance. Does part of the activity alone but needs personal assistance with other parts; the helper may come and go. Needs personal assistance.',
    },
    needsPersonalAssistance: true,
  },
  {
    score: 4,
    label: { nb: 'Store behov for bistand', en: 'Major need for assistance' },
    description: {
      nb: 'Store behov for bistand/assistanse/helsehjelp. Utfører/klarer deler selv, men med bistandsyter til stede hele tiden. Bistandsyter er til stede for assistanse/tilrettelegging/veiledning. Behov for personbistand.',
      en: 'Major need for assistance. Does parts alone but with a helper present all the time for assistance, arrangement or guidance. Needs personal assistance.',
    },
    needsPersonalAssistance: true,
  },
  {
    score: 5,
    label: { nb: 'Fullt behov for bistand', en: 'Full need for assistance' },
    description: {
      nb: 'Fullt behov for bistand/assistanse/helsehjelp. Behov for personbistand til alle aktivitetene.',
      en: 'Full need for assistance. Needs personal assistance with all of the activity.',
    },
    needsPersonalAssistance: true,
  },
  {
    score: 9,
    label: { nb: 'Ikke relevant', en: 'Not relevant' },
    description: {
      nb: 'Ikke relevant. Opplysningen er ikke relevant for å kartlegge ressurser og vurdere behov for personbistand. Det foreligger ikke behov for bistand/assistanse/helsehjelp på registreringstidspunktet og opplysningen er ikke relevant for en helhetlig vurdering.',
      en: 'Not relevant for mapping resources and assessing the need for personal assistance at the time of registration.',
    },
    needsPersonalAssistance: false,
  },
];

export type IplosVariableId =
  | 'sosial-deltakelse'
  | 'beslutninger-i-dagliglivet'
  | 'styre-atferd'
  | 'alminnelig-husarbeid'
  | 'skaffe-seg-varer-og-tjenester'
  | 'personlig-hygiene'
  | 'av-og-pakledning'
  | 'spise'
  | 'lage-mat'
  | 'ivareta-egen-helse'
  | 'bevege-seg-innendors'
  | 'bevege-seg-utendors'
  | 'hukommelse'
  | 'kommunikasjon'
  | 'syn'
  | 'horsel';

export interface IplosVariable {
  id: IplosVariableId;
  name: BilingualText;
  group: BilingualText;
  /** Whether the name was seen in a source we could check (see `source`). */
  verified: boolean;
  source?: string;
  /** Variable-specific texts for scores 1–5, where the guide gives them. */
  scaleTexts?: Partial<Record<IplosScore, string>>;
}

const SOCIAL = { nb: 'Sosial fungering', en: 'Social functioning' };
const HOUSEHOLD = { nb: 'Husholdsfunksjoner', en: 'Household functions' };
const SELF_CARE = { nb: 'Egenomsorg', en: 'Self-care' };
const MOBILITY = { nb: 'Mobilitet', en: 'Mobility' };
const COGNITION = { nb: 'Kognitiv svikt', en: 'Cognitive impairment' };
const SENSES = { nb: 'Sansesvikt', en: 'Sensory impairment' };

export const IPLOS_VARIABLES: readonly IplosVariable[] = [
  {
    id: 'sosial-deltakelse',
    name: { nb: 'Sosial deltakelse', en: 'Social participation' },
    group: SOCIAL,
    verified: false,
  },
  {
    id: 'beslutninger-i-dagliglivet',
    name: { nb: 'Beslutninger i dagliglivet', en: 'Decisions in daily life' },
    group: SOCIAL,
    verified: false,
  },
  {
    id: 'styre-atferd',
    name: { nb: 'Styre atferd', en: 'Controlling behaviour' },
    group: SOCIAL,
    verified: false,
  },
  {
    id: 'alminnelig-husarbeid',
    name: { nb: 'Alminnelig husarbeid', en: 'Ordinary housework' },
    group: HOUSEHOLD,
    verified: true,
    source: 'autismeforeldrene.org/iplos (secondary source quoting the veileder headings)',
  },
  {
    id: 'skaffe-seg-varer-og-tjenester',
    name: { nb: 'Skaffe seg varer og tjenester', en: 'Obtaining goods and services' },
    group: HOUSEHOLD,
    verified: false,
  },
  {
    id: 'personlig-hygiene',
    name: { nb: 'Personlig hygiene', en: 'Personal hygiene' },
    group: SELF_CARE,
    verified: false,
  },
  {
    id: 'av-og-pakledning',
    name: { nb: 'Av- og påkledning', en: 'Dressing and undressing' },
    group: SELF_CARE,
    verified: false,
  },
  { id: 'spise', name: { nb: 'Spise', en: 'Eating' }, group: SELF_CARE, verified: false },
  { id: 'lage-mat', name: { nb: 'Lage mat', en: 'Preparing food' }, group: SELF_CARE, verified: false },
  {
    id: 'ivareta-egen-helse',
    name: { nb: 'Ivareta egen helse', en: 'Looking after own health' },
    group: SELF_CARE,
    verified: false,
  },
  {
    id: 'bevege-seg-innendors',
    name: { nb: 'Bevege seg innendørs', en: 'Moving around indoors' },
    group: MOBILITY,
    verified: false,
  },
  {
    id: 'bevege-seg-utendors',
    name: { nb: 'Bevege seg utendørs', en: 'Moving around outdoors' },
    group: MOBILITY,
    verified: false,
  },
  { id: 'hukommelse', name: { nb: 'Hukommelse', en: 'Memory' }, group: COGNITION, verified: false },
  {
    id: 'kommunikasjon',
    name: { nb: 'Kommunikasjon', en: 'Communication' },
    group: COGNITION,
    verified: false,
  },
  {
    id: 'syn',
    name: { nb: 'Syn', en: 'Vision' },
    group: SENSES,
    verified: true,
    source: 'Helsedirektoratet, Registrering av IPLOS-data i kommunen › Funksjonsvariablene › Syn',
    scaleTexts: {
      1: 'Ser godt/har ingen problemer',
      2: 'Har noe redusert syn. Ser godt med hjelpemidler som briller, godt lys, evt. lupe ved lesing. Ingen problemer å synsorientere seg i eget hjem eller nye omgivelser.',
      3: 'Har dårlig syn. Kan ikke lese aviser, egen post, innkomne regninger, oppskrifter, bruke redskaper som litermål o.l. Kan synsorientere seg i eget hjem og nye omgivelser.',
      4: 'Har svært dårlig syn. Kan ikke lese aviser, egen post, innkomne regninger, oppskrifter, bruke redskaper som litermål o.l. Kan synsorientere seg i eget hjem men ikke i nye omgivelser.',
      5: 'Blind',
    },
  },
  { id: 'horsel', name: { nb: 'Hørsel', en: 'Hearing' }, group: SENSES, verified: false },
];

export function isIplosScore(value: unknown): value is IplosScore {
  return typeof value === 'number' && (IPLOS_SCORE_VALUES as readonly number[]).includes(value);
}

export function iplosVariable(id: string): IplosVariable | undefined {
  return IPLOS_VARIABLES.find((variable) => variable.id === id);
}
