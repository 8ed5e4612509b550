import { checkMedicationList, medicationLineFromStatement } from '@akson/clinical';
import type { AllergyIntolerance, MedicationStatement } from '@medplum/fhirtypes';
import { acknowledgementExtension } from '../../medication/acknowledgements.ts';
import { findingKey } from '../../medication/findings.ts';
import { allergy, ALLERGENS, REACTIONS } from '../clinical/allergies.ts';
import { dosageOf, medicationLine, MEDICINES } from '../clinical/medicines.ts';
import { vitalSet } from '../clinical/vital-signs.ts';
import type { CitizenContext } from '../citizen-context.ts';
import { influenzaVaccinations } from '../pathways/adult-vaccinations.ts';
import { emergencyVisit } from '../pathways/emergency-clinic.ts';
import { acuteContacts, controlConsultations, recordProblem } from '../pathways/gp-care.ts';
import { homeCare } from '../pathways/home-care.ts';
import { ACUTE_PROBLEMS } from '../clinical/problem-catalogue.ts';
import type { CitizenRecord } from '../record-builder.ts';
import { chronic, demoRole, namedContext, type ScenarioInputs } from './scenario-context.ts';
import type { SiljeRound } from './silje-round.ts';

/**
 * Ingrid Fjeld (84), SCENARIOS.md 1–4: a severe penicillin allergy (critical information), atrial fibrillation
 * on warfarin and metoprolol, knee pain with paracetamol as needed and ibuprofen (the warfarin + NSAID
 * interaction acknowledged by her GP, Dr. Berg, when it was started), home care from hjemmesykepleien sone Nord
 * four times a day by decision, and last evening's vital signs at 21:00 with NEWS2 3.
 */
export function ingrid(inputs: ScenarioInputs, round: SiljeRound): CitizenRecord {
  const ctx = namedContext(inputs, 'ingrid-fjeld');
  const berg = demoRole(inputs, 'eirik-berg', 'lillesand-legekontor');
  allergy(ctx, {
    allergen: ALLERGENS.penicillin,
    reaction: REACTIONS.anaphylaxis,
    severity: 'severe',
    criticality: 'high',
    onset: '1998-06-14',
    recorded: ctx.clock.at(-11 * 365, 10 * 60),
    recorder: berg,
    note: 'Anafylaktisk reaksjon på penicillin i 1998, behandlet på sykehus.',
  });
  ctx.state.allergies.push('penicillin');
  recordProblem(ctx, chronic('hypertension'), { onsetDay: -20 * 365, medicines: [] });
  recordProblem(ctx, chronic('atrialFibrillation'), { onsetDay: -11 * 365, medicines: ['warfarin'] });
  medicationLine(ctx, {
    medicine: MEDICINES.metoprolol,
    start: ctx.clock.date(-11 * 365 + 3),
    asserted: ctx.clock.at(-11 * 365 + 3, 11 * 60),
    reason: 'K78',
    multidose: true,
  });
  ctx.state.medicines.push('metoprolol');
  recordProblem(ctx, chronic('kneeArthrosis'), { onsetDay: -6 * 365, medicines: ['paracetamolBehov'] });
  ibuprofenWithAcknowledgement(ctx, berg);
  controlConsultations(ctx);
  acuteContacts(ctx, 3);
  const fall = ACUTE_PROBLEMS.find((p) => p.key === 'cut');
  if (fall) emergencyVisit(ctx, -2 * 365 + 40, fall);

  homeCare(ctx, {
    visitsPerDay: 4,
    sinceDays: 430,
    practicalHelp: true,
    woundCare: true,
    route: (minute) => round.visitOf('ingrid', minute),
  });
  // Last evening's round: the evening nurse measured a full set at 21:00; NEWS2 3 (respiration 22, SpO2 95 %).
  vitalSet(ctx, {
    at: ctx.clock.at(-1, 21 * 60),
    performer: round.eveningNurse,
    values: {
      respirationRate: 22,
      spo2: { percent: 95, onOxygen: false },
      bloodPressure: { systolic: 128, diastolic: 74 },
      pulse: 88,
      temperature: 37.6,
      consciousness: 'A',
    },
  });
  influenzaVaccinations(ctx, true);
  return { patientId: ctx.person.id, resources: ctx.out.items };
}

/**
 * Ibuprofen as needed, added by Dr. Berg with the warfarin + NSAID finding acknowledged: the acknowledgement
 * the medication rule stores for a new line (finding key relative to the line, reason, the finding's text,
 * who, when and which catalogue), built with the rule's own helpers from clinical's check.
 */
function ibuprofenWithAcknowledgement(
  ctx: CitizenContext,
  berg: { reference: string; display?: string },
): void {
  const day = -300;
  const asserted = ctx.clock.at(day, 10 * 60 + 40);
  const lineId = ctx.out.newId();
  const knowledge = ctx.safety.knowledge;
  const items = ctx.out.items.map((i) => i.resource);
  const active = items
    .filter((r) => r.resourceType === 'MedicationStatement' && r['status'] === 'active')
    .map((r) => medicationLineFromStatement(r as unknown as MedicationStatement));
  const allergies = items.filter(
    (r) => r.resourceType === 'AllergyIntolerance',
  ) as unknown as AllergyIntolerance[];
  const ibuprofen = MEDICINES.ibuprofen;
  const result = checkMedicationList({
    activeLines: active,
    change: {
      kind: 'add',
      line: { id: lineId, name: ibuprofen.product, atc: ibuprofen.atc, dosage: dosageOf(ibuprofen.dosage) },
    },
    allergies,
    catalogue: knowledge.catalogue,
    maxDoses: knowledge.maxDoses,
    patient: { ageYears: ctx.clock.ageAt(ctx.person.birthDate, ctx.clock.date(day)) },
    scope: 'change',
  });
  const acknowledgements = result.findings
    .filter((f) => f.requiresAcknowledgement)
    .map((f) =>
      acknowledgementExtension({
        finding: findingKey(f.id, lineId),
        reason: `Kortvarig bruk ved knesmerter etter samtale med pasienten; INR kontrolleres ukentlig (${berg.display ?? 'fastlege'}).`,
        text: f.text.nb,
        by: ctx.writer,
        at: asserted,
        catalogue: knowledge.catalogue.retrievedAt ?? knowledge.source,
      }),
    );
  medicationLine(ctx, {
    medicine: ibuprofen,
    start: ctx.clock.date(day),
    asserted,
    reason: 'L90',
    lineId,
    extension: acknowledgements,
  });
  ctx.state.medicines.push('ibuprofen');
}
