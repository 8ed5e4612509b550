// Maximum dose: the dose a line's structured dosage gives, summed over every line with the same substance,
// against the table. Daily limits compare the heaviest single day, weekly limits the weekly total, so a weekly
// methotrexate dose is judged as weekly and a weekly dose entered as daily is caught. Doses in tablets are
// converted with the line's strength; without it the check says it could not assess, instead of passing.

import { normalizeAtc } from '../atc-code.ts';
import { bilingual } from '../../text/bilingual-text.ts';
import { findDoseUnit, formatNumberNb } from '../dosage/dose-units.ts';
import { computeDailyDose, type DailyDose } from '../dosage/daily-dose.ts';
import { involvesSubject, orderLineIds, type CheckContext } from './check-context.ts';
import type { MedicationFinding, MedicationLine, NotAssessed } from './medication-check-types.ts';
import { applicableMaxDoses, type MaxDoseEntry, type MaxDoseTable } from './max-dose-table.ts';

/** Milligrams in one `unit` of a dose, via the line's strength for count units; undefined when unknown. */
function milligramsPer(unit: string, line: MedicationLine): number | undefined {
  const doseUnit = findDoseUnit(unit);
  if (doseUnit?.milligrams !== undefined) return doseUnit.milligrams;
  const strength = line.strength;
  if (!strength) return undefined;
  const strengthUnit = findDoseUnit(strength.unit);
  if (strengthUnit?.milligrams === undefined) return undefined;
  return strength.value * strengthUnit.milligrams;
}

type LineAmount =
  | { peakMg: number; weeklyMg: number }
  | { reason: 'invalid-dosage' | 'as-needed-without-limit' | 'no-dose' | 'unit' };

function lineAmount(line: MedicationLine): LineAmount {
  const result = computeDailyDose(line.dosage ?? []);
  if (!result.ok) return { reason: result.reason };
  let peakMg = 0;
  let weeklyMg = 0;
  for (const dose of result.doses as DailyDose[]) {
    const factor = milligramsPer(dose.unit, line);
    if (factor === undefined) return { reason: 'unit' };
    peakMg += dose.peakPerDay * factor;
    weeklyMg += dose.averagePerDay * 7 * factor;
  }
  return { peakMg, weeklyMg };
}

const REASONS: Record<string, { nb: string; en: string }> = {
  'invalid-dosage': { nb: 'doseringen er uklar', en: 'the dosage is unclear' },
  'as-needed-without-limit': {
    nb: 'ved behov-doseringen har ingen maksdose eller hyppighet',
    en: 'the as-needed dosage has no maximum or frequency',
  },
  'no-dose': { nb: 'doseringen har ingen strukturert dose', en: 'the dosage has no structured dose' },
  unit: {
    nb: 'styrke per enhet mangler, så dosen kan ikke regnes om til mg',
    en: 'the strength per unit is missing, so the dose cannot be converted to mg',
  },
};

function formatMg(milligrams: number, unit: string): string {
  const factor = findDoseUnit(unit)?.milligrams ?? 1;
  return `${formatNumberNb(Math.round((milligrams / factor) * 100) / 100)} ${unit}`;
}

function limitFor(entry: MaxDoseEntry, lines: readonly MedicationLine[]) {
  return entry.otcMax && lines.every((line) => line.otc === true) ? entry.otcMax : entry.max;
}

export function checkMaxDoses(
  context: CheckContext,
  table: MaxDoseTable | undefined,
  ageYears: number | undefined,
): { findings: MedicationFinding[]; notAssessed: NotAssessed[] } {
  const findings: MedicationFinding[] = [];
  const notAssessed: NotAssessed[] = [];
  if (!table) return { findings, notAssessed };
  const bySubstance = new Map<string, MedicationLine[]>();
  for (const line of context.lines) {
    const atc = normalizeAtc(line.atc);
    if (!atc) continue;
    bySubstance.set(atc, [...(bySubstance.get(atc) ?? []), line]);
  }
  for (const [atc, lines] of bySubstance) {
    if (
      !involvesSubject(
        context,
        lines.map((line) => line.id),
      )
    )
      continue;
    const entries = applicableMaxDoses(table, atc, ageYears);
    if (entries.length === 0) continue;
    const amounts = lines.map((line) => ({ line, amount: lineAmount(line) }));
    const failed = amounts.filter((item) => 'reason' in item.amount);
    if (failed.length > 0) {
      for (const { line, amount } of failed) {
        const reason = REASONS['reason' in amount ? amount.reason : 'unit'] as { nb: string; en: string };
        notAssessed.push({
          kind: 'max-dose',
          lineIds: [line.id],
          reason: bilingual(
            `Maksdose for ${line.name} er ikke vurdert: ${reason.nb}.`,
            `Maximum dose of ${line.name} not assessed: ${reason.en}.`,
          ),
        });
      }
      continue;
    }
    let peakMg = 0;
    let weeklyMg = 0;
    for (const { amount } of amounts) {
      if ('reason' in amount) continue;
      peakMg += amount.peakMg;
      weeklyMg += amount.weeklyMg;
    }
    for (const entry of entries) {
      const limit = limitFor(entry, lines);
      const limitMg = limit.value * (findDoseUnit(limit.unit)?.milligrams ?? 1);
      const givenMg = limit.per === 'd' ? peakMg : weeklyMg;
      // A small tolerance so that 4 × 1 g against 4 g is not flagged through floating-point noise.
      if (givenMg <= limitMg * (1 + 1e-9)) continue;
      const lineIds = orderLineIds(
        context,
        lines.map((line) => line.id),
      );
      const names = lines.map((line) => line.name).join(' + ');
      const periodNb = limit.per === 'd' ? 'per døgn' : 'per uke';
      const periodEn = limit.per === 'd' ? 'per day' : 'per week';
      const who =
        entry.fromAgeYears !== undefined
          ? ` (fra ${entry.fromAgeYears} år)`
          : limit === entry.otcMax
            ? ' (reseptfritt)'
            : '';
      const whoEn =
        entry.fromAgeYears !== undefined
          ? ` (from age ${entry.fromAgeYears})`
          : limit === entry.otcMax
            ? ' (over the counter)'
            : '';
      findings.push({
        id: `max-dose:${atc}:${limit.per}:${[...lineIds].sort().join('+')}`,
        kind: 'max-dose',
        severity: 'high',
        lineIds,
        text: bilingual(
          `Maksimal dose overskredet for ${entry.substance}: ${names} gir inntil ${formatMg(givenMg, limit.unit)} ${periodNb}; maks er ${formatMg(limitMg, limit.unit)} ${periodNb}${who}.`,
          `Maximum dose exceeded for ${entry.substance}: ${names} gives up to ${formatMg(givenMg, limit.unit)} ${periodEn}; the maximum is ${formatMg(limitMg, limit.unit)} ${periodEn}${whoEn}.`,
        ),
        requiresAcknowledgement: true,
        references: [{ source: entry.source }],
      });
    }
  }
  return { findings, notAssessed };
}
