import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFestInteractionCatalogue } from './fest-interaction-loader.ts';
import { festDataDir, validateFestXml } from './fest-test-support.ts';
import { findInteractionsBetween } from './interaction-catalogue.ts';

const xml = readFileSync(`${festDataDir}akson-interaksjoner.xml`, 'utf8');

describe('the shipped akson-interaksjoner.xml', () => {
  it('is valid against the official M30 XSD', async () => {
    const result = await validateFestXml(xml, 'akson-interaksjoner.xml');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does reject a broken document (so the test above means something)', async () => {
    const broken = xml.replace(/<KliniskKonsekvens>[^<]*<\/KliniskKonsekvens>/, '');
    const result = await validateFestXml(broken, 'broken.xml');
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.message).toMatch(/Relevans|KliniskKonsekvens|Situasjonskriterium/);
  });

  it('the real FEST excerpt is valid too', async () => {
    expect((await validateFestXml(readFileSync(`${festDataDir}fest-m30-excerpt.xml`, 'utf8'))).valid).toBe(
      true,
    );
  });

  const catalogue = parseFestInteractionCatalogue(xml);

  it.each([
    ['warfarin + ibuprofen', 'B01AA03', 'M01AE01', '1'],
    ['warfarin + naproksen', 'B01AA03', 'M01AE02', '1'],
    ['warfarin + diklofenak', 'B01AA03', 'M01AB05', '1'],
    ['warfarin + naproksen/esomeprazol (via group M01AE)', 'B01AA03', 'M01AE52', '1'],
    ['sertralin + tramadol', 'N06AB06', 'N02AX02', '2'],
    ['escitalopram + tramadol/paracetamol', 'N06AB10', 'N02AJ13', '2'],
    ['enalapril + spironolakton', 'C09AA02', 'C03DA01', '2'],
    ['ramipril + amilorid', 'C09AA05', 'C03DB01', '2'],
    ['metotreksat (L04AX03) + trimetoprim', 'L04AX03', 'J01EA01', '1'],
    ['metotreksat (L01BA01) + sulfa/trimetoprim', 'L01BA01', 'J01EE01', '1'],
    ['simvastatin + klaritromycin', 'C10AA01', 'J01FA09', '1'],
    ['simvastatin/ezetimib (combination C10BA02) + klaritromycin', 'C10BA02', 'J01FA09', '1'],
    ['warfarin + metronidazol', 'B01AA03', 'P01AB01', '1'],
    ['klopidogrel + omeprazol', 'B01AC04', 'A02BC01', '2'],
    ['digoksin + amiodaron', 'C01AA05', 'C01BD01', '2'],
    ['litium + ibuprofen', 'N05AN01', 'M01AE01', '1'],
    ['oksykodon + zopiklon', 'N02AA05', 'N05CF01', '2'],
    ['warfarin + citalopram', 'B01AA03', 'N06AB04', '2'],
    ['kaliumklorid + spironolakton', 'A12BA01', 'C03DA01', '1'],
  ])('has %s', (_name, a, b, relevance) => {
    const found = findInteractionsBetween(catalogue, a, b);
    expect(found.map((interaction) => interaction.relevance.code)).toEqual([relevance]);
    expect(found[0]?.references.length).toBeGreaterThan(0);
    expect(found[0]?.handling).toBeTruthy();
  });

  it('has no interaction where none was documented', () => {
    expect(findInteractionsBetween(catalogue, 'C10AA01', 'J01FA10')).toEqual([]); // simvastatin + azitromycin
    expect(findInteractionsBetween(catalogue, 'B01AC04', 'A02BC02')).toEqual([]); // klopidogrel + pantoprazol
    expect(findInteractionsBetween(catalogue, 'B01AA03', 'N02BE01')).toEqual([]); // warfarin + paracetamol
  });
});
