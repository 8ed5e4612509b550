// Reads timing.repeat into a Schedule: how often, on which weekdays, at which times of day. The rules for
// what is ambiguous live here; docs/medication.md lists them.

import type { TimingRepeat } from '@medplum/fhirtypes';
import { dosageError, dosageWarning, type DosageIssue } from './dosage-issues.ts';
import type { Schedule, ScheduleSlots } from './dosage-model.ts';
import {
  findEventTiming,
  isSupportedPeriodUnit,
  isWeekday,
  minuteOfTime,
  WEEKDAYS,
  type SupportedPeriodUnit,
  type Weekday,
} from './timing-vocabulary.ts';

function readSlots(repeat: TimingRepeat, path: string, issues: DosageIssue[]): ScheduleSlots {
  const when = repeat.when ?? [];
  const times = repeat.timeOfDay ?? [];
  if (when.length > 0 && times.length > 0) {
    issues.push(
      dosageError(
        'when-and-time-of-day',
        `${path}.when`,
        'Både tidspunkt på døgnet (when) og klokkeslett (timeOfDay) er angitt; bruk ett av dem.',
        'Both a period of the day (when) and clock times (timeOfDay) are given; use one of them.',
      ),
    );
  }
  if (when.length > 0) {
    for (const code of when) {
      if (!findEventTiming(code)) {
        issues.push(
          dosageError(
            'when-unsupported',
            `${path}.when`,
            `Tidspunktet «${code}» støttes ikke (måltidskoder uten angitt måltid sier ikke hvor mange ganger daglig).`,
            `The timing "${code}" is not supported (meal codes without a named meal do not say how many times a day).`,
          ),
        );
      }
    }
    if (new Set(when).size !== when.length) {
      issues.push(
        dosageError(
          'slot-duplicated',
          `${path}.when`,
          'Samme tidspunkt er angitt flere ganger.',
          'The same timing is given twice.',
        ),
      );
    }
    return { kind: 'when', codes: when };
  }
  if (times.length > 0) {
    for (const time of times) {
      if (minuteOfTime(time) === undefined) {
        issues.push(
          dosageError(
            'time-of-day-invalid',
            `${path}.timeOfDay`,
            `Klokkeslettet «${time}» er ugyldig (forventet TT:MM:SS).`,
            `The time "${time}" is invalid (expected HH:MM:SS).`,
          ),
        );
      }
    }
    const minutes = times.map(minuteOfTime);
    if (new Set(minutes).size !== minutes.length) {
      issues.push(
        dosageError(
          'slot-duplicated',
          `${path}.timeOfDay`,
          'Samme klokkeslett er angitt flere ganger.',
          'The same time is given twice.',
        ),
      );
    }
    return { kind: 'timeOfDay', times };
  }
  return { kind: 'none' };
}

function slotCount(slots: ScheduleSlots): number {
  if (slots.kind === 'when') return slots.codes.length;
  if (slots.kind === 'timeOfDay') return slots.times.length;
  return 0;
}

function readDays(repeat: TimingRepeat, path: string, issues: DosageIssue[]): Weekday[] {
  const raw = repeat.dayOfWeek ?? [];
  const days: Weekday[] = [];
  for (const day of raw) {
    if (isWeekday(day)) days.push(day);
    else {
      issues.push(
        dosageError(
          'repeat-element-unsupported',
          `${path}.dayOfWeek`,
          `Ukjent ukedag «${day}».`,
          `Unknown weekday "${day}".`,
        ),
      );
    }
  }
  if (new Set(days).size !== days.length) {
    issues.push(
      dosageError(
        'slot-duplicated',
        `${path}.dayOfWeek`,
        'Samme ukedag er angitt flere ganger.',
        'The same weekday is given twice.',
      ),
    );
  }
  return WEEKDAYS.filter((day) => days.includes(day));
}

/** The events per period the slots and weekdays imply: one per slot on each listed day. */
function impliedFrequency(slots: ScheduleSlots, days: readonly Weekday[]): number {
  return Math.max(1, slotCount(slots)) * Math.max(1, days.length);
}

