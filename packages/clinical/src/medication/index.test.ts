import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as medication from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module index.ts reaches, with the bare and node: specifiers each one imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map(
      (match) => match[1] as string,
    );
    graph.set(
      file,
      specifiers.filter((specifier) => !specifier.startsWith('.')),
    );
    for (const specifier of specifiers.filter((candidate) => candidate.startsWith('.'))) {
      pending.push(resolve(dirname(file), specifier));
    }
  }
  return graph;
}

describe('medication index (browser-safe)', () => {
  it('reaches no Node built-ins and no test-only packages', () => {
    const graph = importGraph(resolve(here, 'index.ts'));
    expect(graph.size).toBeGreaterThan(20);
    const external = new Set([...graph.values()].flat());
    expect([...external].sort()).toEqual(['@medplum/fhirtypes', 'fast-xml-parser']);
  });

  it('node.ts is the only place that reads files', () => {
    const graph = importGraph(resolve(here, 'node.ts'));
    expect(graph.get(resolve(here, 'node.ts'))).toEqual([
      'node:fs',
      'node:fs/promises',
      'node:url',
      'node:zlib',
    ]);
  });

  it('exports the public API', () => {
    for (const name of [
      'renderDosage',
      'validateDosage',
      'dosageEquals',
      'normalizeDosages',
      'computeDailyDose',
      'toPllLine',
      'fromPllLine',
      'parseFestInteractionCatalogue',
      'createFestCatalogueLoader',
      'findInteractionsBetween',
      'catalogueCoverage',
      'generateFestInteractionsXml',
      'checkMedicationList',
      'benchmarkCheck',
      'parseMaxDoseTable',
    ]) {
      expect(typeof (medication as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
