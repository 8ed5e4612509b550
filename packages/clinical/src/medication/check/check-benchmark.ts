// A micro-benchmark of checkMedicationList for the repository's bench/ runner and for the test that guards the
// 5 ms budget (DESIGN: interaction + allergy check of a 20-line list ≤ 5 ms).

import type { InteractionCatalogue } from '../fest/interaction-catalogue.ts';
import type { MedicationLine, MedicationListCheckInput } from './medication-check-types.ts';
import { checkMedicationList } from './medication-list-check.ts';

export interface CheckBenchmarkResult {
  readonly runs: number;
  readonly lines: number;
  /** Every run's time in milliseconds, in run order. */
  readonly timingsMs: readonly number[];
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Findings of the last run, so that the benchmark cannot be optimised into checking nothing. */
  readonly findings: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/**
 * Times `runs` checks of the whole list: the last line is the proposed change, and scope `all` checks every
 * pair, which is the most work a check can do. Two warm-up runs are not counted.
 */
export function benchmarkCheck(
  catalogue: InteractionCatalogue,
  lines: readonly MedicationLine[],
  runs: number,
  extra: Pick<MedicationListCheckInput, 'allergies' | 'maxDoses' | 'patient'> = {},
): CheckBenchmarkResult {
  const last = lines[lines.length - 1];
  const input: MedicationListCheckInput = {
    activeLines: lines.slice(0, -1),
    ...(last ? { change: { kind: 'add', line: last } } : {}),
    catalogue,
    scope: 'all',
    ...extra,
  };
  let findings = 0;
  for (let i = 0; i < 2; i++) checkMedicationList(input);
  const timingsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    findings = checkMedicationList(input).findings.length;
    timingsMs.push(performance.now() - start);
  }
  const sorted = [...timingsMs].sort((a, b) => a - b);
  return {
    runs,
    lines: lines.length,
    timingsMs,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    minMs: sorted[0] ?? 0,
    maxMs: sorted[sorted.length - 1] ?? 0,
    findings,
  };
}
