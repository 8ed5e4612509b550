import { checkChange, type PresentedFinding } from '../findings.ts';
import { derivedLineId } from '../line-identity.ts';
import type { MedicationKnowledge } from '../medication-knowledge.ts';
import type { SafetyLine, SafetyList } from '../safety-list.ts';
import { proposedChange, type ProposedChange } from './reconcile-changes.ts';
import type { ReconcileEntry } from './reconcile-diff.ts';

/** One entry of a reconciliation with what accepting it writes and what that write would find. */
export interface PlannedEntry {
  readonly entry: ReconcileEntry;
  readonly change?: ProposedChange;
  readonly findings: readonly PresentedFinding[];
}

/**
 * The order accepted entries are written in: stops first (a line the source stopped no longer interacts with
 * what it started), then dose changes, then new lines, each in the source's order. The preview checks in the
 * same order, so what it shows is what the apply's writes will find.
 */
const WRITE_RANK: Record<ReconcileEntry['kind'], number> = {
  stopped: 0,
  'not-in-source': 0,
  'dose-changed': 1,
  new: 2,
  unchanged: 3,
  unclear: 3,
};

export function inWriteOrder<T extends { readonly entry: ReconcileEntry }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => WRITE_RANK[a.item.entry.kind] - WRITE_RANK[b.item.entry.kind] || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * Plans a reconciliation: the change each entry's acceptance makes and its findings, checked against the list
 * as it will be when the entries before it (in write order) are applied too — so two new incoming lines that
 * interact show their finding in the preview (on the one written second, whose write meets it), and a line the
 * source stops is not held against what it starts. A new line without a line id of its own gets one derived
 * from the entry and the list's state: the same in the preview and in the apply (while the list is unchanged),
 * so the keys the preview shows are the keys the apply's checks ask for.
 *
 * `accepted` says whether an entry is accepted and with which reason (the apply's decisions). The preview
 * assumes every change the source makes is accepted, and keeps the lines it does not mention (as an apply
 * without a decision on them does), so a kept line's interactions are never hidden from the preview.
 */
export function planReconciliation(
  entries: readonly ReconcileEntry[],
  safety: SafetyList,
  knowledge: MedicationKnowledge,
  now: string,
  accepted: (entry: ReconcileEntry) => { readonly reason?: string } | undefined = (entry) =>
    entry.kind === 'not-in-source' ? undefined : {},
): PlannedEntry[] {
  let lines: SafetyLine[] = [...safety.lines];
  const planned = new Map<string, PlannedEntry>();
  for (const { entry } of inWriteOrder(entries.map((e) => ({ entry: e })))) {
    const decision = accepted(entry);
    if (!decision) {
      planned.set(entry.id, { entry, findings: [] });
      continue;
    }
    const change = proposedChange(
      entry,
      safety.patientId,
      decision?.reason,
      now,
      derivedLineId('reconcile', safety.patientId, safety.state, entry.fingerprint),
    );
    if (!change) {
      planned.set(entry.id, { entry, findings: [] });
      continue;
    }
    const active = change.statement.status === 'active';
    const findings = active
      ? checkChange(change.statement, change.lineId, { ...safety, lines }, knowledge).findings
      : [];
    lines = lines.filter((line) => line.lineId !== change.lineId);
    if (active) lines.push({ statement: change.statement, lineId: change.lineId, visible: true });
    planned.set(entry.id, { entry, change, findings });
  }
  return entries.map((entry) => planned.get(entry.id) as PlannedEntry);
}
