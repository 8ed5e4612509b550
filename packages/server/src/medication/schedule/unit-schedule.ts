import type {
  EpisodeOfCare,
  MedicationAdministration,
  MedicationStatement,
  Patient,
} from '@medplum/fhirtypes';
import { parseFhirJson, zonedToUtc } from '@akson/fhir';
import {
  addDays,
  administrationDay,
  AS_NEEDED_WINDOW_MS,
  asNeededTally,
  formatDoseAmount,
  INTERVAL_REFERENCE_DAY,
  intervalInstants,
  renderDosage,
  ROUTINE_START_MINUTE,
  strengthFromName,
  type AsNeededDose,
  type AsNeededTally,
} from '@akson/clinical';
import type { ResourceRow } from '@akson/store';
import type { ResourceService } from '../../services/resource-service.ts';
import { lineIdOf } from '../line-identity.ts';
import { searchAll } from '../search-all.ts';
import { MEDICATION_LINE_URL, MULTIDOSE_EXTENSION_URL, SCHEDULED_TIME_URL } from '../medication-urls.ts';
import { doseState, type DoseState } from './dose-status.ts';

export interface ScheduledDose {
  readonly lineResourceId: string;
  readonly lineId: string;
  readonly medicine: string;
  readonly dose: string;
  /** The due instant, and its local wall-clock time. */
  readonly due: string;
  readonly dueLocal: string;
  readonly slot?: string;
  readonly timeAssumed: boolean;
  readonly multidose: boolean;
  readonly state: DoseState;
}

export interface AsNeededUse {
  readonly lineResourceId: string;
  readonly lineId: string;
  readonly medicine: string;
  readonly dosageText: string;
  readonly plan: AsNeededDose;
  /** What was given in the 24 hours before the moment asked about, against the maximum (clinical asNeededTally). */
  readonly tally: AsNeededTally;
}

export interface UnscheduledLine {
  readonly lineResourceId: string;
  readonly lineId: string;
  readonly medicine: string;
  readonly dosageText: string;
  readonly reason: string;
}

export interface PatientSchedule {
  readonly patientId: string;
  readonly name: string;
  readonly doses: readonly ScheduledDose[];
  readonly asNeeded: readonly AsNeededUse[];
  readonly unscheduled: readonly UnscheduledLine[];
}

export interface UnitSchedule {
  readonly date: string;
  readonly timeZone: string;
  readonly at: string;
  readonly patients: readonly PatientSchedule[];
}

/**
 * A unit's administration schedule for one day: the patients with an active episode of care at the unit, each
 * with the doses due that day (local wall-clock times in the configured zone, right across daylight-saving
 * changes), whether each was given, not given or refused, is due, late or missed at `at`, and the as-needed
 * doses given against their daily maximum. Everything is read through the caller's service (scoped, audited).
 */
