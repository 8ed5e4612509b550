import type { AksonRole } from '../directory/identifier-systems.ts';
import type { ServiceCode } from '../directory/service-types.ts';

/**
 * The demo municipality: Lillesand (kommunenummer 4215, Agder), with fictional units, staff and the citizens of
 * docs/../SCENARIOS.md. Every person is synthetic: national ids are test numbers (month + 80), HPR numbers and
 * organisation numbers are made up (valid check digits, not registered). Resource ids are fixed so that tokens,
 * tests and the web app can name them.
 */

export interface DemoUnit {
  readonly id: string;
  readonly name: string;
  readonly service: ServiceCode;
  /** Organisation number of the sub-unit (underenhet), made up. */
  readonly orgnr?: string;
  readonly address: string;
  readonly postalCode: string;
}

export interface DemoRole {
  readonly unit: string;
  /** Volven 9060 personnel category. */
  readonly category: string;
  readonly role: AksonRole;
  readonly title: string;
}

export interface DemoStaff {
  readonly id: string;
  readonly username: string;
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
  readonly hpr?: string;
  /** Home address, when the demo needs one (the log review flags same surname and address). */
  readonly home?: { readonly address: string; readonly postalCode: string };
  readonly roles: readonly DemoRole[];
}

export interface DemoCitizen {
  readonly id: string;
  readonly username: string;
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
  readonly address: string;
  readonly postalCode: string;
  /** Address protection from the population register. */
  readonly protection?: 'fortrolig' | 'strengt-fortrolig';
  /** Fastlege: the GP's staff id (the list belongs to the GP office). */
  readonly gp?: string;
  /** Persons who may act for this citizen in the portal: parents of a child under 12, or a power of attorney. */
  readonly representedBy?: readonly {
    readonly citizen: string;
    readonly relationship: 'parent' | 'power-of-attorney';
  }[];
}

export const DEMO_MUNICIPALITY = {
  id: 'lillesand-kommune',
  name: 'Lillesand kommune',
  kommunenummer: '4215',
  orgnr: '911042150',
  address: 'Østregate 2',
  postalCode: '4790',
  city: 'LILLESAND',
} as const;

export const DEMO_UNITS: readonly DemoUnit[] = [
  {
    id: 'lillesand-legekontor',
    name: 'Lillesand legekontor',
    service: 'fastlege',
    orgnr: '922415021',
    address: 'Strandgata 14',
    postalCode: '4790',
  },
  {
    id: 'lillesand-legevakt',
    name: 'Lillesand legevakt',
    service: 'legevakt',
    orgnr: '922415048',
    address: 'Strandgata 16',
    postalCode: '4790',
  },
  {
    id: 'hjemmesykepleien-nord',
    name: 'Hjemmesykepleien sone Nord',
    service: 'hjemmesykepleie',
    address: 'Gamle Kirkevei 3',
    postalCode: '4790',
  },
  {
    id: 'hjemmesykepleien-sor',
    name: 'Hjemmesykepleien sone Sør',
    service: 'hjemmesykepleie',
    address: 'Brentemoen 1',
    postalCode: '4790',
  },
  {
    id: 'solglott-avd-1',
    name: 'Solgløtt sykehjem, avdeling 1',
    service: 'sykehjem',
    orgnr: '922415056',
    address: 'Solgløttveien 1',
    postalCode: '4790',
  },
  {
    id: 'solglott-avd-2',
    name: 'Solgløtt sykehjem, avdeling 2 (korttid og KAD)',
    service: 'sykehjem',
    address: 'Solgløttveien 1',
    postalCode: '4790',
  },
  {
    id: 'lillesand-helsestasjon',
    name: 'Lillesand helsestasjon',
    service: 'helsestasjon',
    address: 'Rådhusgata 5',
    postalCode: '4790',
  },
  {
    id: 'lillesand-skolehelse',
    name: 'Skolehelsetjenesten Lillesand',
    service: 'skolehelsetjeneste',
    address: 'Rådhusgata 5',
    postalCode: '4790',
  },
  {
    id: 'lillesand-psykisk-helse-rus',
    name: 'Psykisk helse og rus',
    service: 'psykisk-helse-rus',
    address: 'Nygårdsgata 2',
    postalCode: '4790',
  },
  {
    id: 'lillesand-fysioterapi',
    name: 'Fysioterapitjenesten',
    service: 'fysioterapi',
    address: 'Nygårdsgata 4',
    postalCode: '4790',
  },
  {
    id: 'lillesand-ergoterapi',
    name: 'Ergoterapitjenesten',
    service: 'ergoterapi',
    address: 'Nygårdsgata 4',
    postalCode: '4790',
  },
  {
    id: 'lillesand-jordmor',
    name: 'Jordmortjenesten',
    service: 'jordmor',
    address: 'Rådhusgata 5',
    postalCode: '4790',
  },
  {
    id: 'lillesand-tildeling',
    name: 'Tildelingskontoret',
    service: 'saksbehandling',
    address: 'Østregate 2',
    postalCode: '4790',
  },
  {
    id: 'lillesand-administrasjon',
    name: 'Helse og omsorg, administrasjon',
    service: 'administrasjon',
    address: 'Østregate 2',
    postalCode: '4790',
  },
];

