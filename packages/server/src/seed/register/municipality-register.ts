import type { Municipality, PostalCode } from '@akson/clinical';
import { organisationNumberFor } from '@akson/fhir';
import { DEMO_MUNICIPALITY, DEMO_STAFF, DEMO_UNITS, type DemoRole } from '../../demo/demo-municipality.ts';
import { staffPid } from '../../demo/directory-resources.ts';
import type { ServiceCode } from '../../directory/service-types.ts';
import { AddressSampler } from '../population/addresses.ts';
import type { NameSampler } from '../population/name-sampler.ts';
import type { NationalIdAllocator } from '../population/national-ids.ts';
import type { Random } from '../random.ts';
import type { MunicipalityRegister, SeedMunicipality, SeedStaff, SeedUnit } from './register-types.ts';

/** The demo municipality (Lillesand): its register is fixed (packages/server/src/demo), the seeder adds to it. */
export const DEMO_KOMMUNENUMMER = DEMO_MUNICIPALITY.kommunenummer;

/** Places in a nursing-home ward. */
export const WARD_PLACES = 14;

/**
 * How many of each kind of staff a municipality has per generated citizen, so that GP lists and caseloads stay
 * realistic whether the municipality has three hundred or a hundred thousand citizens (a GP list is about 1,000
 * people; one home-care nurse per about 1,500 inhabitants; one nursing-home place per about 125).
 */
const STAFFING = {
  gpsPerCitizen: 1 / 1000,
  gpsPerOffice: 5,
  zonesPerCitizen: 1 / 5000,
  maxZones: 8,
  homeCareStaffPerCitizen: 1 / 1500,
  nursingHomePlacesPerCitizen: 1 / 125,
  wardsPerNursingHome: 4,
} as const;

const ZONE_NAMES = ['Nord', 'Sør', 'Øst', 'Vest', 'Sentrum', 'Midt', 'Indre', 'Ytre'];
const NURSING_HOMES = [
  'Solbakken',
  'Furulund',
  'Eikelund',
  'Fjellheim',
  'Sjøgløtt',
  'Bjørkely',
  'Åsheim',
  'Rosenlund',
];

interface StaffNeed {
  readonly unit: SeedUnit;
  readonly count: number;
  readonly roles: readonly Omit<DemoRole, 'unit'>[];
}

export interface RegisterInputs {
  readonly municipality: Municipality;
  readonly postalCodes: readonly PostalCode[];
  /** Citizens generated for the municipality (staffing scales with them). */
  readonly citizens: number;
  readonly names: NameSampler;
  readonly ids: NationalIdAllocator;
  readonly random: Random;
  readonly today: string;
  /** Prefix of generated staff ids: they name the run, so two populations in one database never share one. */
  readonly staffPrefix: string;
}

/** The register of one municipality: the demo one completed for its size, or a generated one. */
export function municipalityRegister(inputs: RegisterInputs): MunicipalityRegister {
  return inputs.municipality.number === DEMO_KOMMUNENUMMER ? demoRegister(inputs) : generatedRegister(inputs);
}

