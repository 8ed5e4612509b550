import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a suite hands back to bench/src/main.ts: its section of the report and where its files went. */
export interface SuiteReport {
  readonly name: string;
  readonly markdown: string;
  readonly elapsedSeconds: number;
  readonly files: readonly string[];
}

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** Writes bench/results/<name>-latest.{md,json[,svg]} (gitignored; docs/PERFORMANCE.md quotes a run). */
export function writeResults(
  name: string,
  result: { markdown: string; json: unknown; svg?: string; elapsedSeconds: number },
): SuiteReport {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const files = [`${name}-latest.md`, `${name}-latest.json`, ...(result.svg ? [`${name}-latest.svg`] : [])];
  writeFileSync(`${RESULTS_DIR}${name}-latest.md`, result.markdown);
  writeFileSync(`${RESULTS_DIR}${name}-latest.json`, JSON.stringify(result.json, null, 2));
  if (result.svg) writeFileSync(`${RESULTS_DIR}${name}-latest.svg`, result.svg);
  return { name, markdown: result.markdown, elapsedSeconds: result.elapsedSeconds, files };
}
