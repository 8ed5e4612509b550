import type { MedicineKey } from './medicines.ts';

/**
 * Long-term conditions in the seeded population, with rough Norwegian prevalence by age (per cent of the age
 * group; numbers in the range of Folkehelseinstituttet's public health reports and the GP statistics in
 * KUHR/KPR) and the treatment a GP usually starts. The generator needs realistic variety, not epidemiology.
 */
export interface ChronicCondition {
  readonly key: string;
  readonly icpc2: string;
  readonly icd10: string;
  /** Prevalence (0–1) by age band: [18–44, 45–64, 65–79, 80+]; children are not given these. */
  readonly prevalence: readonly [number, number, number, number];
  readonly gender?: 'female' | 'male';
  readonly medicines: readonly MedicineKey[];
  /** Follow-up consultations per year with the GP for this condition. */
  readonly controlsPerYear: number;
  readonly text: string;
}

export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = [
  {
    key: 'hypertension',
    icpc2: 'K86',
    icd10: 'I10',
    prevalence: [0.03, 0.2, 0.4, 0.55],
    medicines: ['amlodipin', 'losartan'],
    controlsPerYear: 1,
    text: 'høyt blodtrykk',
  },
  {
    key: 'diabetes',
    icpc2: 'T90',
    icd10: 'E119',
    prevalence: [0.01, 0.06, 0.12, 0.12],
    medicines: ['metformin'],
    controlsPerYear: 2,
    text: 'diabetes type 2',
  },
  {
    key: 'lipids',
    icpc2: 'T93',
    icd10: 'E780',
    prevalence: [0.01, 0.12, 0.2, 0.15],
    medicines: ['atorvastatin'],
    controlsPerYear: 0.5,
    text: 'høyt kolesterol',
  },
  {
    key: 'atrialFibrillation',
    icpc2: 'K78',
    icd10: 'I489',
    prevalence: [0, 0.01, 0.06, 0.12],
    medicines: ['apixaban', 'metoprolol'],
    controlsPerYear: 1,
    text: 'atrieflimmer',
  },
  {
    key: 'heartFailure',
    icpc2: 'K77',
    icd10: 'I509',
    prevalence: [0, 0.005, 0.03, 0.08],
    medicines: ['furosemid', 'metoprolol'],
    controlsPerYear: 2,
    text: 'hjertesvikt',
  },
  {
    key: 'copd',
    icpc2: 'R95',
    icd10: 'J449',
    prevalence: [0, 0.03, 0.07, 0.08],
    medicines: ['tiotropium', 'salbutamol'],
    controlsPerYear: 1,
    text: 'KOLS',
  },
  {
    key: 'asthma',
    icpc2: 'R96',
    icd10: 'J459',
    prevalence: [0.07, 0.05, 0.04, 0.03],
    medicines: ['budesonidFormoterol', 'salbutamol'],
    controlsPerYear: 0.5,
    text: 'astma',
  },
  {
    key: 'depression',
    icpc2: 'P76',
    icd10: 'F329',
    prevalence: [0.05, 0.05, 0.03, 0.03],
    medicines: ['escitalopram'],
    controlsPerYear: 2,
    text: 'depresjon',
  },
  {
    key: 'anxiety',
    icpc2: 'P74',
    icd10: 'F419',
    prevalence: [0.04, 0.03, 0.02, 0.01],
    medicines: ['sertralin'],
    controlsPerYear: 1,
    text: 'angst',
  },
  {
    key: 'hypothyroidism',
    icpc2: 'T86',
    icd10: 'E039',
    prevalence: [0.02, 0.06, 0.08, 0.08],
    gender: 'female',
    medicines: ['levotyroksin'],
    controlsPerYear: 0.5,
    text: 'lavt stoffskifte',
  },
  {
    key: 'kneeArthrosis',
    icpc2: 'L90',
    icd10: 'M179',
    prevalence: [0, 0.05, 0.12, 0.18],
    medicines: ['paracetamolBehov'],
    controlsPerYear: 0.5,
    text: 'kneartrose',
  },
  {
    key: 'osteoporosis',
    icpc2: 'L95',
    icd10: 'M819',
    prevalence: [0, 0.02, 0.1, 0.2],
    gender: 'female',
    medicines: ['alendronsyre', 'vitaminD'],
    controlsPerYear: 0.3,
    text: 'benskjørhet',
  },
  {
    key: 'dementia',
    icpc2: 'P70',
    icd10: 'F03',
    prevalence: [0, 0, 0.03, 0.15],
    medicines: ['donepezil'],
    controlsPerYear: 1,
    text: 'demens',
  },
  {
    key: 'insomnia',
    icpc2: 'P06',
    icd10: 'G470',
    prevalence: [0.02, 0.03, 0.04, 0.05],
    medicines: ['zopiklon'],
    controlsPerYear: 0.3,
    text: 'søvnvansker',
  },
];

/**
 * Reasons for an ordinary GP or emergency-clinic contact: ICPC-2 with the ICD-10 code a GP would pair it with,
 * how often each occurs per age group ([children, adults, elderly]), the usual treatment, and note texts.
 */
export interface AcuteProblem {
  readonly key: string;
  readonly icpc2: string;
  readonly icd10?: string;
  readonly weight: readonly [number, number, number];
  readonly medicine?: MedicineKey;
  readonly history: string;
  readonly findings: string;
  readonly assessment: string;
  readonly plan: string;
  /** How unwell (0–1) the person is at an emergency-clinic visit for this, for the vital signs. */
  readonly illness: number;
}

