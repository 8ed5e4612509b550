// Therapeutic duplication: two lines in the same therapeutic group.
//
// The level: ATC level 4 (chemical/therapeutic subgroup), with a few classes widened to the level where the
// clinical class really is. NSAIDs are split at level 4 by chemistry (M01AB diclofenac, M01AE ibuprofen and
// naproxen, M01AH coxibs) but are one class clinically: any two NSAIDs are a duplicate. The same holds for
// benzodiazepines and the z-hypnotics. A shared FEST substance id also counts (a combination product containing
// the same substance), and so does a combination's ATC code whose components include the other's (C10BA02). Moderate severity: often intended (fixed plus as-needed paracetamol), but worth a look.

import { atcAtLevel, atcComponents, normalizeAtc } from '../atc-code.ts';
import { bilingual } from '../../text/bilingual-text.ts';
import { orderLineIds, involvesSubject, type CheckContext } from './check-context.ts';
import type { MedicationFinding, MedicationLine } from './medication-check-types.ts';

interface TherapeuticClass {
  readonly key: string;
  readonly nb: string;
  readonly en: string;
  readonly prefixes: readonly string[];
}

/** Classes wider than one level-4 group. Nabumetone (M01AX01) is an NSAID; other M01AX substances are not. */
const WIDENED_CLASSES: readonly TherapeuticClass[] = [
  {
    key: 'NSAID',
    nb: 'NSAID (betennelsesdempende smertestillende)',
    en: 'NSAIDs',
    prefixes: ['M01AA', 'M01AB', 'M01AC', 'M01AE', 'M01AG', 'M01AH', 'M01AX01'],
  },
  {
    key: 'BZD',
    nb: 'benzodiazepiner og benzodiazepinlignende midler',
    en: 'benzodiazepines and z-drugs',
    prefixes: ['N05BA', 'N05CD', 'N05CF'],
  },
];

function therapeuticClass(atc: string): { key: string; nb: string; en: string } | undefined {
  const widened = WIDENED_CLASSES.find((group) => group.prefixes.some((prefix) => atc.startsWith(prefix)));
  if (widened) return widened;
  const level4 = atcAtLevel(atc, 4);
  return level4 ? { key: level4, nb: `ATC-gruppe ${level4}`, en: `ATC group ${level4}` } : undefined;
}

export function checkDuplicates(context: CheckContext): MedicationFinding[] {
  const findings: MedicationFinding[] = [];
  const lines = context.lines;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i] as MedicationLine;
      const b = lines[j] as MedicationLine;
      if (a.id === b.id || !involvesSubject(context, [a.id, b.id])) continue;
      const finding = duplicateFinding(context, a, b);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

function duplicateFinding(
  context: CheckContext,
  a: MedicationLine,
  b: MedicationLine,
): MedicationFinding | undefined {
  const atcA = normalizeAtc(a.atc);
  const atcB = normalizeAtc(b.atc);
  const substancesOf = (atc: string | undefined) => (atc ? [atc, ...atcComponents(atc)] : []);
  const sharedSubstance =
    (a.substanceIds?.some((id) => b.substanceIds?.includes(id)) ?? false) ||
    substancesOf(atcA).some((code) => substancesOf(atcB).includes(code));
  const lineIds = orderLineIds(context, [a.id, b.id]);
  const [first, second] = lineIds.map((id) => (id === a.id ? a : b)) as [MedicationLine, MedicationLine];
  const base = {
    id: `duplicate:${[...lineIds].sort().join('+')}`,
    kind: 'duplicate' as const,
    severity: 'moderate' as const,
    lineIds,
    requiresAcknowledgement: false,
  };
  if ((atcA && atcA === atcB) || sharedSubstance) {
    return {
      ...base,
      text: bilingual(
        `Samme virkestoff på to linjer: ${first.name} og ${second.name}. Kontroller samlet dose.`,
        `The same substance on two lines: ${first.name} and ${second.name}. Check the total dose.`,
      ),
    };
  }
  if (!atcA || !atcB) return undefined;
  const classA = therapeuticClass(atcA);
  const classB = therapeuticClass(atcB);
  if (!classA || !classB || classA.key !== classB.key) return undefined;
  return {
    ...base,
    text: bilingual(
      `Mulig dobbeltbehandling: ${first.name} og ${second.name} er begge ${classA.nb}.`,
      `Possible therapeutic duplication: ${first.name} and ${second.name} are both ${classA.en}.`,
    ),
  };
}
