import type { CareSetting, Ref } from './care-setting.ts';
import { clinicianAt, windowStart, type CitizenContext } from './citizen-context.ts';
import { allergy, ALLERGENS, REACTIONS, type AllergenKey } from './clinical/allergies.ts';
import { unitBlock } from './clinical/blocks.ts';
import type { SeedCodes } from './clinical/codes.ts';
import type { MedicationSafety } from './clinical/medication-safety.ts';
import { patientResource, relatedPerson } from './clinical/people.ts';
import { CHRONIC_CONDITIONS, prevalenceBand, type ChronicCondition } from './clinical/problem-catalogue.ts';
import type { MunicipalityState } from './municipality-state.ts';
import { influenzaVaccinations } from './pathways/adult-vaccinations.ts';
import { childHealth } from './pathways/child-health.ts';
import { emergencyClinic } from './pathways/emergency-clinic.ts';
import { gpCare } from './pathways/gp-care.ts';
import { homeCare } from './pathways/home-care.ts';
import { mentalHealth, type MentalHealthProblem } from './pathways/mental-health.ts';
import { pregnancy } from './pathways/midwife.ts';
import { nursingHomeStay } from './pathways/nursing-home.ts';
import { occupationalTherapy, physiotherapy } from './pathways/rehabilitation.ts';
import type { Person } from './population/person.ts';
import type { Random } from './random.ts';
import { RecordBuilder, type CitizenRecord } from './record-builder.ts';
import type { SeedStaff, SeedUnit } from './register/register-types.ts';
import type { SeedClock } from './seed-clock.ts';

/** What every citizen's generation shares (one municipality, one run). */
export interface CitizenInputs {
  readonly setting: CareSetting;
  readonly municipality: MunicipalityState;
  readonly clock: SeedClock;
  readonly codes: SeedCodes;
  readonly safety: MedicationSafety;
  readonly years: number;
  readonly writer: { readonly display: string };
}

/** A citizen's context: their stream, their GP, their home-care zone, an empty record. */
export function citizenContext(
  inputs: CitizenInputs,
  person: Person,
  random: Random,
  gp: { staff: SeedStaff; unit: SeedUnit } | undefined,
  zone?: SeedUnit,
): CitizenContext {
  return {
    person,
    patient: { reference: `Patient/${person.id}` },
    age: inputs.clock.ageAt(person.birthDate),
    setting: inputs.setting,
    clock: inputs.clock,
    codes: inputs.codes,
    random,
    years: inputs.years,
    out: new RecordBuilder(random, inputs.clock),
    writer: inputs.writer,
    gp,
    zone: zone ?? random.pick(inputs.setting.units('hjemmesykepleie')),
    vitalSignTimes: [],
    safety: inputs.safety,
    municipality: inputs.municipality,
    state: { chronic: [], medicines: [], allergies: [], spo2Scale: 1 },
  };
}

/** The GP list entry of a Patient: the GP's role and the GP office. */
export function gpReferences(
  setting: CareSetting,
  gp: { staff: SeedStaff; unit: SeedUnit } | undefined,
): Ref[] {
  return gp ? [setting.role(gp.staff, gp.unit), setting.org(gp.unit)] : [];
}

/** One generated citizen's whole record: the Patient and their relatives, then their typical content. */
export function generatedCitizen(
  inputs: CitizenInputs,
  person: Person,
  random: Random,
  gp: { staff: SeedStaff; unit: SeedUnit } | undefined,
): CitizenRecord {
  const ctx = citizenContext(inputs, person, random, gp);
  const registered = Math.max(windowStart(ctx), ctx.clock.daysFromToday(person.birthDate));
  ctx.out.add(patientResource(person, gpReferences(ctx.setting, gp)), ctx.clock.at(registered, 9 * 60));
  for (const parent of person.parents) {
    ctx.out.add(
      relatedPerson({
        id: ctx.out.newId(),
        patientId: person.id,
        relationship: 'parent',
        given: parent.given,
        family: parent.family,
        fnr: parent.fnr,
      }),
      ctx.clock.at(registered, 9 * 60),
    );
  }
  typicalContent(ctx);
  return { patientId: person.id, resources: ctx.out.items };
}

