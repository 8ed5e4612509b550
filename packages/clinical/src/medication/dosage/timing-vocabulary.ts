// Words and orderings for FHIR timing codes: weekdays, EventTiming (`when`) and period units.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const WEEKDAY_NB: Record<Weekday, string> = {
  mon: 'mandag',
  tue: 'tirsdag',
  wed: 'onsdag',
  thu: 'torsdag',
  fri: 'fredag',
  sat: 'lørdag',
  sun: 'søndag',
};

export function weekdayNb(day: Weekday): string {
  return WEEKDAY_NB[day];
}

export function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

/**
 * The EventTiming codes Akson accepts, in the order of the day. `minute` is an approximate clock time, used only
 * to order slots and to sort `when` against `timeOfDay`. Generic meal codes (C, AC, PC) are deliberately absent:
 * "with meals" does not say how many times a day, which is exactly the kind of ambiguity we refuse.
 */
export interface EventTimingWord {
  readonly code: string;
  readonly nb: string;
  readonly en: string;
  readonly minute: number;
}

const EVENT_TIMINGS: readonly EventTimingWord[] = [
  { code: 'MORN.early', nb: 'tidlig morgen', en: 'early morning', minute: 360 },
  { code: 'WAKE', nb: 'ved oppvåkning', en: 'on waking', minute: 390 },
  { code: 'ACM', nb: 'før frokost', en: 'before breakfast', minute: 450 },
  { code: 'MORN', nb: 'morgen', en: 'morning', minute: 480 },
  { code: 'CM', nb: 'til frokost', en: 'with breakfast', minute: 481 },
  { code: 'PCM', nb: 'etter frokost', en: 'after breakfast', minute: 510 },
  { code: 'MORN.late', nb: 'formiddag', en: 'late morning', minute: 600 },
  { code: 'ACD', nb: 'før lunsj', en: 'before lunch', minute: 690 },
  { code: 'NOON', nb: 'midt på dagen', en: 'noon', minute: 720 },
  { code: 'CD', nb: 'til lunsj', en: 'with lunch', minute: 721 },
  { code: 'PCD', nb: 'etter lunsj', en: 'after lunch', minute: 750 },
  { code: 'AFT.early', nb: 'tidlig ettermiddag', en: 'early afternoon', minute: 780 },
  { code: 'AFT', nb: 'ettermiddag', en: 'afternoon', minute: 900 },
  { code: 'ACV', nb: 'før middag', en: 'before dinner', minute: 990 },
  { code: 'AFT.late', nb: 'sen ettermiddag', en: 'late afternoon', minute: 1020 },
  { code: 'CV', nb: 'til middag', en: 'with dinner', minute: 1021 },
  { code: 'PCV', nb: 'etter middag', en: 'after dinner', minute: 1050 },
  { code: 'EVE.early', nb: 'tidlig kveld', en: 'early evening', minute: 1080 },
  { code: 'EVE', nb: 'kveld', en: 'evening', minute: 1200 },
  { code: 'EVE.late', nb: 'sen kveld', en: 'late evening', minute: 1260 },
  { code: 'HS', nb: 'ved sengetid', en: 'at bedtime', minute: 1320 },
  { code: 'NIGHT', nb: 'natt', en: 'night', minute: 1380 },
];

const EVENT_TIMING_BY_CODE = new Map(EVENT_TIMINGS.map((timing) => [timing.code, timing]));

export function findEventTiming(code: string): EventTimingWord | undefined {
  return EVENT_TIMING_BY_CODE.get(code);
}

export function supportedEventTimings(): readonly EventTimingWord[] {
  return EVENT_TIMINGS;
}

/** Minutes after midnight for a FHIR time ("08:00:00"), or undefined when malformed. */
export function minuteOfTime(time: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d)(\.\d+)?)?$/.exec(time);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Norwegian clock notation, "kl. 08.00" (Språkrådet: full stop between hours and minutes). */
export function clockNb(time: string): string {
  const [hours = '00', minutes = '00'] = time.split(':');
  return `${hours}.${minutes}`;
}

export type SupportedPeriodUnit = 'h' | 'd' | 'wk' | 'mo';
export const SUPPORTED_PERIOD_UNITS: readonly SupportedPeriodUnit[] = ['h', 'd', 'wk', 'mo'];

export function isSupportedPeriodUnit(unit: string | undefined): unit is SupportedPeriodUnit {
  return unit !== undefined && (SUPPORTED_PERIOD_UNITS as readonly string[]).includes(unit);
}

/** Average days per unit; a month is a Gregorian average so that monthly doses average correctly. */
export const DAYS_PER_UNIT: Record<SupportedPeriodUnit, number> = { h: 1 / 24, d: 1, wk: 7, mo: 365.25 / 12 };

const UNIT_WORDS_NB: Record<SupportedPeriodUnit, { singular: string; plural: string }> = {
  h: { singular: 'time', plural: 'timer' },
  d: { singular: 'dag', plural: 'dager' },
  wk: { singular: 'uke', plural: 'uker' },
  mo: { singular: 'måned', plural: 'måneder' },
};

/** "1 dag", "4 dager", "2 uker". */
export function durationNb(value: number, unit: SupportedPeriodUnit): string {
  const words = UNIT_WORDS_NB[unit];
  return `${String(value).replace('.', ',')} ${value === 1 ? words.singular : words.plural}`;
}

export function periodUnitWordNb(unit: SupportedPeriodUnit): string {
  return UNIT_WORDS_NB[unit].singular;
}

const ORDINALS_NB: Record<number, string> = {
  3: 'tredje',
  4: 'fjerde',
  5: 'femte',
  6: 'sjette',
  7: 'sjuende',
  8: 'åttende',
  9: 'niende',
  10: 'tiende',
  11: 'ellevte',
  12: 'tolvte',
};

/**
 * "hver dag", "annenhver dag", "hver tredje dag", "hver 14. dag"; hours always with digits ("hver 8. time"),
 * which is how Norwegian prescriptions write them.
 */
export function everyNthNb(period: number, unit: SupportedPeriodUnit): string {
  const word = periodUnitWordNb(unit);
  if (period === 1) return `hver ${word}`;
  if (unit === 'h' || !Number.isInteger(period)) return `hver ${String(period).replace('.', ',')}. ${word}`;
  if (period === 2) return `annenhver ${word}`;
  const ordinal = ORDINALS_NB[period];
  return ordinal ? `hver ${ordinal} ${word}` : `hver ${period}. ${word}`;
}

/** Joins "a", "a og b", "a, b og c". */
export function joinNb(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} og ${parts[parts.length - 1]}`;
}