export function readSchedule(
  repeat: TimingRepeat,
  path: string,
  asNeeded: boolean,
  issues: DosageIssue[],
): Schedule | undefined {
  const slots = readSlots(repeat, path, issues);
  const days = readDays(repeat, path, issues);
  const { frequency, period, periodUnit } = repeat;
  const hasSlots = slots.kind !== 'none';

  if (
    frequency === undefined &&
    period === undefined &&
    periodUnit === undefined &&
    !hasSlots &&
    days.length === 0
  ) {
    if (!asNeeded) {
      issues.push(
        dosageError(
          'timing-missing',
          `${path}.timing.repeat`,
          'Fast dosering mangler hyppighet (hvor ofte dosen skal gis).',
          'A regular dosage has no frequency (how often the dose is given).',
        ),
      );
    }
    return undefined;
  }
  if (frequency !== undefined && (!Number.isInteger(frequency) || frequency < 1)) {
    issues.push(
      dosageError(
        'frequency-not-positive-integer',
        `${path}.timing.repeat.frequency`,
        'Antall ganger må være et positivt heltall.',
        'The frequency must be a positive whole number.',
      ),
    );
    return undefined;
  }
  if (frequency !== undefined && period === undefined) {
    issues.push(
      dosageError(
        'frequency-without-period',
        `${path}.timing.repeat.period`,
        `Dosen skal gis ${frequency} ${frequency === 1 ? 'gang' : 'ganger'}, men det står ikke per hva (døgn, uke …).`,
        `The dose is given ${frequency} time(s), but not per what (day, week …).`,
      ),
    );
    return undefined;
  }
  if (period !== undefined && periodUnit === undefined) {
    issues.push(
      dosageError(
        'period-without-unit',
        `${path}.timing.repeat.periodUnit`,
        'Perioden mangler enhet (time, døgn, uke, måned).',
        'The period has no unit (hour, day, week, month).',
      ),
    );
    return undefined;
  }
  if (periodUnit !== undefined && !isSupportedPeriodUnit(periodUnit)) {
    issues.push(
      dosageError(
        'period-unit-unsupported',
        `${path}.timing.repeat.periodUnit`,
        `Periodeenheten «${periodUnit}» støttes ikke (bruk time, døgn, uke eller måned).`,
        `The period unit "${periodUnit}" is not supported (use hour, day, week or month).`,
      ),
    );
    return undefined;
  }
  if (period !== undefined && (!Number.isFinite(period) || period <= 0)) {
    issues.push(
      dosageError(
        'period-not-positive',
        `${path}.timing.repeat.period`,
        'Perioden må være større enn null.',
        'The period must be greater than zero.',
      ),
    );
    return undefined;
  }

  // Slots or weekdays without a period: FHIR lets `when: [MORN, EVE]` stand alone (daily), and weekdays alone
  // mean weekly. Accepted, with a warning, because the meaning is clear but not explicit.
  const effectiveUnit: SupportedPeriodUnit = isSupportedPeriodUnit(periodUnit)
    ? periodUnit
    : days.length > 0
      ? 'wk'
      : 'd';
  const effectivePeriod = period ?? 1;

  if (days.length > 0 && effectiveUnit !== 'wk') {
    issues.push(
      dosageError(
        'day-of-week-needs-weekly-period',
        `${path}.timing.repeat.dayOfWeek`,
        'Ukedager krever periode i uker (periodUnit «wk»). En daglig periode med ukedag er nettopp feilen som gjorde ukentlige doser daglige.',
        'Weekdays require a period in weeks (periodUnit "wk"). A daily period with a weekday is exactly the error that turned weekly doses into daily ones.',
      ),
    );
    return undefined;
  }
  if (asNeeded && (hasSlots || days.length > 0)) {
    issues.push(
      dosageError(
        'as-needed-with-slots',
        `${path}.timing.repeat`,
        'Ved behov-dosering med faste tidspunkter eller ukedager er tvetydig; del opp i fast dose og ved behov.',
        'An as-needed dosage with fixed times or weekdays is ambiguous; split it into a regular and an as-needed dose.',
      ),
    );
    return undefined;
  }
  if (
    hasSlots &&
    (effectiveUnit === 'h' || effectiveUnit === 'mo' || (effectiveUnit === 'wk' && days.length === 0))
  ) {
    issues.push(
      dosageError(
        'slots-not-allowed',
        `${path}.timing.repeat`,
        effectiveUnit === 'wk'
          ? 'Tidspunkt på døgnet i en ukentlig dosering krever ukedag.'
          : 'Tidspunkt på døgnet kan bare brukes med daglig eller ukentlig dosering.',
        effectiveUnit === 'wk'
          ? 'A time of day in a weekly dosage requires a weekday.'
          : 'A time of day can only be used with a daily or weekly dosage.',
      ),
    );
    return undefined;
  }

  const implied = impliedFrequency(slots, days);
  let effectiveFrequency = frequency;
  if (effectiveFrequency === undefined) {
    effectiveFrequency = hasSlots || days.length > 0 ? implied : 1;
    issues.push(
      dosageWarning(
        'frequency-missing',
        `${path}.timing.repeat.frequency`,
        `Antall ganger per periode mangler; tolket som ${effectiveFrequency}.`,
        `The frequency per period is missing; read as ${effectiveFrequency}.`,
      ),
    );
  }
  if (hasSlots && effectiveFrequency !== implied) {
    issues.push(
      dosageError(
        'slots-frequency-mismatch',
        `${path}.timing.repeat.frequency`,
        `Antall ganger (${effectiveFrequency}) stemmer ikke med tidspunktene (${implied}); det er uklart hvor mange doser som skal gis.`,
        `The frequency (${effectiveFrequency}) does not match the listed times (${implied}); it is unclear how many doses to give.`,
      ),
    );
    return undefined;
  }
  if (!hasSlots && days.length > 0 && effectiveFrequency % days.length !== 0) {
    issues.push(
      dosageError(
        'days-frequency-mismatch',
        `${path}.timing.repeat.frequency`,
        `Antall ganger per uke (${effectiveFrequency}) kan ikke fordeles likt på ${days.length} ukedager.`,
        `The weekly frequency (${effectiveFrequency}) cannot be spread evenly over ${days.length} weekdays.`,
      ),
    );
    return undefined;
  }
  return { frequency: effectiveFrequency, period: effectivePeriod, periodUnit: effectiveUnit, days, slots };
}
