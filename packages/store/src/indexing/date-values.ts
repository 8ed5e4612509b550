import type { TypedValue } from '@akson/fhir';
import { precisionRange, type Range } from '@akson/fhir';

/** The time ranges a date parameter's values cover (Period, Timing events and bounds, dates of any precision). */
export function extractDateRanges(values: readonly TypedValue[], timeZone: string): Range[] {
  const out: Range[] = [];
  for (const { type, value } of values) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      const r = precisionRange(value, timeZone);
      if (r) out.push(r);
    } else if (type === 'Period') {
      addPeriod(out, value as { start?: string; end?: string }, timeZone);
    } else if (type === 'Timing') {
      const t = value as { event?: string[]; repeat?: { boundsPeriod?: { start?: string; end?: string } } };
      for (const e of t.event ?? []) {
        const r = precisionRange(e, timeZone);
        if (r) out.push(r);
      }
      if (t.repeat?.boundsPeriod) addPeriod(out, t.repeat.boundsPeriod, timeZone);
    }
  }
  return out;
}

function addPeriod(out: Range[], p: { start?: string; end?: string }, timeZone: string): void {
  const lo = p.start ? precisionRange(p.start, timeZone)?.lo : null;
  const hi = p.end ? precisionRange(p.end, timeZone)?.hi : null;
  if (lo === undefined || hi === undefined) return;
  if (lo && hi && lo >= hi) return; // an inverted period matches nothing rather than failing the write
  out.push({ lo, hi });
}
