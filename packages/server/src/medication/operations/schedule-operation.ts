import { fail } from '@akson/fhir';
import { formatDoseAmount } from '@akson/clinical';
import type { OperationDefinitionEntry } from '../../fhir/operations/registry.ts';
import { operationParameter } from '../../fhir/operations/parameters.ts';
import { sendJson } from '../../fhir/render/replies.ts';
import {
  unitSchedule,
  type AsNeededUse,
  type ScheduledDose,
  type UnscheduledLine,
} from '../schedule/unit-schedule.ts';
import { group, parameters, part, type Part } from './parts.ts';

const DEF = 'https://akson.no/fhir/OperationDefinition';

/**
 * GET Organization/{unit}/$administration-schedule?date=YYYY-MM-DD[&at=instant]: the unit's administration
 * schedule (utdelingsliste) for its patients that day. For the unit's own staff (and systems): a nurse acting
 * for another unit is refused with 403, even if she also works there.
 */
export const scheduleOperation: OperationDefinitionEntry = {
  name: 'administration-schedule',
  types: ['Organization'],
  level: 'instance',
  methods: ['GET'],
  definition: `${DEF}/Organization-administration-schedule`,
  handler: async (request, reply, config, target) => {
    const unitId = target.id as string;
    const date = operationParameter(request, 'date');
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', { param: 'date', detail: 'a day as YYYY-MM-DD' });
    }
    const atParam = operationParameter(request, 'at');
    const at = typeof atParam === 'string' ? new Date(atParam) : new Date();
    if (Number.isNaN(at.getTime()) || (typeof atParam === 'string' && !/T\d{2}:\d{2}/.test(atParam))) {
      throw fail('AKS_ERR_OPERATION_PARAMETER', {
        param: 'at',
        detail: 'an instant such as 2026-03-29T09:30:00+02:00',
      });
    }
    const actor = request.fhir.access.actor;
    if (
      actor.kind === 'citizen' ||
      (actor.kind === 'personnel' && actor.unitRef !== `Organization/${unitId}`)
    ) {
      throw fail('AKS_ERR_MEDICATION_SCHEDULE_UNIT', {
        actual: actor.kind === 'personnel' ? actor.unitName : 'yourself',
        unit: `Organization/${unitId}`,
      });
    }
    const schedule = await unitSchedule(request.fhir, unitId, date, at, config.timeZone);
    const body = parameters([
      part('date', schedule.date),
      part('timeZone', schedule.timeZone),
      part('at', schedule.at),
      ...schedule.patients.map((patient) =>
        group('patient', [
          part('patient', { reference: `Patient/${patient.patientId}`, display: patient.name }, 'reference'),
          ...patient.doses.map(dosePart),
          ...patient.asNeeded.map(asNeededPart),
          ...patient.unscheduled.map(unscheduledPart),
        ]),
      ),
    ]);
    return sendJson(reply, request, 200, JSON.stringify(body));
  },
};

function linePart(line: { lineResourceId: string; lineId: string; medicine: string }): (Part | undefined)[] {
  return [
    part('line', { reference: `MedicationStatement/${line.lineResourceId}` }, 'reference'),
    part('lineId', line.lineId),
    part('medicine', line.medicine),
  ];
}

function dosePart(dose: ScheduledDose): Part {
  const record = dose.state.administration;
  return group('dose', [
    ...linePart(dose),
    part('dose', dose.dose),
    part('due', dose.due),
    part('dueLocal', dose.dueLocal),
    part('slot', dose.slot, 'code'),
    dose.timeAssumed ? part('timeAssumed', true) : undefined,
    part('multidose', dose.multidose),
    part('status', dose.state.status, 'code'),
    dose.state.givenLate ? part('givenLate', true) : undefined,
    part('givenAt', record?.effectiveDateTime),
    part(
      'administration',
      record?.id ? { reference: `MedicationAdministration/${record.id}` } : undefined,
      'reference',
    ),
    part('reason', record?.statusReason?.[0]?.text ?? record?.statusReason?.[0]?.coding?.[0]?.display),
  ]);
}

function asNeededPart(use: AsNeededUse): Part {
  const max = use.plan.maxPerDay;
  const tally = use.tally;
  return group('asNeeded', [
    ...linePart(use),
    part('dosageText', use.dosageText),
    part('dose', formatDoseAmount(use.plan.dose.value, use.plan.dose.unit)),
    part('indication', use.plan.indication),
    part('givenCount', tally.givenCount),
    part('givenAmount', tally.givenAmount),
    part('maxPerDay', max ? formatDoseAmount(max.value, max.unit) : undefined),
    part('maxAmount', max?.value),
    part('unit', tally.unit),
    // Without a way to hold the doses against the maximum, no remaining amount and no "within the maximum".
    max ? part('maxAssessed', tally.assessed) : undefined,
    part('maxNotAssessed', tally.notAssessedReason?.nb),
    part('remaining', tally.remaining),
    part('overMax', tally.overMax),
  ]);
}

function unscheduledPart(line: UnscheduledLine): Part {
  return group('unscheduled', [
    ...linePart(line),
    part('dosageText', line.dosageText),
    part('reason', line.reason),
  ]);
}
