import { block, typicalContent } from '../citizen-record.ts';
import { allergy, ALLERGENS, REACTIONS } from '../clinical/allergies.ts';
import { appointment } from '../clinical/appointments.ts';
import { medicationLine, MEDICINES } from '../clinical/medicines.ts';
import { ACUTE_PROBLEMS } from '../clinical/problem-catalogue.ts';
import { influenzaVaccinations } from '../pathways/adult-vaccinations.ts';
import { childHealth } from '../pathways/child-health.ts';
import { emergencyVisit } from '../pathways/emergency-clinic.ts';
import { acuteContacts, controlConsultations, recordProblem } from '../pathways/gp-care.ts';
import { mentalHealth } from '../pathways/mental-health.ts';
import { nursingHomeStay } from '../pathways/nursing-home.ts';
import type { CitizenRecord } from '../record-builder.ts';
import { chronic, demoRole, namedContext, type ScenarioInputs } from './scenario-context.ts';

/**
 * Per Haugen (35), SCENARIOS.md 7: depression followed up by psykisk helse og rus with Kristian Dahl; the notes
 * are private to that service (Per's GP and everyone else see that the contacts happened, not what was said).
 */
export function per(inputs: ScenarioInputs): CitizenRecord {
  const ctx = namedContext(inputs, 'per-haugen');
  recordProblem(ctx, chronic('depression'), { onsetDay: -420, medicines: ['escitalopram'] });
  controlConsultations(ctx);
  acuteContacts(ctx, 2);
  mentalHealth(ctx, {
    problem: 'depression',
    sinceDays: 190,
    sessions: 10,
    therapist: demoRole(inputs, 'kristian-dahl', 'lillesand-psykisk-helse-rus'),
  });
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/**
 * Noah Aasen (4), SCENARIOS.md 6: followed by the health station from birth by Maria Solberg, with the
 * vaccinations of the childhood programme and growth measured at every consultation; an appointment with Maria
 * today.
 */
export function noah(inputs: ScenarioInputs): CitizenRecord {
  const ctx = namedContext(inputs, 'noah-aasen');
  const maria = demoRole(inputs, 'maria-solberg', 'lillesand-helsestasjon');
  childHealth(ctx, { nurseRole: maria, fromBirth: true });
  acuteContacts(ctx, 2);
  appointment(ctx, {
    unit: ctx.setting.unitById('lillesand-helsestasjon'),
    practitioner: maria,
    start: ctx.clock.at(0, 10 * 60),
    minutes: 30,
    booked: ctx.clock.at(-14, 9 * 60),
    description: 'Ekstra konsultasjon: språk og samspill',
  });
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/** Kari Lie (52), SCENARIOS.md 8: a modest history — low metabolism, hay fever, a few GP visits, one at the legevakt. */
export function kari(inputs: ScenarioInputs): CitizenRecord {
  const ctx = namedContext(inputs, 'kari-lie');
  const berg = demoRole(inputs, 'eirik-berg', 'lillesand-legekontor');
  allergy(ctx, {
    allergen: ALLERGENS.grassPollen,
    reaction: REACTIONS.rhinitis,
    severity: 'mild',
    criticality: 'low',
    recorded: ctx.clock.at(-8 * 365, 11 * 60),
    recorder: berg,
  });
  ctx.state.allergies.push('grassPollen');
  medicationLine(ctx, {
    medicine: MEDICINES.cetirizin,
    start: ctx.clock.date(-8 * 365),
    asserted: ctx.clock.at(-8 * 365, 11 * 60 + 20),
  });
  recordProblem(ctx, chronic('hypothyroidism'), { onsetDay: -9 * 365, medicines: ['levotyroksin'] });
  controlConsultations(ctx);
  acuteContacts(ctx, 3);
  const cut = ACUTE_PROBLEMS.find((p) => p.key === 'cut');
  if (cut) emergencyVisit(ctx, -2 * 365 + 100, cut);
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/** Olav Bakke (91): a long-term resident of Solgløtt, avdeling 1, with dementia. */
export function olav(inputs: ScenarioInputs): CitizenRecord {
  const ctx = namedContext(inputs, 'olav-bakke');
  recordProblem(ctx, chronic('dementia'), { onsetDay: -6 * 365 });
  recordProblem(ctx, chronic('hypertension'), { onsetDay: -25 * 365 });
  controlConsultations(ctx);
  nursingHomeStay(ctx, {
    ward: ctx.setting.unitById('solglott-avd-1'),
    kind: 'langtidsopphold',
    sinceDays: 540,
    measuredToday: true,
  });
  influenzaVaccinations(ctx, false);
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/** Anne and Sara: an ordinary record for their age, nothing the scenarios depend on. */
export function ordinaryNamed(inputs: ScenarioInputs, citizenId: string): CitizenRecord {
  const ctx = namedContext(inputs, citizenId);
  typicalContent(ctx, { care: 'none' });
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/** Lena Dahl (29), strengt fortrolig address: an ordinary record, and she has blocked the emergency clinic. */
export function lena(inputs: ScenarioInputs): CitizenRecord {
  const ctx = namedContext(inputs, 'lena-dahl');
  typicalContent(ctx, { care: 'none' });
  block(ctx);
  return { patientId: ctx.person.id, resources: ctx.out.items };
}
