// The dose units Akson understands, with Norwegian singular/plural forms and UCUM codes where one exists.
// Canonical dose quantities use the singular Norwegian form as `unit` ("tablett", "mg"); measurable units also
// carry system UCUM + code so that other systems can compute with them.

import { UCUM_SYSTEM } from '../code-systems.ts';

export type DoseUnitKind = 'count' | 'mass' | 'volume' | 'activity';

export interface DoseUnit {
  /** Canonical key, equal to the singular form. */
  readonly singular: string;
  readonly plural: string;
  readonly kind: DoseUnitKind;
  /** UCUM code for measurable units. */
  readonly ucum?: string;
  /** For mass units: how many milligrams one unit is, so doses in g and mg can be summed. */
  readonly milligrams?: number;
  /** Other spellings seen in FHIR data, matched case-insensitively. */
  readonly aliases: readonly string[];
}

const UNITS: readonly DoseUnit[] = [
  {
    singular: 'tablett',
    plural: 'tabletter',
    kind: 'count',
    aliases: ['tab', 'tbl', 'tablet', 'tablets', '{tbl}'],
  },
  { singular: 'depottablett', plural: 'depottabletter', kind: 'count', aliases: [] },
  { singular: 'brusetablett', plural: 'brusetabletter', kind: 'count', aliases: [] },
  { singular: 'smeltetablett', plural: 'smeltetabletter', kind: 'count', aliases: [] },
  {
    singular: 'kapsel',
    plural: 'kapsler',
    kind: 'count',
    aliases: ['kaps', 'capsule', 'capsules', '{capsule}'],
  },
  { singular: 'depotkapsel', plural: 'depotkapsler', kind: 'count', aliases: [] },
  { singular: 'stikkpille', plural: 'stikkpiller', kind: 'count', aliases: ['suppositorium', 'suppository'] },
  { singular: 'dråpe', plural: 'dråper', kind: 'count', aliases: ['drop', 'drops', 'gtt', '[drp]'] },
  { singular: 'pust', plural: 'pust', kind: 'count', aliases: ['puff', 'puffs', '{puff}'] },
  { singular: 'inhalasjon', plural: 'inhalasjoner', kind: 'count', aliases: ['inhalation', 'inhalations'] },
  { singular: 'spraydose', plural: 'spraydoser', kind: 'count', aliases: ['spray', 'sprays'] },
  { singular: 'plaster', plural: 'plaster', kind: 'count', aliases: ['patch', 'patches', 'depotplaster'] },
  { singular: 'pose', plural: 'poser', kind: 'count', aliases: ['sachet', 'sachets', 'dosepose'] },
  { singular: 'ampulle', plural: 'ampuller', kind: 'count', aliases: ['ampoule', 'ampoules'] },
  { singular: 'sprøyte', plural: 'sprøyter', kind: 'count', aliases: ['syringe', 'ferdigfylt sprøyte'] },
  { singular: 'penn', plural: 'penner', kind: 'count', aliases: ['pen'] },
  { singular: 'dose', plural: 'doser', kind: 'count', aliases: ['doses'] },
  { singular: 'stk', plural: 'stk', kind: 'count', aliases: ['stykk', 'each'] },
  { singular: 'mg', plural: 'mg', kind: 'mass', ucum: 'mg', milligrams: 1, aliases: ['milligram'] },
  { singular: 'g', plural: 'g', kind: 'mass', ucum: 'g', milligrams: 1000, aliases: ['gram'] },
  {
    singular: 'mikrogram',
    plural: 'mikrogram',
    kind: 'mass',
    ucum: 'ug',
    milligrams: 0.001,
    aliases: ['ug', 'µg', 'mcg', 'μg'],
  },
  { singular: 'ml', plural: 'ml', kind: 'volume', ucum: 'mL', aliases: ['milliliter'] },
  { singular: 'IE', plural: 'IE', kind: 'activity', ucum: '[iU]', aliases: ['IU', 'internasjonale enheter'] },
  { singular: 'E', plural: 'E', kind: 'activity', ucum: '[U]', aliases: ['enheter', 'enhet', 'U'] },
];

const BY_SPELLING = new Map<string, DoseUnit>();
for (const unit of UNITS) {
  for (const spelling of [unit.singular, unit.plural, ...unit.aliases, ...(unit.ucum ? [unit.ucum] : [])]) {
    const key = spelling.toLowerCase();
    // First definition wins: 'E' (enheter) must not be shadowed by an alias of another unit.
    if (!BY_SPELLING.has(key)) BY_SPELLING.set(key, unit);
  }
}

/** Finds a unit by any known spelling (singular, plural, alias or UCUM code). */
export function findDoseUnit(spelling: string | undefined): DoseUnit | undefined {
  if (spelling === undefined) return undefined;
  return BY_SPELLING.get(spelling.trim().toLowerCase());
}

export function knownDoseUnits(): readonly DoseUnit[] {
  return UNITS;
}

/** The FHIR Quantity fields for a dose of `value` in `unit`, in Akson's canonical form. */
export function canonicalDoseQuantity(
  value: number,
  unitSpelling: string,
): { value: number; unit: string; system?: string; code?: string } {
  const unit = findDoseUnit(unitSpelling);
  if (!unit) return { value, unit: unitSpelling.trim() };
  return unit.ucum
    ? { value, unit: unit.singular, system: UCUM_SYSTEM, code: unit.ucum }
    : { value, unit: unit.singular };
}

/** "1 tablett", "2 tabletter", "½ tablett", "2,5 ml": singular up to and including one. */
export function formatDoseAmount(value: number, unitSpelling: string): string {
  const unit = findDoseUnit(unitSpelling);
  const word = unit ? (value <= 1 ? unit.singular : unit.plural) : unitSpelling.trim();
  return `${formatNumberNb(value, unit?.kind === 'count')}${word ? ` ${word}` : ''}`;
}

/** Norwegian number formatting: decimal comma, and ½ for halves of countable units (tablets are split in halves). */
export function formatNumberNb(value: number, countable = false): string {
  if (countable && value > 0 && (value * 2) % 2 === 1) {
    const whole = Math.floor(value);
    return whole === 0 ? '½' : `${whole}½`;
  }
  const rounded = Math.round(value * 10_000) / 10_000;
  return String(rounded).replace('.', ',');
}