export async function unitSchedule(
  fhir: ResourceService,
  unitId: string,
  date: string,
  at: Date,
  timeZone: string,
): Promise<UnitSchedule> {
  const episodes = await allRows(fhir, 'EpisodeOfCare', [
    ['organization', `Organization/${unitId}`],
    ['status', 'active'],
  ]);
  const patientIds = [
    ...new Set(
      episodes
        .map((row) => (parse<EpisodeOfCare>(row).patient?.reference ?? '').replace(/^Patient\//, ''))
        .filter(Boolean),
    ),
  ];
  if (patientIds.length === 0) return { date, timeZone, at: at.toISOString(), patients: [] };

  const dayStart = zonedToUtc(`${date}T00:00:00`, timeZone);
  const dayEnd = zonedToUtc(`${addDays(date, 1)}T00:00:00`, timeZone);
  const patients: PatientSchedule[] = [];
  for (const ids of chunks(patientIds, 100)) {
    const list = ids.join(',');
    const [people, current, ended, given] = await Promise.all([
      allRows(fhir, 'Patient', [['_id', list]]),
      allRows(fhir, 'MedicationStatement', [
        ['patient', list],
        ['status', 'active,on-hold'],
      ]),
      // Lines stopped that day keep the doses due before the stop (given, refused or missed while active).
      allRows(fhir, 'MedicationStatement', [
        ['patient', list],
        ['status', 'stopped,completed'],
        ['effective', `ge${new Date(dayStart).toISOString()}`],
      ]),
      // A late dose may be recorded after midnight, an early one before: read half a day either side, and the
      // 24 hours before the moment the as-needed doses are counted at.
      allRows(fhir, 'MedicationAdministration', [
        ['patient', list],
        [
          'effective-time',
          `ge${new Date(Math.min(dayStart - 12 * 3_600_000, asNeededMoment(dayEnd, at.getTime()) - AS_NEEDED_WINDOW_MS)).toISOString()}`,
        ],
        ['effective-time', `lt${new Date(dayEnd + 12 * 3_600_000).toISOString()}`],
      ]),
    ]);
    const lines = [...current, ...ended];
    for (const person of people) {
      const patient = parse<Patient>(person);
      const own = (row: ResourceRow) => row.patientId === person.id;
      patients.push(
        patientSchedule(
          person.id,
          nameOf(patient),
          lines.filter(own),
          given.filter(own).map((row) => parse<MedicationAdministration>(row)),
          { date, dayStart, dayEnd, at: at.getTime(), timeZone },
        ),
      );
    }
  }
  patients.sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return { date, timeZone, at: at.toISOString(), patients };
}

interface Day {
  readonly date: string;
  readonly dayStart: number;
  readonly dayEnd: number;
  readonly at: number;
  readonly timeZone: string;
}

function patientSchedule(
  patientId: string,
  name: string,
  lineRows: readonly ResourceRow[],
  records: readonly MedicationAdministration[],
  day: Day,
): PatientSchedule {
  const doses: ScheduledDose[] = [];
  const asNeeded: AsNeededUse[] = [];
  const unscheduled: UnscheduledLine[] = [];
  // As of `at`: what was recorded later has not happened yet in this view.
  const current = records.filter(
    (record) => record.status !== 'entered-in-error' && Date.parse(record.effectiveDateTime ?? '') <= day.at,
  );
  for (const row of lineRows) {
    const statement = parse<MedicationStatement>(row);
    const line = {
      lineResourceId: row.id,
      lineId: lineIdOf(statement) ?? row.id,
      medicine: statement.medicationCodeableConcept?.text ?? 'Ukjent legemiddel',
    };
    const dosageText = statement.dosage?.[0]?.text ?? renderDosage(statement.dosage ?? []);
    // A line that ended (stopped, completed): only its doses due before the end, on the day it ended.
    const ended = statement.status === 'stopped' || statement.status === 'completed';
    const end = ended ? Date.parse(statement.effectivePeriod?.end ?? '') : Infinity;
    if (ended && !(end >= day.dayStart)) continue;
    if (statement.status === 'on-hold') {
      const why = statement.statusReason?.[0]?.text;
      unscheduled.push({ ...line, dosageText, reason: `Pauset${why ? `: ${why}` : ''}` });
      continue;
    }
    const planned = administrationDay(statement.dosage ?? [], day.date, statement.effectivePeriod?.start);
    if (planned.kind === 'unscheduled') {
      if (!ended) unscheduled.push({ ...line, dosageText, reason: planned.reason.nb });
      continue;
    }
    const onLine = current.filter((record) => linkedTo(record, row.id));
    const multidose =
      statement.extension?.find((e) => e.url === MULTIDOSE_EXTENSION_URL)?.valueBoolean === true;
    const intervals = new Set<object>();
    for (const dose of planned.doses) {
      let instants: number[];
      if (dose.interval) {
        // Every N hours in elapsed time (8 real hours also across a daylight-saving night), once per series.
        if (intervals.has(dose.interval)) continue;
        intervals.add(dose.interval);
        const from = dose.interval.from ?? INTERVAL_REFERENCE_DAY;
        const anchor = zonedToUtc(`${from}T${clockOf(ROUTINE_START_MINUTE)}:00`, day.timeZone);
        instants = intervalInstants(dose.interval, anchor, day.dayStart, day.dayEnd);
      } else {
        instants = [zonedToUtc(`${day.date}T${dose.time}:00`, day.timeZone)];
      }
      for (const due of instants.filter((instant) => instant < end)) {
        const record = latest(onLine.filter((r) => Date.parse(scheduledTime(r) ?? '') === due));
        doses.push({
          ...line,
          dose: formatDoseAmount(dose.dose.value, dose.dose.unit),
          due: new Date(due).toISOString(),
          dueLocal: localClock(due, day.timeZone),
          ...(dose.slot ? { slot: dose.slot } : {}),
          timeAssumed: dose.timeAssumed,
          multidose,
          state: doseState(due, record, day.at),
        });
      }
    }
    // "Maks 4 g per døgn" is any 24 hours: counted back from the moment asked about (its end for a past day).
    const moment = asNeededMoment(day.dayEnd, day.at);
    const given = onLine.flatMap((record) => {
      const dose = record.dosage?.dose;
      if (record.status !== 'completed' || scheduledTime(record) !== undefined || !dose?.unit) return [];
      return [{ at: Date.parse(record.effectiveDateTime ?? ''), value: dose.value ?? 0, unit: dose.unit }];
    });
    for (const plan of ended ? [] : planned.asNeeded) {
      const strength = strengthFromName(statement.medicationCodeableConcept?.text, plan.dose.unit);
      asNeeded.push({ ...line, dosageText, plan, tally: asNeededTally(plan, given, moment, strength) });
    }
  }
  doses.sort((a, b) => a.due.localeCompare(b.due) || a.medicine.localeCompare(b.medicine, 'nb'));
  return { patientId, name, doses, asNeeded, unscheduled };
}

function clockOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The moment as-needed doses are counted back from: `at`, or the day's end when `at` is later. */
function asNeededMoment(dayEnd: number, at: number): number {
  return Math.min(at, dayEnd);
}

function linkedTo(record: MedicationAdministration, lineResourceId: string): boolean {
  const link = record.extension?.find((e) => e.url === MEDICATION_LINE_URL)?.valueReference?.reference;
  return link === `MedicationStatement/${lineResourceId}`;
}

function scheduledTime(record: MedicationAdministration): string | undefined {
  return record.extension?.find((e) => e.url === SCHEDULED_TIME_URL)?.valueDateTime;
}

/** The record that counts when a dose was recorded twice (a correction): the latest. */
function latest(records: readonly MedicationAdministration[]): MedicationAdministration | undefined {
  return [...records].sort((a, b) => (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''))[0];
}

const clocks = new Map<string, Intl.DateTimeFormat>();
function localClock(instant: number, timeZone: string): string {
  let format = clocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parse<T>(row: ResourceRow): T {
  return parseFhirJson(row.content ?? '{}') as T;
}

function nameOf(patient: Patient): string {
  const name = patient.name?.[0];
  return [...(name?.given ?? []), name?.family].filter(Boolean).join(' ') || 'Ukjent';
}

async function allRows(
  fhir: ResourceService,
  type: string,
  params: [string, string][],
): Promise<ResourceRow[]> {
  return (await searchAll(fhir, type, params)).rows;
}
