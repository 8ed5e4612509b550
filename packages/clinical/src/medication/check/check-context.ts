// What every check works on: the proposed list (current lines with the change applied) and which lines the
// caller asked about.

import type { MedicationLine, MedicationListCheckInput } from './medication-check-types.ts';

export interface CheckContext {
  /** The list as it would be after the change. */
  readonly lines: readonly MedicationLine[];
  /** Findings must involve at least one of these lines. */
  readonly subjectIds: ReadonlySet<string>;
  readonly changedId?: string;
}

export function buildCheckContext(input: MedicationListCheckInput): CheckContext {
  const change = input.change;
  if (!change) {
    return { lines: input.activeLines, subjectIds: new Set(input.activeLines.map((line) => line.id)) };
  }
  const replaced = input.activeLines.some((line) => line.id === change.line.id);
  const lines = replaced
    ? input.activeLines.map((line) => (line.id === change.line.id ? change.line : line))
    : [...input.activeLines, change.line];
  const scope = input.scope ?? 'change';
  return {
    lines,
    subjectIds: scope === 'all' ? new Set(lines.map((line) => line.id)) : new Set([change.line.id]),
    changedId: change.line.id,
  };
}

/** Line ids with the changed line first, the rest in list order. */
export function orderLineIds(context: CheckContext, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  return unique.sort((a, b) => {
    if (a === context.changedId) return -1;
    if (b === context.changedId) return 1;
    return (
      context.lines.findIndex((line) => line.id === a) - context.lines.findIndex((line) => line.id === b)
    );
  });
}

export function involvesSubject(context: CheckContext, ids: readonly string[]): boolean {
  return ids.some((id) => context.subjectIds.has(id));
}
