// Dates, times, names and numbers the Norwegian way, always in the municipality's time zone (a nurse's tablet
// set to another zone must not move a dose).

const ZONE = 'Europe/Oslo';

const dateFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('nb-NO', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const shortDateFormat = new Intl.DateTimeFormat('nb-NO', { timeZone: ZONE, day: 'numeric', month: 'short' });

function toDate(value: string | Date): Date | undefined {
  if (value instanceof Date) return value;
  // A plain date (1942-03-11) is a calendar date, not midnight UTC.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** 26.11.2026 */
export function formatDate(value: string | Date | undefined): string {
  if (!value) return '–';
  const d = toDate(value);
  return d ? dateFormat.format(d) : String(value);
}

/** 14:05 */
export function formatTime(value: string | Date | undefined): string {
  if (!value) return '–';
  const d = toDate(value);
  return d ? timeFormat.format(d) : String(value);
}

/** 26.11.2026 kl. 14:05 (date only when the value has no time) */
export function formatDateTime(value: string | Date | undefined): string {
  if (!value) return '–';
  if (typeof value === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return formatDate(value);
  const d = toDate(value);
  return d ? `${dateFormat.format(d)} kl. ${timeFormat.format(d)}` : String(value);
}

/** 26. nov. */
export function formatShortDate(value: string | Date): string {
  const d = toDate(value);
  return d ? shortDateFormat.format(d) : String(value);
}

/** Today's date in the municipality (YYYY-MM-DD), for searches like "today's appointments". */
export function todayIso(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Whole years from a birth date. */
export function ageInYears(birthDate: string | undefined, at = new Date()): number | undefined {
  if (!birthDate) return undefined;
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y) return undefined;
  let age = at.getFullYear() - y;
  const beforeBirthday = at.getMonth() + 1 < (m ?? 1) || (at.getMonth() + 1 === m && at.getDate() < (d ?? 1));
  if (beforeBirthday) age -= 1;
  return age;
}

/** 110342 00262: the national id as Norwegians read it (date part, then the individual number). */
export function formatNationalId(value: string | undefined): string {
  if (!value) return '–';
  return /^\d{11}$/.test(value) ? `${value.slice(0, 6)} ${value.slice(6)}` : value;
}

/** Decimal comma. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('nb-NO', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "om 3 t 59 min" / "utløpt": how long a time-limited access has left. */
export function formatRemaining(until: string, now = Date.now()): string {
  const ms = Date.parse(until) - now;
  if (!(ms > 0)) return 'utløpt';
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} t ${minutes % 60} min igjen` : `${minutes} min igjen`;
}
