import { describe, expect, it } from 'vitest';
import { parseFestInteractionCatalogue } from './fest-interaction-loader.ts';
import { generateFestInteractionsXml } from './fest-synthetic-catalogue.ts';
import { validateFestXml } from './fest-test-support.ts';
import { catalogueCoverage } from './interaction-catalogue.ts';

describe('generateFestInteractionsXml', () => {
  it('produces a document valid against the official XSD', async () => {
    const { xml } = generateFestInteractionsXml({ interactions: 300, seed: 3 });
    const result = await validateFestXml(xml, 'synthetic.xml');
    expect(result.errors).toEqual([]);
  });

  it('is deterministic for a seed and different across seeds', () => {
    expect(generateFestInteractionsXml({ interactions: 50, seed: 9 }).xml).toBe(
      generateFestInteractionsXml({ interactions: 50, seed: 9 }).xml,
    );
    expect(generateFestInteractionsXml({ interactions: 50, seed: 9 }).xml).not.toBe(
      generateFestInteractionsXml({ interactions: 50, seed: 10 }).xml,
    );
  });

  it('loads thousands of interactions, skipping withdrawn ones and keeping not-assessed ones', () => {
    const { xml, atcCodes } = generateFestInteractionsXml({
      interactions: 5000,
      seed: 1,
      notAssessed: 25,
      withdrawn: 40,
    });
    const started = performance.now();
    const catalogue = parseFestInteractionCatalogue(xml);
    const elapsed = performance.now() - started;
    console.log(
      `[medication] parsed 5000 synthetic interactions (${(xml.length / 1e6).toFixed(1)} MB) in ${elapsed.toFixed(0)} ms`,
    );
    expect(catalogue.stats).toMatchObject({
      entries: 5065,
      interactions: 5000,
      skippedInactive: 40,
      skippedInvalid: 0,
    });
    expect(catalogue.stats.notAssessed).toBeGreaterThan(0);
    expect(atcCodes.every((code) => /^[EFIKOQTUWXY]\d\d[A-Z]{2}\d\d$/.test(code))).toBe(true);
    const assessed = atcCodes.filter((code) => catalogueCoverage(catalogue, code) === 'assessed').length;
    expect(assessed).toBeGreaterThan(atcCodes.length / 2);
  });
});