/**
 * What a citizen's age and health bring, after the demographics: the GP's problems, medicines and
 * consultations, the health station or school health service, emergency clinic visits, home care or a
 * nursing-home place, mental health follow-up, rehabilitation, pregnancy, vaccinations, allergies, blocks.
 */
export function typicalContent(ctx: CitizenContext, options: { care?: CareNeed } = {}): void {
  allergies(ctx);
  gpCare(ctx, chronicConditions(ctx));
  if (ctx.age < 16) childHealth(ctx);
  emergencyClinic(ctx);
  const care = options.care ?? careNeeds(ctx);
  if (care === 'nursing-home') {
    const ward = ctx.municipality.takeWardPlace('langtid');
    if (ward) nursingHomeStay(ctx, { ward, kind: 'langtidsopphold', sinceDays: ctx.random.int(60, 4 * 365) });
    else homeCare(ctx, { visitsPerDay: 4, sinceDays: ctx.random.int(30, 900) });
  } else if (care === 'short-stay') {
    // A short stay after a fall or an illness, while home care waits for them at home.
    const ward = ctx.municipality.takeWardPlace('korttid');
    if (ward) {
      nursingHomeStay(ctx, {
        ward,
        kind: ctx.random.chance(0.15) ? 'kad' : 'korttidsopphold',
        sinceDays: ctx.random.int(1, 20),
        reason: ctx.random.pick(['A28', 'L75', 'R81', 'A80']),
      });
    } else homeCare(ctx, { visitsPerDay: 3, sinceDays: ctx.random.int(30, 900) });
  } else if (care === 'home-care') {
    const visits = ctx.random.weighted([
      [1, 0.35],
      [2, 0.3],
      [3, 0.15],
      [4, 0.2],
    ] as const);
    homeCare(ctx, {
      visitsPerDay: visits,
      sinceDays: ctx.random.int(20, 1500),
      practicalHelp: ctx.random.chance(0.4),
      woundCare: ctx.random.chance(0.15),
    });
  }
  if (care !== 'none') nextOfKin(ctx);
  if (ctx.age >= 16 && ctx.age < 75 && ctx.random.chance(0.045)) {
    const active = ctx.random.chance(0.55);
    const problem: MentalHealthProblem = ctx.random.weighted([
      ['depression', 0.4],
      ['anxiety', 0.3],
      ['alcohol', 0.2],
      ['substances', 0.1],
    ] as const);
    const sinceDays = ctx.random.int(30, 700);
    mentalHealth(ctx, {
      problem,
      sinceDays,
      ...(active ? {} : { endedDaysAgo: ctx.random.int(1, Math.max(1, sinceDays - 30)) }),
      sessions: ctx.random.int(2, 8),
    });
  }
  if (ctx.age >= 18 && ctx.random.chance(ctx.age >= 67 ? 0.06 : 0.03))
    physiotherapy(ctx, ctx.random.int(14, 700), ctx.random.chance(0.3));
  if (ctx.age >= 67 && ctx.random.chance(0.04)) occupationalTherapy(ctx, ctx.random.int(10, 700));
  if (ctx.person.gender === 'female' && ctx.age >= 20 && ctx.age <= 42 && ctx.random.chance(0.04))
    pregnancy(ctx, ctx.random.int(10, 38));
  influenzaVaccinations(ctx, care === 'home-care');
  if (ctx.age >= 18 && ctx.random.chance(0.002)) block(ctx);
}

/** Long-term conditions drawn by age and gender from the catalogue's prevalence. */
export function chronicConditions(ctx: CitizenContext): ChronicCondition[] {
  const band = prevalenceBand(ctx.age);
  if (band === undefined) return [];
  return CHRONIC_CONDITIONS.filter((c) => {
    if (c.gender && c.gender !== ctx.person.gender) return false;
    return ctx.random.chance(c.prevalence[band] * (c.gender ? 1.6 : 1));
  });
}

