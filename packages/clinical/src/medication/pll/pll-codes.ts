// Code values used in the PLL line. Values seen in the official M25 examples are marked "confirmed"; the
// others follow the e-resept pattern but are unverified and listed as such in docs/medication.md.

import type { SupportedPeriodUnit, Weekday } from '../dosage/timing-vocabulary.ts';
import { findEventTiming } from '../dosage/timing-vocabulary.ts';
import type { PllCode } from './pll-line.ts';

/** fs:Intervall/@U and similar period units. "Døgn" is confirmed; the others are assumed. */
const INTERVAL_UNITS: Record<SupportedPeriodUnit, string> = { h: 'Time', d: 'Døgn', wk: 'Uke', mo: 'Måned' };

export function intervalUnitName(unit: SupportedPeriodUnit): string {
  return INTERVAL_UNITS[unit];
}

export function intervalUnitFromName(name: string): SupportedPeriodUnit | undefined {
  const entry = Object.entries(INTERVAL_UNITS).find(
    ([, value]) => value.toLowerCase() === name.trim().toLowerCase(),
  );
  return entry?.[0] as SupportedPeriodUnit | undefined;
}

/**
 * fs:Tidsomrade. Confirmed from the M25 examples: 1 Morgen, 3 Midt på dagen, 5 Kveld. Assumed: 2 Formiddag,
 * 4 Ettermiddag, 6 Natt. FHIR EventTiming codes without an M25 value (HS, meals) are carried with the FHIR code
 * as V: a kith:CS token that validates against the XSD, but which the M25 writer must convert or refuse.
 */
const TIME_AREAS: readonly { when: string; code: PllCode }[] = [
  { when: 'MORN', code: { v: '1', dn: 'Morgen' } },
  { when: 'MORN.late', code: { v: '2', dn: 'Formiddag' } },
  { when: 'NOON', code: { v: '3', dn: 'Midt på dagen' } },
  { when: 'AFT', code: { v: '4', dn: 'Ettermiddag' } },
  { when: 'EVE', code: { v: '5', dn: 'Kveld' } },
  { when: 'NIGHT', code: { v: '6', dn: 'Natt' } },
];

export function timeAreaForWhen(when: string): PllCode {
  const known = TIME_AREAS.find((area) => area.when === when);
  if (known) return known.code;
  const timing = findEventTiming(when);
  return { v: when, dn: timing ? capitalise(timing.nb) : when };
}

export function whenForTimeArea(code: PllCode): string | undefined {
  const known = TIME_AREAS.find((area) => area.code.v === code.v);
  if (known) return known.when;
  return findEventTiming(code.v) ? code.v : undefined;
}

/** fs:FastDose/fs:FasteUkedager, assumed ISO 8601 numbering (1 = mandag … 7 = søndag). */
const WEEKDAY_CODES: Record<Weekday, PllCode> = {
  mon: { v: '1', dn: 'Mandag' },
  tue: { v: '2', dn: 'Tirsdag' },
  wed: { v: '3', dn: 'Onsdag' },
  thu: { v: '4', dn: 'Torsdag' },
  fri: { v: '5', dn: 'Fredag' },
  sat: { v: '6', dn: 'Lørdag' },
  sun: { v: '7', dn: 'Søndag' },
};

export function weekdayCode(day: Weekday): PllCode {
  return WEEKDAY_CODES[day];
}

export function weekdayFromCode(code: PllCode): Weekday | undefined {
  const entry = Object.entries(WEEKDAY_CODES).find(([, value]) => value.v === code.v);
  return entry?.[0] as Weekday | undefined;
}

/** Seponering/Arsak for a completed course (confirmed from M25.1_PLL_avsluttet_behandling.xml). */
export const COMPLETED_REASON: PllCode = { v: 'A', dn: 'Avsluttet behandling' };

/** fs:Bruk (confirmed: 1 Fast, 2 Kur, 3 Ved behov). */
export const USE_REGULAR: PllCode = { v: '1', dn: 'Fast' };
export const USE_COURSE: PllCode = { v: '2', dn: 'Kur' };
export const USE_AS_NEEDED: PllCode = { v: '3', dn: 'Ved behov' };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
