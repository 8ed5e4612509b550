// Allergy and intolerance conflicts: the medicine's ATC code (and FEST ids) against AllergyIntolerance.code and
// reaction.substance. Matches, all high severity:
// - same substance: allergen ATC = line ATC, or a shared FEST substance / product id;
// - allergen group: allergen coded at a group level (J01C penicillins) contains the line's ATC (J01CA04);
// - same group: allergen coded as a substance (J01CA04 amoxicillin) and the line is in its level-4 group
//   (J01CA01 ampicillin): possible cross-reaction.
// Refuted, entered-in-error, inactive and resolved records are skipped.

import type { AllergyIntolerance, Coding } from '@medplum/fhirtypes';
import { atcAtLevel, atcLevel, isAtcSystem, normalizeAtc } from '../atc-code.ts';
import { bilingual } from '../../text/bilingual-text.ts';
import { FEST_ALLERGY_MEDICATION_SYSTEM, FEST_SUBSTANCE_SYSTEM } from '../code-systems.ts';
import { orderLineIds, type CheckContext } from './check-context.ts';
import type { MedicationFinding, MedicationLine, NotAssessed } from './medication-check-types.ts';

type MatchKind = 'same-substance' | 'allergen-group' | 'same-group';

const SKIPPED_VERIFICATION = new Set(['refuted', 'entered-in-error']);
const SKIPPED_CLINICAL = new Set(['inactive', 'resolved']);

function isCurrent(allergy: AllergyIntolerance): boolean {
  const verification = allergy.verificationStatus?.coding?.map((coding) => coding.code) ?? [];
  const clinical = allergy.clinicalStatus?.coding?.map((coding) => coding.code) ?? [];
  return (
    !verification.some((code) => code && SKIPPED_VERIFICATION.has(code)) &&
    !clinical.some((code) => code && SKIPPED_CLINICAL.has(code))
  );
}

function allergenCodings(allergy: AllergyIntolerance): Coding[] {
  return [
    ...(allergy.code?.coding ?? []),
    ...(allergy.reaction ?? []).flatMap((reaction) => reaction.substance?.coding ?? []),
  ];
}

function allergenName(allergy: AllergyIntolerance): string {
  return (
    allergy.code?.text ??
    allergy.code?.coding?.find((coding) => coding.display)?.display ??
    allergy.code?.coding?.[0]?.code ??
    'ukjent allergen'
  );
}

function matchLine(
  codings: readonly Coding[],
  line: MedicationLine,
): { kind: MatchKind; code: string } | undefined {
  const atc = normalizeAtc(line.atc);
  let best: { kind: MatchKind; code: string } | undefined;
  const rank: Record<MatchKind, number> = { 'same-substance': 3, 'allergen-group': 2, 'same-group': 1 };
  const consider = (candidate: { kind: MatchKind; code: string }) => {
    if (!best || rank[candidate.kind] > rank[best.kind]) best = candidate;
  };
  for (const coding of codings) {
    if (isAtcSystem(coding.system)) {
      const allergen = normalizeAtc(coding.code);
      if (!allergen || !atc) continue;
      if (allergen === atc) consider({ kind: 'same-substance', code: allergen });
      else if (atcLevel(allergen) !== 5 && atc.startsWith(allergen))
        consider({ kind: 'allergen-group', code: allergen });
      else if (atcLevel(allergen) === 5 && atcAtLevel(allergen, 4) === atcAtLevel(atc, 4)) {
        consider({ kind: 'same-group', code: atcAtLevel(atc, 4) as string });
      }
    } else if (
      coding.system === FEST_SUBSTANCE_SYSTEM &&
      coding.code &&
      line.substanceIds?.includes(coding.code)
    ) {
      consider({ kind: 'same-substance', code: coding.code });
    } else if (
      coding.system === FEST_ALLERGY_MEDICATION_SYSTEM &&
      coding.code &&
      coding.code === line.festId
    ) {
      consider({ kind: 'same-substance', code: coding.code });
    }
  }
  return best;
}

function matchText(kind: MatchKind, code: string, line: MedicationLine): { nb: string; en: string } {
  const atc = line.atc ? ` (${line.atc})` : '';
  switch (kind) {
    case 'same-substance':
      return {
        nb: `${line.name}${atc} inneholder samme virkestoff.`,
        en: `${line.name}${atc} contains the same substance.`,
      };
    case 'allergen-group':
      return {
        nb: `${line.name}${atc} tilhører legemiddelgruppen allergien gjelder (ATC ${code}).`,
        en: `${line.name}${atc} belongs to the drug group the allergy concerns (ATC ${code}).`,
      };
    case 'same-group':
      return {
        nb: `${line.name}${atc} er i samme legemiddelgruppe (ATC ${code}) – mulig kryssreaksjon.`,
        en: `${line.name}${atc} is in the same drug group (ATC ${code}) – possible cross-reaction.`,
      };
  }
}

export function checkAllergies(
  context: CheckContext,
  allergies: readonly AllergyIntolerance[],
): { findings: MedicationFinding[]; notAssessed: NotAssessed[] } {
  const findings: MedicationFinding[] = [];
  const notAssessed: NotAssessed[] = [];
  const subjects = context.lines.filter((line) => context.subjectIds.has(line.id));
  const current = allergies.filter(isCurrent);
  for (const allergy of current) {
    const codings = allergenCodings(allergy);
    const coded = codings.some(
      (coding) =>
        isAtcSystem(coding.system) ||
        coding.system === FEST_SUBSTANCE_SYSTEM ||
        coding.system === FEST_ALLERGY_MEDICATION_SYSTEM,
    );
    const mayBeMedication = !allergy.category || allergy.category.includes('medication');
    if (!coded) {
      if (mayBeMedication && subjects.length > 0) {
        notAssessed.push({
          kind: 'allergy',
          lineIds: subjects.map((line) => line.id),
          reason: bilingual(
            `Allergien «${allergenName(allergy)}» er ikke kodet med ATC eller FEST og må vurderes manuelt.`,
            `The allergy "${allergenName(allergy)}" is not coded with ATC or FEST and must be assessed manually.`,
          ),
        });
      }
      continue;
    }
    for (const line of subjects) {
      const match = matchLine(codings, line);
      if (!match) continue;
      const what =
        allergy.type === 'intolerance'
          ? { nb: 'intoleranse', en: 'intolerance' }
          : { nb: 'allergi', en: 'allergy' };
      const detail = matchText(match.kind, match.code, line);
      findings.push({
        id: `allergy:${allergy.id ?? allergenName(allergy)}:${line.id}`,
        kind: 'allergy',
        severity: 'high',
        lineIds: orderLineIds(context, [line.id]),
        text: bilingual(
          `Registrert ${what.nb} mot ${allergenName(allergy)}. ${detail.nb}`,
          `Recorded ${what.en} to ${allergenName(allergy)}. ${detail.en}`,
        ),
        requiresAcknowledgement: true,
        ...(allergy.id !== undefined ? { allergyId: allergy.id } : {}),
      });
    }
  }
  const withoutAtc = subjects.filter(
    (line) => !normalizeAtc(line.atc) && !line.festId && !line.substanceIds?.length,
  );
  if (current.length > 0 && withoutAtc.length > 0) {
    notAssessed.push({
      kind: 'allergy',
      lineIds: withoutAtc.map((line) => line.id),
      reason: bilingual(
        'Legemidlet mangler ATC-kode og FEST-id, så allergier kan ikke kontrolleres automatisk.',
        'The medicine has no ATC code or FEST id, so allergies cannot be checked automatically.',
      ),
    });
  }
  return { findings, notAssessed };
}