function generatedRegister(inputs: RegisterInputs): MunicipalityRegister {
  const { municipality: m, citizens, random } = inputs;
  const prefix = `k${m.number}`;
  const addresses = new AddressSampler(inputs.postalCodes, {
    postalCode: '0000',
    city: m.administrativeCentre,
  });
  const centre = addresses.draw(random.fork('centre'));
  const municipality: SeedMunicipality = {
    id: `${prefix}-kommune`,
    name: `${m.nameNorwegian} kommune`,
    kommunenummer: m.number,
    orgnr: orgnr(`9110${m.number}`),
    address: centre.line,
    postalCode: centre.postalCode,
    city: centre.city,
  };
  const units: SeedUnit[] = [];
  let unitCounter = 0;
  const unit = (
    id: string,
    name: string,
    service: ServiceCode,
    withOrgnr: boolean,
    extra: Partial<SeedUnit> = {},
  ) => {
    const place = addresses.draw(random.fork(`unit:${id}`));
    unitCounter++;
    const u: SeedUnit = {
      id: `${prefix}-${id}`,
      name,
      service,
      ...(withOrgnr ? { orgnr: orgnr(`92${m.number}${String(unitCounter).padStart(2, '0')}`) } : {}),
      address: place.line,
      postalCode: place.postalCode,
      ...extra,
    };
    units.push(u);
    return u;
  };
  const name = m.nameNorwegian;
  const gps = Math.max(1, Math.round(citizens * STAFFING.gpsPerCitizen));
  const offices = Math.ceil(gps / STAFFING.gpsPerOffice);
  for (let i = 1; i <= offices; i++) {
    unit(
      `legekontor-${i}`,
      offices === 1 ? `${name} legekontor` : `${name} legesenter ${i}`,
      'fastlege',
      true,
    );
  }
  unit('legevakt', `${name} legevakt`, 'legevakt', true);
  const zones = Math.min(STAFFING.maxZones, Math.max(1, Math.ceil(citizens * STAFFING.zonesPerCitizen)));
  for (let i = 0; i < zones; i++) {
    const zone = ZONE_NAMES[i] as string;
    unit(
      `hjemmesykepleie-${i + 1}`,
      zones === 1 ? 'Hjemmesykepleien' : `Hjemmesykepleien sone ${zone}`,
      'hjemmesykepleie',
      false,
    );
  }
  const wards = Math.max(2, Math.ceil((citizens * STAFFING.nursingHomePlacesPerCitizen) / WARD_PLACES));
  const homes = Math.ceil(wards / STAFFING.wardsPerNursingHome);
  let ward = 0;
  for (let h = 0; h < homes; h++) {
    const home = NURSING_HOMES[h % NURSING_HOMES.length] as string;
    const inHome = Math.min(STAFFING.wardsPerNursingHome, wards - ward);
    for (let w = 1; w <= inHome; w++, ward++) {
      // The last ward of each nursing home takes short-term stays and the municipal acute beds (KAD).
      const shortTerm = w === inHome && inHome > 1;
      unit(
        `sykehjem-${h + 1}-avd-${w}`,
        `${home} sykehjem, avdeling ${w}${shortTerm ? ' (korttid og KAD)' : ''}`,
        'sykehjem',
        w === 1,
        { ward: shortTerm ? 'korttid' : 'langtid' },
      );
    }
  }
  unit('helsestasjon', `${name} helsestasjon`, 'helsestasjon', false);
  unit('skolehelse', `Skolehelsetjenesten ${name}`, 'skolehelsetjeneste', false);
  unit('psykisk-helse-rus', 'Psykisk helse og rus', 'psykisk-helse-rus', false);
  unit('fysioterapi', 'Fysioterapitjenesten', 'fysioterapi', false);
  unit('ergoterapi', 'Ergoterapitjenesten', 'ergoterapi', false);
  unit('jordmor', 'Jordmortjenesten', 'jordmor', false);
  unit('tildeling', 'Tildelingskontoret', 'saksbehandling', false);
  unit('administrasjon', 'Helse og omsorg, administrasjon', 'administrasjon', false);

  const staff = hireStaff(inputs, staffNeeds(units, citizens, []), []);
  return { municipality, units, staff, demo: false };
}

/** Lillesand: the fixed demo register, plus the staff and wards a larger population needs. */
function demoRegister(inputs: RegisterInputs): MunicipalityRegister {
  const { citizens } = inputs;
  const municipality: SeedMunicipality = { ...DEMO_MUNICIPALITY };
  const units: SeedUnit[] = DEMO_UNITS.map((u) =>
    u.id === 'solglott-avd-1'
      ? { ...u, ward: 'langtid' }
      : u.id === 'solglott-avd-2'
        ? { ...u, ward: 'korttid' }
        : u,
  );
  const wards = Math.ceil((citizens * STAFFING.nursingHomePlacesPerCitizen) / WARD_PLACES);
  for (let w = 3; w <= wards; w++) {
    units.push({
      id: `solglott-avd-${w}`,
      name: `Solgløtt sykehjem, avdeling ${w}`,
      service: 'sykehjem',
      address: 'Solgløttveien 1',
      postalCode: '4790',
      ward: 'langtid',
    });
  }
  const existing: SeedStaff[] = DEMO_STAFF.map((s) => ({
    id: s.id,
    given: s.given,
    family: s.family,
    gender: s.gender,
    birthDate: s.birthDate,
    fnr: staffPid(s),
    ...(s.hpr ? { hpr: s.hpr } : {}),
    ...(s.home ? { home: s.home } : {}),
    roles: s.roles,
  }));
  const staff = hireStaff(inputs, staffNeeds(units, citizens, existing), existing);
  return { municipality, units, staff: [...existing, ...staff], demo: true };
}

