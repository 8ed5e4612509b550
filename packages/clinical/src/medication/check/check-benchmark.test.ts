import { describe, expect, it } from 'vitest';
import { daily } from '../dosage/dosage-test-builders.ts';
import { parseFestInteractionCatalogue } from '../fest/fest-interaction-loader.ts';
import { generateFestInteractionsXml } from '../fest/fest-synthetic-catalogue.ts';
import { benchmarkCheck } from './check-benchmark.ts';
import type { MedicationLine } from './medication-check-types.ts';

describe('benchmarkCheck', () => {
  it('checks a 20-line list against a full-size catalogue in ≤ 5 ms (median of 50 runs)', () => {
    const { xml, atcCodes } = generateFestInteractionsXml({ interactions: 6000, seed: 5 });
    const catalogue = parseFestInteractionCatalogue(xml);
    // Every fourth code of the pool: spread over groups, so that the list hits real interactions.
    const lines: MedicationLine[] = Array.from({ length: 20 }, (_, index) => ({
      id: `line-${index}`,
      name: `Legemiddel ${index}`,
      atc: atcCodes[(index * 37) % atcCodes.length] as string,
      dosage: [daily(1, 'tablett', ['MORN', 'EVE'])],
    }));
    const allergies = [
      {
        resourceType: 'AllergyIntolerance' as const,
        patient: { reference: 'Patient/p' },
        code: { coding: [{ system: 'http://www.whocc.no/atc', code: atcCodes[0]?.slice(0, 5) }] },
      },
    ];
    const result = benchmarkCheck(catalogue, lines, 50, { allergies });
    console.log(
      `[medication] checkMedicationList, 20 lines × ${catalogue.stats.interactions} interactions: median ${result.medianMs.toFixed(3)} ms, p95 ${result.p95Ms.toFixed(3)} ms, ${result.findings} findings`,
    );
    expect(result.runs).toBe(50);
    expect(result.timingsMs).toHaveLength(50);
    expect(result.findings).toBeGreaterThan(0);
    expect(result.medianMs).toBeLessThanOrEqual(5);
  });
});