type CareNeed = 'nursing-home' | 'short-stay' | 'home-care' | 'none';

/** Whether the citizen needs care in daily life: a nursing-home place, a short stay, home care, or neither. */
function careNeeds(ctx: CitizenContext): CareNeed {
  const age = ctx.age;
  const dementia = ctx.state.chronic.some((c) => c.condition.key === 'dementia');
  const nursingHome = age >= 90 ? 0.2 : age >= 85 ? 0.08 : age >= 75 ? 0.02 : 0;
  if (ctx.random.chance(nursingHome * (dementia ? 3 : 1))) return 'nursing-home';
  if (age >= 75 && ctx.random.chance(age >= 85 ? 0.03 : 0.01)) return 'short-stay';
  const homeCare = age >= 90 ? 0.35 : age >= 80 ? 0.18 : age >= 67 ? 0.04 : age >= 18 ? 0.003 : 0;
  return ctx.random.chance(homeCare) ? 'home-care' : 'none';
}

function allergies(ctx: CitizenContext): void {
  const draws: [AllergenKey, number][] = [
    ['grassPollen', 0.06],
    ['penicillin', 0.02],
    ['peanut', 0.01],
    ['nsaid', 0.005],
    ['latex', 0.004],
  ];
  for (const [key, p] of draws) {
    if (!ctx.random.chance(p)) continue;
    const severe = key === 'peanut' || (key === 'penicillin' && ctx.random.chance(0.3));
    const recorder = ctx.gp
      ? ctx.setting.role(ctx.gp.staff, ctx.gp.unit)
      : clinicianAt(ctx, ctx.setting.unit('legevakt'), 'LE').role;
    const day = Math.max(ctx.clock.daysFromToday(ctx.person.birthDate) + 400, -ctx.random.int(30, 20 * 365));
    if (day > -1) continue;
    allergy(ctx, {
      allergen: ALLERGENS[key],
      reaction:
        key === 'grassPollen' ? REACTIONS.rhinitis : severe ? REACTIONS.anaphylaxis : REACTIONS.urticaria,
      severity: severe ? 'severe' : key === 'grassPollen' ? 'mild' : 'moderate',
      criticality: severe ? 'high' : 'low',
      recorded: ctx.clock.at(day, 11 * 60),
      recorder,
    });
    ctx.state.allergies.push(key);
  }
}

/** A son or daughter as next of kin for people who get care (not a citizen of the seeded population). */
function nextOfKin(ctx: CitizenContext): void {
  const gender = ctx.random.chance(0.5) ? 'female' : 'male';
  ctx.out.add(
    relatedPerson({
      id: ctx.out.newId(),
      patientId: ctx.person.id,
      relationship: 'next-of-kin',
      given:
        gender === 'female'
          ? ctx.random.pick(['Anne', 'Hilde', 'Kristin', 'Marit', 'Ingrid', 'Tone'])
          : ctx.random.pick(['Per', 'Jan', 'Geir', 'Knut', 'Lars', 'Morten']),
      family: ctx.person.family,
      phone: `${ctx.random.pick(['4', '9'])}${ctx.random.int(1_000_000, 9_999_999)}`,
    }),
    ctx.clock.at(windowStart(ctx), 12 * 60),
  );
}

/** The citizen asked that the emergency clinic never sees their record; the GP registered the block. */
export function block(ctx: CitizenContext): void {
  if (!ctx.gp) return;
  unitBlock(ctx, {
    blocked: ctx.setting.org(ctx.setting.unit('legevakt')),
    registeredBy: ctx.setting.org(ctx.gp.unit),
    at: ctx.clock.at(-ctx.random.int(10, 700), 12 * 60),
    reason: 'Pasienten ønsker ikke at legevakten skal ha tilgang til journalen.',
  });
}