export const DEMO_STAFF: readonly DemoStaff[] = [
  {
    id: 'eirik-berg',
    username: 'berg',
    given: 'Eirik',
    family: 'Berg',
    gender: 'male',
    birthDate: '1971-09-14',
    hpr: '7012345',
    roles: [
      { unit: 'lillesand-legekontor', category: 'LE', role: 'clinician', title: 'Fastlege' },
      { unit: 'solglott-avd-2', category: 'LE', role: 'clinician', title: 'Sykehjemslege' },
    ],
  },
  {
    id: 'hanne-lund',
    username: 'lund',
    given: 'Hanne',
    family: 'Lund',
    gender: 'female',
    birthDate: '1983-02-02',
    hpr: '7012346',
    roles: [{ unit: 'lillesand-legekontor', category: 'LE', role: 'clinician', title: 'Fastlege' }],
  },
  {
    id: 'jonas-aas',
    username: 'aas',
    given: 'Jonas',
    family: 'Aas',
    gender: 'male',
    birthDate: '1988-11-30',
    hpr: '7012347',
    roles: [{ unit: 'lillesand-legevakt', category: 'LE', role: 'clinician', title: 'Legevaktlege' }],
  },
  {
    id: 'silje-nilsen',
    username: 'silje',
    given: 'Silje',
    family: 'Nilsen',
    gender: 'female',
    birthDate: '1990-05-21',
    hpr: '7012348',
    roles: [{ unit: 'hjemmesykepleien-nord', category: 'SP', role: 'clinician', title: 'Sykepleier' }],
  },
  {
    id: 'tone-haugen',
    username: 'tone',
    given: 'Tone',
    family: 'Haugen',
    gender: 'female',
    birthDate: '1979-08-08',
    hpr: '7012349',
    home: { address: 'Sandvikveien 7', postalCode: '4790' },
    roles: [{ unit: 'hjemmesykepleien-sor', category: 'HF', role: 'clinician', title: 'Helsefagarbeider' }],
  },
  {
    id: 'ola-moen',
    username: 'moen',
    given: 'Ola',
    family: 'Moen',
    gender: 'male',
    birthDate: '1968-01-17',
    hpr: '7012350',
    roles: [
      { unit: 'solglott-avd-1', category: 'SP', role: 'clinician', title: 'Sykepleier' },
      { unit: 'solglott-avd-2', category: 'SP', role: 'clinician', title: 'Sykepleier' },
    ],
  },
  {
    id: 'maria-solberg',
    username: 'maria',
    given: 'Maria',
    family: 'Solberg',
    gender: 'female',
    birthDate: '1985-04-04',
    hpr: '7012351',
    roles: [
      { unit: 'lillesand-helsestasjon', category: 'SP', role: 'clinician', title: 'Helsesykepleier' },
      { unit: 'lillesand-skolehelse', category: 'SP', role: 'clinician', title: 'Helsesykepleier' },
    ],
  },
  {
    id: 'kristian-dahl',
    username: 'kristian',
    given: 'Kristian',
    family: 'Dahl',
    gender: 'male',
    birthDate: '1976-12-12',
    hpr: '7012352',
    roles: [{ unit: 'lillesand-psykisk-helse-rus', category: 'PS', role: 'clinician', title: 'Psykolog' }],
  },
  {
    id: 'ingeborg-vik',
    username: 'ingeborg',
    given: 'Ingeborg',
    family: 'Vik',
    gender: 'female',
    birthDate: '1992-07-07',
    hpr: '7012353',
    roles: [{ unit: 'lillesand-fysioterapi', category: 'FT', role: 'clinician', title: 'Fysioterapeut' }],
  },
  {
    id: 'lars-eide',
    username: 'lars',
    given: 'Lars',
    family: 'Eide',
    gender: 'male',
    birthDate: '1987-03-03',
    hpr: '7012354',
    roles: [{ unit: 'lillesand-ergoterapi', category: 'ET', role: 'clinician', title: 'Ergoterapeut' }],
  },
  {
    id: 'randi-holm',
    username: 'randi',
    given: 'Randi',
    family: 'Holm',
    gender: 'female',
    birthDate: '1975-10-10',
    hpr: '7012355',
    roles: [{ unit: 'lillesand-jordmor', category: 'JO', role: 'clinician', title: 'Jordmor' }],
  },
  {
    id: 'anders-bakken',
    username: 'anders',
    given: 'Anders',
    family: 'Bakken',
    gender: 'male',
    birthDate: '1980-06-06',
    roles: [{ unit: 'lillesand-tildeling', category: 'XX', role: 'clinician', title: 'Saksbehandler' }],
  },
  {
    id: 'hilde-strand',
    username: 'hilde',
    given: 'Hilde',
    family: 'Strand',
    gender: 'female',
    birthDate: '1974-09-09',
    roles: [
      {
        unit: 'lillesand-administrasjon',
        category: 'XX',
        role: 'security-officer',
        title: 'Personvernombud',
      },
    ],
  },
];

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    id: 'ingrid-fjeld',
    username: 'ingrid',
    given: 'Ingrid',
    family: 'Fjeld',
    gender: 'female',
    birthDate: '1942-03-11',
    address: 'Skogveien 12',
    postalCode: '4790',
    gp: 'eirik-berg',
    representedBy: [{ citizen: 'anne-fjeld', relationship: 'power-of-attorney' }],
  },
  {
    id: 'anne-fjeld',
    username: 'anne',
    given: 'Anne',
    family: 'Fjeld',
    gender: 'female',
    birthDate: '1968-08-19',
    address: 'Kirkebakken 3',
    postalCode: '4790',
    gp: 'hanne-lund',
  },
  {
    id: 'per-haugen',
    username: 'per',
    given: 'Per',
    family: 'Haugen',
    gender: 'male',
    birthDate: '1990-02-14',
    address: 'Sandvikveien 7',
    postalCode: '4790',
    gp: 'hanne-lund',
  },
  {
    id: 'kari-lie',
    username: 'kari',
    given: 'Kari',
    family: 'Lie',
    gender: 'female',
    birthDate: '1974-05-30',
    address: 'Havnegata 21',
    postalCode: '4790',
    gp: 'eirik-berg',
  },
  {
    id: 'noah-aasen',
    username: 'noah',
    given: 'Noah',
    family: 'Aasen',
    gender: 'male',
    birthDate: '2022-04-09',
    address: 'Møllebakken 4',
    postalCode: '4790',
    gp: 'hanne-lund',
    representedBy: [{ citizen: 'sara-aasen', relationship: 'parent' }],
  },
  {
    id: 'sara-aasen',
    username: 'sara',
    given: 'Sara',
    family: 'Aasen',
    gender: 'female',
    birthDate: '1994-11-02',
    address: 'Møllebakken 4',
    postalCode: '4790',
    gp: 'hanne-lund',
  },
  {
    id: 'olav-bakke',
    username: 'olav',
    given: 'Olav',
    family: 'Bakke',
    gender: 'male',
    birthDate: '1934-12-24',
    address: 'Solgløttveien 1',
    postalCode: '4790',
    gp: 'eirik-berg',
  },
  {
    id: 'lena-dahl',
    username: 'lena',
    given: 'Lena',
    family: 'Dahl',
    gender: 'female',
    birthDate: '1997-01-15',
    address: 'Møllevannsveien 3',
    postalCode: '4790',
    protection: 'strengt-fortrolig',
    gp: 'hanne-lund',
  },
];

/** The registered integration client: a municipality's migration job, allowed to read and write everything. */
export const DEMO_INTEGRATION_CLIENT = {
  clientId: 'lillesand-migrering',
  name: 'Lillesand kommune – migreringsjobb',
  scopes: 'system/*.cruds',
} as const;

/** The web app's public OAuth client (authorization code with PKCE). */
export const DEMO_WEB_CLIENT = { clientId: 'akson-web', name: 'Akson' } as const;