export const ACUTE_PROBLEMS: readonly AcuteProblem[] = [
  {
    key: 'uri',
    icpc2: 'R74',
    icd10: 'J069',
    weight: [10, 6, 3],
    history: 'Forkjølelse, sår hals og tett nese i fire dager. Lett feber første døgn.',
    findings: 'Upåvirket. Rød svelg uten belegg. Lungestetoskopi normal.',
    assessment: 'Virusbetinget øvre luftveisinfeksjon.',
    plan: 'Råd om væske og hvile, paracetamol ved behov. Ny kontakt ved forverring eller feber over tre dager.',
    illness: 0.15,
  },
  {
    key: 'otitis',
    icpc2: 'H71',
    weight: [6, 0.5, 0],
    history: 'Øresmerter og urolige netter siden i går, feber 38,6.',
    findings: 'Rødt og bulende trommehinne høyre side. Ellers upåvirket.',
    assessment: 'Akutt mellomørebetennelse.',
    plan: 'Smertestillende. Ventetid på antibiotika, kontroll ved manglende bedring etter to døgn.',
    illness: 0.25,
  },
  {
    key: 'tonsillitis',
    icpc2: 'R76',
    icd10: 'J039',
    weight: [3, 2, 0.5],
    medicine: 'fenoksymetylpenicillin',
    history: 'Sterke halssmerter, svelgvansker og feber i to døgn. Ingen hoste.',
    findings: 'Belegg på begge tonsiller, ømme lymfeknuter på halsen. Strep A positiv.',
    assessment: 'Streptokokktonsillitt.',
    plan: 'Penicillin i sju dager. Sykmelding tre dager ved behov.',
    illness: 0.3,
  },
  {
    key: 'cystitis',
    icpc2: 'U71',
    icd10: 'N300',
    weight: [0.5, 4, 5],
    medicine: 'pivmecillinam',
    history: 'Svie ved vannlating og hyppig trang i to døgn. Ikke feber, ikke flankesmerter.',
    findings: 'Urinstix: leukocytter 3+, nitritt positiv.',
    assessment: 'Ukomplisert nedre urinveisinfeksjon.',
    plan: 'Selexid i tre dager. Urin til dyrkning. Ny kontakt ved feber eller manglende bedring.',
    illness: 0.2,
  },
  {
    key: 'backPain',
    icpc2: 'L03',
    icd10: 'M545',
    weight: [0.2, 6, 3],
    history: 'Vondt i korsryggen etter løft for tre dager siden. Ingen utstråling, ingen nummenhet.',
    findings: 'Stram muskulatur lumbalt, fri bevegelighet i hofter. Nevrologi normal.',
    assessment: 'Lumbago uten tegn til nerverotaffeksjon.',
    plan: 'Holde seg i aktivitet, paracetamol. Henvisning fysioterapeut ved behov.',
    illness: 0,
  },
  {
    key: 'tiredness',
    icpc2: 'A04',
    weight: [0.5, 4, 3],
    history: 'Slapp og trett i flere uker, sover godt. Ingen vekttap.',
    findings: 'Upåvirket. Blodprøver: Hb, ferritin, TSH og glukose tatt.',
    assessment: 'Tretthet, utredes.',
    plan: 'Svar på blodprøver ringes ut. Kontroll om fire uker.',
    illness: 0,
  },
  {
    key: 'pneumonia',
    icpc2: 'R81',
    icd10: 'J189',
    weight: [1, 1, 3],
    medicine: 'amoksicillin',
    history: 'Hoste med ekspektorat, feber og tungpust i tre døgn. Redusert allmenntilstand.',
    findings: 'Krepitasjoner basalt høyre. CRP 124.',
    assessment: 'Pneumoni.',
    plan: 'Antibiotika i sju dager. Kontroll om to døgn, ved forverring legevakt.',
    illness: 0.55,
  },
  {
    key: 'cut',
    icpc2: 'S18',
    weight: [3, 2, 1],
    history: 'Kuttet seg på kniv ved matlaging for en time siden.',
    findings: 'Tre cm lang, ren kuttskade på venstre pekefinger. Sensibilitet og sener intakt.',
    assessment: 'Kuttskade uten skade på dypere strukturer.',
    plan: 'Rens og sutur. Stingene fjernes om ti dager. Stivkrampevaksine er gyldig.',
    illness: 0,
  },
  {
    key: 'diarrhoea',
    icpc2: 'D11',
    weight: [4, 2, 1.5],
    history: 'Diaré og oppkast siden i natt. Drikker litt.',
    findings: 'Lett dehydrert, bløt buk uten ømhet.',
    assessment: 'Akutt gastroenteritt.',
    plan: 'Væske og saltvannsløsning. Ny kontakt ved blod i avføringen eller manglende væskeinntak.',
    illness: 0.25,
  },
  {
    key: 'headache',
    icpc2: 'N01',
    weight: [1, 3, 1],
    history: 'Hodepine i pannen gjennom dagen, verre ved stress. Ingen nakkestivhet.',
    findings: 'Normal nevrologisk undersøkelse. BT normalt.',
    assessment: 'Spenningshodepine.',
    plan: 'Råd om søvn, pauser og paracetamol ved behov.',
    illness: 0,
  },
];

/** Which age group an acute problem weight applies to. */
export function ageGroup(age: number): 0 | 1 | 2 {
  return age < 16 ? 0 : age < 67 ? 1 : 2;
}

/** Index into a prevalence tuple for an age (undefined for children). */
export function prevalenceBand(age: number): 0 | 1 | 2 | 3 | undefined {
  if (age < 18) return undefined;
  return age < 45 ? 0 : age < 65 ? 1 : age < 80 ? 2 : 3;
}
