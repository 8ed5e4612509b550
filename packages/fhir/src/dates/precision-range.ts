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

/** The range a FHIR date, dateTime or instant (or a search value of that form) stands for. */
export function precisionRange(value: string, timeZone: string): Range | undefined {
  const m = DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : undefined;
  const day = d ? Number(d) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > daysIn(year, month ?? 1))) return undefined;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) return undefined;

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
  const step = s === undefined ? 60_000 : fraction ? Math.max(1, 10 ** (3 - Math.min(fraction.length, 3))) : 1000;
  return { lo: new Date(startMs).toISOString(), hi: new Date(startMs + step).toISOString() };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function addDays(date: { y: number; m: number; d: number }, n: number): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function localMidnight(date: { y: number; m: number; d: number }, timeZone: string): string {
  const text = `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}T00:00:00`;
  return new Date(zonedToUtc(text, timeZone)).toISOString();
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds since the epoch of a wall-clock time ("YYYY-MM-DDTHH:mm:ss[.sss]") in a time zone. */
export function zonedToUtc(wallClock: string, timeZone: string): number {
  const asUtc = Date.parse(wallClock + 'Z');
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
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
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