/** Staff each unit needs for the population, minus those it already has (the demo staff in Lillesand). */
function staffNeeds(
  units: readonly SeedUnit[],
  citizens: number,
  existing: readonly SeedStaff[],
): StaffNeed[] {
  const has = (unitId: string, category?: string): number =>
    existing.filter((s) => s.roles.some((r) => r.unit === unitId && (!category || r.category === category)))
      .length;
  const of = (service: ServiceCode) => units.filter((u) => u.service === service);
  const needs: StaffNeed[] = [];
  const need = (unit: SeedUnit, target: number, roles: Omit<DemoRole, 'unit'>[], category?: string) => {
    const count = Math.max(0, target - has(unit.id, category));
    if (count > 0) needs.push({ unit, count, roles });
  };
  const offices = of('fastlege');
  const gps = Math.max(offices.length, Math.round(citizens * STAFFING.gpsPerCitizen));
  offices.forEach((u, i) =>
    need(
      u,
      Math.floor(gps / offices.length) + (i < gps % offices.length ? 1 : 0),
      [{ category: 'LE', role: 'clinician', title: 'Fastlege' }],
      'LE',
    ),
  );
  for (const u of of('legevakt')) {
    const shift = 1 + Math.floor(citizens / 15_000);
    need(u, shift, [{ category: 'LE', role: 'clinician', title: 'Legevaktlege' }], 'LE');
    need(u, shift, [{ category: 'SP', role: 'clinician', title: 'Sykepleier' }], 'SP');
  }
  const zones = of('hjemmesykepleie');
  for (const u of zones) {
    const target = 2 + Math.round((citizens * STAFFING.homeCareStaffPerCitizen) / zones.length);
    const roles: Omit<DemoRole, 'unit'>[] = [
      { category: 'SP', role: 'clinician', title: 'Sykepleier' },
      { category: 'HF', role: 'clinician', title: 'Helsefagarbeider' },
    ];
    need(u, target, roles);
  }
  for (const u of of('sykehjem')) {
    need(u, 4, [
      { category: 'SP', role: 'clinician', title: 'Sykepleier' },
      { category: 'HF', role: 'clinician', title: 'Helsefagarbeider' },
    ]);
  }
  const simple = (service: ServiceCode, perCitizen: number, role: Omit<DemoRole, 'unit'>) => {
    for (const u of of(service)) need(u, 1 + Math.floor(citizens * perCitizen), [role]);
  };
  simple('helsestasjon', 1 / 4000, { category: 'SP', role: 'clinician', title: 'Helsesykepleier' });
  simple('skolehelsetjeneste', 1 / 6000, { category: 'SP', role: 'clinician', title: 'Helsesykepleier' });
  simple('psykisk-helse-rus', 1 / 5000, {
    category: 'SP',
    role: 'clinician',
    title: 'Psykiatrisk sykepleier',
  });
  simple('fysioterapi', 1 / 6000, { category: 'FT', role: 'clinician', title: 'Fysioterapeut' });
  simple('ergoterapi', 1 / 9000, { category: 'ET', role: 'clinician', title: 'Ergoterapeut' });
  simple('jordmor', 1 / 12_000, { category: 'JO', role: 'clinician', title: 'Jordmor' });
  simple('saksbehandling', 1 / 12_000, { category: 'XX', role: 'clinician', title: 'Saksbehandler' });
  for (const u of of('administrasjon')) {
    need(u, 1, [{ category: 'XX', role: 'security-officer', title: 'Personvernombud' }]);
  }
  return needs;
}

/** Generated staff for the needs; a nursing home's doctor also gets a role at every ward of it. */
function hireStaff(
  inputs: RegisterInputs,
  needs: readonly StaffNeed[],
  existing: readonly SeedStaff[],
): SeedStaff[] {
  const random = inputs.random.fork('staff');
  const hired: SeedStaff[] = [];
  const hprBase = 100_000_000 + Number(inputs.municipality.number) * 10_000;
  const person = (roles: DemoRole[]): SeedStaff => {
    const n = hired.length + 1;
    const gender = random.chance(roles[0]?.category === 'LE' ? 0.5 : 0.8) ? 'female' : 'male';
    const age = random.int(26, 64);
    const birthDate = `${Number(inputs.today.slice(0, 4)) - age}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const clinical = roles.some((r) => r.category !== 'XX');
    return {
      id: `${inputs.staffPrefix}-ansatt-${String(n).padStart(4, '0')}`,
      given: inputs.names.given(gender, random),
      family: inputs.names.surname(random),
      gender,
      birthDate,
      fnr: inputs.ids.allocate(birthDate, gender),
      ...(clinical ? { hpr: String(hprBase + n) } : {}),
      roles,
    };
  };
  for (const need of needs) {
    for (let i = 0; i < need.count; i++) {
      const role = need.roles[i % need.roles.length] as Omit<DemoRole, 'unit'>;
      hired.push(person([{ unit: need.unit.id, ...role }]));
    }
  }
  // One nursing-home doctor per nursing home (Lillesand has Dr. Berg in avdeling 2 already).
  const wardsByHome = new Map<string, SeedUnit[]>();
  for (const need of needs) {
    if (need.unit.service !== 'sykehjem') continue;
    const home = need.unit.name.split(',')[0] as string;
    wardsByHome.set(home, [...(wardsByHome.get(home) ?? []), need.unit]);
  }
  for (const wards of wardsByHome.values()) {
    const covered = wards.some((w) =>
      existing.some((s) => s.roles.some((r) => r.unit === w.id && r.category === 'LE')),
    );
    if (covered) continue;
    hired.push(
      person(wards.map((w) => ({ unit: w.id, category: 'LE', role: 'clinician', title: 'Sykehjemslege' }))),
    );
  }
  return hired;
}

/** A made-up organisation number with a valid mod-11 check digit (the last digit moves on if none exists). */
function orgnr(eight: string): string {
  for (let bump = 0; bump < 10; bump++) {
    const candidate = `${eight.slice(0, 7)}${(Number(eight[7]) + bump) % 10}`;
    const made = organisationNumberFor(candidate);
    if (made) return made;
  }
  throw new Error(`No organisation number near ${eight}`);
}
