/**
 * FHIR dates have a precision, and a date search compares ranges: "2024-03" is [2024-03-01, 2024-04-01).
 * Partial dates and times without a zone are read in the server's time zone (Europe/Oslo by default).
 */

export interface Range {
  /** Inclusive lower bound as an ISO instant, or null for unbounded. */
  readonly lo: string | null;
  /** Exclusive upper bound as an ISO instant, or null for unbounded. */
  readonly hi: string | null;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The instants both PostgreSQL's timestamptz and JavaScript's toISOString() write as "YYYY-MM-DDThh:mm:ss.sssZ":
 * years 0001-9999 in UTC. Outside it, toISOString() writes "+010000-..." or "0000-..." (year 0), which
 * PostgreSQL refuses, so a birthDate of 0001-01-01 (valid FHIR, but before UTC year 1 once Oslo's local mean
 * time is applied) or a search for 9999 used to fail with a 500. Bounds are clamped into this window instead;
 * that moves them by at most a day at the very ends of the calendar.
 */
const MIN_INSTANT_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const MAX_INSTANT_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export function instantText(ms: number): string {
  return new Date(Math.min(Math.max(ms, MIN_INSTANT_MS), MAX_INSTANT_MS)).toISOString();
}

/** The range a FHIR date, dateTime or instant (or a search value of that form) stands for. */
export function precisionRange(value: string, timeZone: string): Range | undefined {
  const m = DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  if (year === 0) return undefined; // FHIR's date types start at year 0001
  const month = mo ? Number(mo) : undefined;
  const day = d ? Number(d) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > daysIn(year, month ?? 1))) return undefined;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)))
    return undefined;

  if (h === undefined) {
    const start = { y: year, m: month ?? 1, d: day ?? 1 };
    const end =
      day !== undefined
        ? addDays(start, 1)
        : month !== undefined
          ? { y: month === 12 ? year + 1 : year, m: month === 12 ? 1 : month + 1, d: 1 }
          : { y: year + 1, m: 1, d: 1 };
    return { lo: localMidnight(start, timeZone), hi: localMidnight(end, timeZone) };
  }
  const seconds = s ?? '00';
  const fraction = frac ?? '';
  const text = `${y}-${mo}-${d}T${h}:${mi}:${seconds}${fraction ? '.' + fraction.slice(0, 3).padEnd(3, '0') : ''}`;
  const startMs = zone ? Date.parse(text + (zone === 'Z' ? 'Z' : zone)) : zonedToUtc(text, timeZone);
  if (Number.isNaN(startMs)) return undefined;
  // Precision: minutes, seconds or milliseconds (sub-millisecond digits are kept at millisecond precision).
  const step =
    s === undefined ? 60_000 : fraction ? Math.max(1, 10 ** (3 - Math.min(fraction.length, 3))) : 1000;
  return { lo: instantText(startMs), hi: instantText(startMs + step) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function addDays(date: { y: number; m: number; d: number }, n: number): { y: number; m: number; d: number } {
  const t = new Date(utcMs(date.y, date.m, date.d + n, 0, 0, 0)); // not Date.UTC: it reads years 0-99 as 19xx
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function localMidnight(date: { y: number; m: number; d: number }, timeZone: string): string {
  // Built with setUTCFullYear, not parsed: the end of year 9999 is year 10000, which Date.parse does not read
  // in the plain "YYYY-MM-DD" form (and Date.UTC would read years 0-99 as 1900-1999).
  return instantText(wallClockToUtc(utcMs(date.y, date.m, date.d, 0, 0, 0), timeZone));
}

/** Milliseconds of a wall-clock time read as if it were UTC, for any year. */
function utcMs(y: number, m: number, d: number, h: number, mi: number, s: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds since the epoch of a wall-clock time ("YYYY-MM-DDTHH:mm:ss[.sss]") in a time zone. */
export function zonedToUtc(wallClock: string, timeZone: string): number {
  return wallClockToUtc(Date.parse(wallClock + 'Z'), timeZone);
}

/** The same, for a wall-clock time given as milliseconds (read as if it were UTC). */
function wallClockToUtc(asUtc: number, timeZone: string): number {
  if (Number.isNaN(asUtc)) return NaN;
  // Two passes settle the offset also around daylight-saving changes.
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(instant: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  // Years before 1 AD come back as "1 BC", "2 BC"...: year 1 BC is year 0 in the proleptic calendar.
  const year =
    parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - Number(parts['year']) : Number(parts['year']);
  const wall = utcMs(
    year,
    Number(parts['month']),
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** PostgreSQL tstzmultirange literal for a set of ranges; null when there are none. */
export function multirangeLiteral(ranges: readonly Range[]): string | null {
  if (ranges.length === 0) return null;
  const parts = ranges.map((r) => `${r.lo ? `["${r.lo}"` : '('},${r.hi ? `"${r.hi}")` : ')'}`);
  return `{${parts.join(',')}}`;
}
