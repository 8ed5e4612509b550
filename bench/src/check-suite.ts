import {
  benchmarkCheck,
  generateFestInteractionsXml,
  parseFestInteractionCatalogue,
  type InteractionCatalogue,
  type MedicationLine,
} from '@akson/clinical';
import { loadAksonInteractionCatalogue } from '@akson/clinical/node';
import type { Dosage } from '@medplum/fhirtypes';
import { percentiles, type Percentiles } from './percentiles.ts';
import { writeResults, type SuiteReport } from './results.ts';

/**
 * The medication check (DESIGN.md §6: interaction + allergy check of a 20-line list ≤ 5 ms): a 20-line list
 * against a generated FEST-format catalogue of full size (thousands of interactions, loaded through the same
 * XML loader as the official file), every pair checked, with an allergy on the list. The baseline, measured in
 * the same run, is the same check against Akson's shipped sample catalogue (a dozen interactions).
 */
export interface CheckSuiteOptions {
  readonly interactions: number;
  readonly runs: number;
}

const CHECK_BAR_MS = 5;
const MORNING_AND_EVENING: Dosage = {
  timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] } },
  doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
};
/** Real substances for the sample catalogue's list: warfarin, NSAIDs, SSRIs, tramadol, ACE inhibitors and more. */
const SAMPLE_ATC = [
  'B01AA03',
  'M01AE02',
  'N06AB04',
  'N02AX02',
  'C09AA05',
  'C03DA01',
  'L04AX03',
  'J01EA01',
  'C10AA01',
  'J01FA09',
  'A02BC01',
  'C07AB02',
  'N02BE01',
  'A12BA01',
  'C01AA05',
  'M01AB05',
  'B01AC06',
  'H02AB06',
  'N05BA01',
  'C08CA01',
];

interface Row {
  readonly catalogue: string;
  readonly interactions: number;
  readonly loadMs: number;
  readonly findings: number;
  readonly timing: Percentiles & { readonly median: number; readonly max: number };
}

function listOf(atcCodes: readonly string[]): MedicationLine[] {
  return Array.from({ length: 20 }, (_, index) => ({
    id: `line-${index}`,
    name: `Legemiddel ${index}`,
    atc: atcCodes[(index * 37) % atcCodes.length] as string,
    dosage: [MORNING_AND_EVENING],
  }));
}

function measure(
  label: string,
  catalogue: InteractionCatalogue,
  loadMs: number,
  lines: MedicationLine[],
  runs: number,
): Row {
  const allergy = {
    resourceType: 'AllergyIntolerance' as const,
    patient: { reference: 'Patient/p' },
    code: { coding: [{ system: 'http://www.whocc.no/atc', code: lines[0]?.atc?.slice(0, 5) }] },
  };
  // Warm-up beyond the two runs benchmarkCheck discards: let the JIT settle before anything counts.
  benchmarkCheck(catalogue, lines, 50, { allergies: [allergy] });
  const result = benchmarkCheck(catalogue, lines, runs, { allergies: [allergy] });
  return {
    catalogue: label,
    interactions: catalogue.stats.interactions,
    loadMs,
    findings: result.findings,
    timing: { ...percentiles(result.timingsMs), median: result.medianMs, max: result.maxMs },
  };
}

export async function runCheckSuite(options: CheckSuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const rows: Row[] = [];

  let t0 = performance.now();
  const sample = await loadAksonInteractionCatalogue();
  rows.push(
    measure('Akson sample (baseline)', sample, performance.now() - t0, listOf(SAMPLE_ATC), options.runs),
  );

  const { xml, atcCodes } = generateFestInteractionsXml({ interactions: options.interactions, seed: 5 });
  t0 = performance.now();
  const full = parseFestInteractionCatalogue(xml);
  rows.push(measure('generated, full size', full, performance.now() - t0, listOf(atcCodes), options.runs));

  for (const r of rows) {
    process.stderr.write(
      `  ${r.catalogue.padEnd(26)} ${String(r.interactions).padStart(5)} interactions: p50 ${r.timing.p50.toFixed(3)}  p95 ${r.timing.p95.toFixed(3)}  p99 ${r.timing.p99.toFixed(3)} ms, ${r.findings} findings\n`,
    );
  }
  const base = rows[0];
  const markdown = [
    '## Medication check',
    '',
    `A 20-line list (the last line the proposed change, every pair checked) with one allergy, ${options.runs} runs after`,
    'two warm-up runs, in one process. The sample catalogue is the baseline measured in the same run.',
    '',
    '| catalogue | interactions | load ms | findings | p50 ms | p95 ms | p99 ms | max ms | p50 ÷ baseline | bar |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.catalogue} | ${r.interactions} | ${r.loadMs.toFixed(0)} | ${r.findings} | ${r.timing.p50.toFixed(3)} | ${r.timing.p95.toFixed(3)} | ${r.timing.p99.toFixed(3)} | ${r.timing.max.toFixed(2)} | ${base && base !== r ? (r.timing.p50 / base.timing.p50).toFixed(1) : ''} | ${r.timing.p99 <= CHECK_BAR_MS ? '✔' : '✘'} p99 ≤ ${CHECK_BAR_MS} ms |`,
    ),
    '',
  ].join('\n');
  return writeResults('check', {
    markdown,
    json: { ...options, rows },
    elapsedSeconds: (Date.now() - started) / 1000,
  });
}
