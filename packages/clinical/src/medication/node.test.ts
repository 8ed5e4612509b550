import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFestInteractionCatalogue } from './fest/fest-interaction-loader.ts';
import { generateFestInteractionsXml } from './fest/fest-synthetic-catalogue.ts';
import { loadAksonInteractionCatalogue, loadFestInteractionCatalogue, readMaxDoseTable } from './node.ts';

const dir = mkdtempSync(join(tmpdir(), 'akson-fest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A full FEST file is mostly products and packages: pad the synthetic catalogue with that kind of bulk. */
function withOtherCatalogues(xml: string, megabytes: number): string {
  const pakning =
    '<OppfLegemiddelpakning><Id>ID_P</Id><Tidspunkt>2026-01-01T00:00:00</Tidspunkt><Status V="A"/>' +
    '<Legemiddelpakning><Atc V="N02BE01"/><NavnFormStyrke>Paracet tab 500 mg – fyll for størrelse</NavnFormStyrke>' +
    '<Reseptgruppe V="F"/><Varenr>000000</Varenr></Legemiddelpakning></OppfLegemiddelpakning>\n';
  const bulk = pakning.repeat(Math.ceil((megabytes * 1e6) / pakning.length));
  return xml.replace(
    '<KatInteraksjon>',
    `<KatLegemiddelpakning>${bulk}</KatLegemiddelpakning><KatInteraksjon>`,
  );
}

describe('loadFestInteractionCatalogue (streaming)', () => {
  const { xml } = generateFestInteractionsXml({ interactions: 5000, seed: 11 });
  const expected = parseFestInteractionCatalogue(xml);

  it('loads a large FEST file with 30 MB of other catalogues, streaming past them', async () => {
    const path = join(dir, 'fest-large.xml');
    const large = withOtherCatalogues(xml, 30);
    writeFileSync(path, large);
    const started = performance.now();
    const catalogue = await loadFestInteractionCatalogue(path);
    const elapsed = performance.now() - started;
    console.log(
      `[medication] streamed ${(large.length / 1e6).toFixed(1)} MB FEST file with 5000 interactions in ${elapsed.toFixed(0)} ms`,
    );
    expect(catalogue.interactions).toEqual(expected.interactions);
    expect(catalogue.stats).toEqual(expected.stats);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('reads gzip-compressed files', async () => {
    const path = join(dir, 'fest.xml.gz');
    writeFileSync(path, gzipSync(xml));
    expect((await loadFestInteractionCatalogue(path)).stats).toEqual(expected.stats);
  });

  it('decodes ISO-8859-1 files by their XML declaration', async () => {
    const latin = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + xml.slice(xml.indexOf('\n') + 1);
    const path = join(dir, 'fest-latin1.xml');
    writeFileSync(path, Buffer.from(latin, 'latin1'));
    const catalogue = await loadFestInteractionCatalogue(path);
    expect(catalogue.interactions[0]?.clinicalConsequence).toMatch(/^(Økt|Redusert|Additiv)/);
    expect(catalogue.interactions).toEqual(expected.interactions);
  });
});

describe('shipped data', () => {
  it('loads the Akson interaction file', async () => {
    const catalogue = await loadAksonInteractionCatalogue();
    expect(catalogue.stats).toMatchObject({ interactions: 12, skippedInvalid: 0 });
    expect(catalogue.retrievedAt).toBe('2026-01-01T00:00:00');
  });

  it('reads the max-dose table with a source for every entry', async () => {
    const table = await readMaxDoseTable();
    expect(table.entries.length).toBeGreaterThanOrEqual(15);
    expect(table.entries.find((entry) => entry.atc === 'N02BE01')?.max).toEqual({
      value: 4,
      unit: 'g',
      per: 'd',
    });
    expect(table.entries.find((entry) => entry.atc === 'M01AE01')?.otcMax).toEqual({
      value: 1.2,
      unit: 'g',
      per: 'd',
    });
    expect(table.entries.find((entry) => entry.atc === 'L04AX03')?.max.per).toBe('wk');
    expect(table.entries.every((entry) => entry.source.length > 20)).toBe(true);
  });
});
