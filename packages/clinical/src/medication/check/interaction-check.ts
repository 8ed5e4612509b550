// Interactions between lines, from the FEST catalogue. Each line is looked up once (five map lookups for its
// ATC prefixes); pairs are then found per interaction, so the cost follows the number of matches, not the size
// of the catalogue.

import { bilingual } from '../../text/bilingual-text.ts';
import type { FestInteraction } from '../fest/fest-interaction.ts';
import {
  catalogueCoverage,
  findCatalogueGroups,
  findCatalogueGroupsBySubstance,
  type InteractionCatalogue,
} from '../fest/interaction-catalogue.ts';
import { normalizeAtc } from '../atc-code.ts';
import { involvesSubject, orderLineIds, type CheckContext } from './check-context.ts';
import type { InteractionCoverage, MedicationFinding, MedicationLine } from './medication-check-types.ts';

const RELEVANCE_EN: Record<string, string> = {
  '1': 'should be avoided',
  '2': 'precautions should be taken',
  '3': 'no action needed',
};

function interactionFinding(
  context: CheckContext,
  interaction: FestInteraction,
  a: MedicationLine,
  b: MedicationLine,
): MedicationFinding {
  const lineIds = orderLineIds(context, [a.id, b.id]);
  const [first, second] = lineIds.map((id) => (id === a.id ? a : b)) as [MedicationLine, MedicationLine];
  const relevanceNb = interaction.relevance.display ?? `relevans ${interaction.relevance.code}`;
  const relevanceEn = RELEVANCE_EN[interaction.relevance.code] ?? `relevance ${interaction.relevance.code}`;
  return {
    id: `interaction:${interaction.id}:${[...lineIds].sort().join('+')}`,
    kind: 'interaction',
    severity: interaction.severity,
    lineIds,
    text: bilingual(
      `Interaksjon (${relevanceNb}): ${first.name} og ${second.name}. ${interaction.clinicalConsequence}`,
      `Interaction (${relevanceEn}): ${first.name} and ${second.name}. See the clinical consequence (Norwegian, from FEST).`,
    ),
    requiresAcknowledgement: interaction.severity === 'high',
    clinicalConsequence: interaction.clinicalConsequence,
    ...(interaction.handling !== undefined ? { handling: interaction.handling } : {}),
    ...(interaction.mechanism !== undefined ? { mechanism: interaction.mechanism } : {}),
    relevance: interaction.relevance,
    interactionId: interaction.id,
    references: interaction.references,
  };
}

export function checkInteractions(
  context: CheckContext,
  catalogue: InteractionCatalogue | undefined,
): { findings: MedicationFinding[]; coverage: InteractionCoverage[] } {
  // Coverage covers every line: a pair with a line the catalogue does not know is unknown, not safe.
  const coverage: InteractionCoverage[] = [];
  for (const line of context.lines) {
    const atc = normalizeAtc(line.atc);
    const byId = catalogue ? findCatalogueGroupsBySubstance(catalogue, line.substanceIds).length > 0 : false;
    const byAtc = catalogue && atc ? catalogueCoverage(catalogue, atc) : undefined;
    const status = !catalogue
      ? 'no-catalogue'
      : byId && byAtc !== 'not-assessed'
        ? 'assessed'
        : (byAtc ?? 'no-atc');
    coverage.push({ lineId: line.id, ...(atc ? { atc } : {}), status });
  }
  if (!catalogue) return { findings: [], coverage };

  // interaction index → the lines that match one of its groups, with the group they match
  const touches = new Map<number, { line: number; group: number }[]>();
  context.lines.forEach((line, lineIndex) => {
    const atc = normalizeAtc(line.atc);
    const seen = new Set<string>();
    // By ATC (at every level FEST chose), and by FEST substance id for substances FEST gives without ATC.
    const entries = [
      ...(atc ? findCatalogueGroups(catalogue, atc) : []),
      ...findCatalogueGroupsBySubstance(catalogue, line.substanceIds),
    ];
    for (const entry of entries) {
      const key = `${entry.interaction}:${entry.group}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = touches.get(entry.interaction) ?? [];
      list.push({ line: lineIndex, group: entry.group });
      touches.set(entry.interaction, list);
    }
  });

  const findings = new Map<string, MedicationFinding>();
  for (const [interactionIndex, matches] of touches) {
    if (matches.length < 2) continue;
    for (let i = 0; i < matches.length; i++) {
      for (let j = i + 1; j < matches.length; j++) {
        const x = matches[i];
        const y = matches[j];
        if (!x || !y || x.line === y.line || x.group === y.group) continue;
        const a = context.lines[x.line] as MedicationLine;
        const b = context.lines[y.line] as MedicationLine;
        if (!involvesSubject(context, [a.id, b.id])) continue;
        const finding = interactionFinding(
          context,
          catalogue.interactions[interactionIndex] as FestInteraction,
          a,
          b,
        );
        findings.set(finding.id, finding);
      }
    }
  }
  return { findings: [...findings.values()], coverage };
}
