import { zonedToUtc } from '@akson/fhir';

/** Minutes after local midnight at which the seeded day "is": the morning shift has started, rounds are ahead. */
export const REFERENCE_MINUTE = 7 * 60 + 30;

/**
 * Dates and times relative to the reference date (`--now`), in the server's time zone. Everything the seeder
 * writes is placed by day offset and local time of day, so "today" in the demo always has its visits, residents
 * and queue, and the same reference date gives the same timestamps. The reference instant is 07:30 local time
 * on the reference date: what happened before it is history, what comes after it is planned.
 */
export class SeedClock {
  readonly today: string;
  readonly timeZone: string;
  /** The reference instant (ISO, UTC). Nothing seeded was recorded after it. */
  readonly now: string;
  readonly #todayMs: number;
  readonly #offsets = new Map<string, string>();

  constructor(today: string, timeZone: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) {
      throw new RangeError(`Not a date (YYYY-MM-DD): ${today}`);
    }
    this.today = today;
    this.timeZone = timeZone;
    this.#todayMs = Date.parse(`${today}T00:00:00Z`);
    this.now = this.instant(this.at(0, REFERENCE_MINUTE));
  }

  /** The local date `days` from the reference date (negative: before). */
  date(days: number): string {
    return new Date(this.#todayMs + days * 86_400_000).toISOString().slice(0, 10);
  }

  /** Local date and time with the zone's offset, e.g. 2026-11-25T08:00:00+01:00. */
  at(days: number, minuteOfDay: number): string {
    const extraDays = Math.floor(minuteOfDay / 1440);
    const minute = minuteOfDay - extraDays * 1440;
    const date = this.date(days + extraDays);
    const hh = String(Math.floor(minute / 60)).padStart(2, '0');
    const mm = String(Math.floor(minute % 60)).padStart(2, '0');
    return `${date}T${hh}:${mm}:00${this.#offset(date, hh)}`;
  }

  /** A local date-time `minutes` later (crossing midnight and daylight-saving changes correctly). */
  later(dateTime: string, minutes: number): string {
    const date = dateTime.slice(0, 10);
    const minuteOfDay = Number(dateTime.slice(11, 13)) * 60 + Number(dateTime.slice(14, 16)) + minutes;
    return this.at(this.daysFromToday(date), minuteOfDay);
  }

  /** The UTC instant of a local date-time, as stored in meta.lastUpdated. */
  instant(dateTime: string): string {
    return new Date(Date.parse(dateTime)).toISOString();
  }

  daysFromToday(date: string): number {
    return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - this.#todayMs) / 86_400_000);
  }

  /** Completed years at the reference date. */
  ageAt(birthDate: string, date: string = this.today): number {
    const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  }

  /** The date a person of this birth date reaches an age in months (health station programme). */
  dateAtAgeMonths(birthDate: string, months: number): string {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const total = m - 1 + months;
    const year = y + Math.floor(total / 12);
    const month = (total % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  }

  /** The zone's offset at a local date and hour (cached: offsets change only at daylight-saving changes). */
  #offset(date: string, hh: string): string {
    const key = `${date}T${hh}`;
    let offset = this.#offsets.get(key);
    if (offset === undefined) {
      const wall = Date.parse(`${key}:00:00Z`);
      const minutes = Math.round((wall - zonedToUtc(`${key}:00:00`, this.timeZone)) / 60_000);
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      this.#offsets.set(key, offset);
    }
    return offset;
  }
}
