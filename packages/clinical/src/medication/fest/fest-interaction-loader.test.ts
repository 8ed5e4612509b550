import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFestCatalogueLoader, parseFestInteractionCatalogue } from './fest-interaction-loader.ts';
import { festDataDir } from './fest-test-support.ts';
import { catalogueCoverage, findCatalogueGroups, findInteractionsBetween } from './interaction-catalogue.ts';

const excerpt = readFileSync(`${festDataDir}fest-m30-excerpt.xml`, 'utf8');

describe('parseFestInteractionCatalogue on the real FEST excerpt', () => {
  const catalogue = parseFestInteractionCatalogue(excerpt);

  it('reads all four interactions and the retrieval date', () => {
    expect(catalogue.stats).toEqual({
      entries: 4,
      interactions: 4,
      notAssessed: 0,
      skippedInactive: 0,
      skippedInvalid: 0,
      duplicates: 0,
      skippedBecause: {},
      substancesById: 0,
    });
    expect(catalogue.retrievedAt).toBe('2017-04-12T18:26:27.336Z');
  });

  it('reads every field of an interaction', () => {
    const [interaction] = findInteractionsBetween(catalogue, 'N06AB04', 'N06AG02');
    expect(interaction).toMatchObject({
      entryId: 'ID_2B41674B-5F37-4B44-99D9-F5A50A433636',
      id: 'ID_092F012E-E96B-4132-A049-9F8A0127D9FF',
      updated: '2016-02-19T11:36:45',
      relevance: { code: '1', display: 'Bør unngås' },
      severity: 'high',
      mechanism: 'Begge legemidlene øker serotonerg aktivitet',
      sourceBasis: { code: '2', display: 'Kasusrapporter' },
    });
    expect(interaction?.clinicalConsequence).toMatch(/^Økt risiko for serotonergt syndrom/);
    expect(interaction?.handling).toMatch(/^Dosetilpasning: .*\nLegemiddelalternativer: /s);
    expect(interaction?.visibility.map((rule) => rule.display)).toEqual([
      'Allmennlege',
      'Apotek',
      'Spesialist',
      'Sykehus',
    ]);
    expect(interaction?.references).toHaveLength(5);
    expect(interaction?.references[1]?.url).toContain('TermToSearch=11300508&ordinalpos');
    expect(interaction?.groups.map((group) => group.substances.map((substance) => substance.atc))).toEqual([
      ['N06AB04'],
      ['N06AG02'],
    ]);
  });

  it('maps the three relevance levels to severities', () => {
    const severities = Object.fromEntries(catalogue.interactions.map((i) => [i.relevance.code, i.severity]));
    expect(severities).toEqual({ '1': 'high', '2': 'moderate', '3': 'low' });
  });

  it('matches a product against a substance group given at a coarser ATC level', () => {
    // The triptan group lists N02CC itself: a triptan FEST does not name (N02CC99) still matches it.
    expect(findInteractionsBetween(catalogue, 'N02CC99', 'N06AB06').map((i) => i.relevance.code)).toEqual([
      '3',
    ]);
    expect(findInteractionsBetween(catalogue, 'N06AB06', 'N02CC01')).toHaveLength(1);
    expect(findInteractionsBetween(catalogue, 'N02CC01', 'N02CC03')).toEqual([]);
  });

  it('finds the same interaction in either order and never within one group', () => {
    expect(findInteractionsBetween(catalogue, 'N07BC02', 'N06AB04')).toEqual(
      findInteractionsBetween(catalogue, 'N06AB04', 'N07BC02'),
    );
    expect(findInteractionsBetween(catalogue, 'N07BC02', 'N02AC52')).toEqual([]);
  });

  it('tells "assessed" from "not in the catalogue"', () => {
    expect(catalogueCoverage(catalogue, 'N06AB04')).toBe('assessed');
    expect(catalogueCoverage(catalogue, 'B01AA03')).toBe('not-in-catalogue');
    expect(findCatalogueGroups(catalogue, 'not an atc')).toEqual([]);
  });
});

describe('loader robustness', () => {
  it('gives the same catalogue however the text is split into chunks', () => {
    const whole = parseFestInteractionCatalogue(excerpt);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: excerpt.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const loader = createFestCatalogueLoader();
          let previous = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            loader.push(excerpt.slice(previous, cut));
            previous = cut;
          }
          loader.push(excerpt.slice(previous));
          const chunked = loader.finish();
          expect(chunked.interactions).toEqual(whole.interactions);
          expect(chunked.retrievedAt).toBe(whole.retrievedAt);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads prefixed namespaces and ignores unknown elements', () => {
    const prefixed = excerpt
      .replace(
        '<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">',
        '<m30:FEST xmlns:m30="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">',
      )
      .replace('</FEST>', '</m30:FEST>')
      .replace(/<(\/?)([A-Z][A-Za-z]*)([\s>/])/g, '<$1m30:$2$3')
      .replace(
        /<m30:Relevans /g,
        '<m30:NyttElement V="x"><Indre>tekst</Indre></m30:NyttElement><m30:Relevans ',
      );
    const catalogue = parseFestInteractionCatalogue(prefixed);
    expect(catalogue.stats.interactions).toBe(4);
    expect(catalogue.interactions).toEqual(parseFestInteractionCatalogue(excerpt).interactions);
  });

  it('skips withdrawn and incomplete entries and records not-assessed substances', () => {
    const xml = `<FEST><HentetDato>2026-01-01T00:00:00</HentetDato><KatLegemiddelpakning><OppfLegemiddelpakning><Id>X</Id></OppfLegemiddelpakning></KatLegemiddelpakning><KatInteraksjon>
      <OppfInteraksjon><Id>A</Id><Status V="U"/><Interaksjon><Id>I1</Id><Relevans V="1"/><KliniskKonsekvens>k</KliniskKonsekvens>
        <Substansgruppe><Substans><Substans>a</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
        <Substansgruppe><Substans><Substans>b</Substans><Atc V="M01AE01"/></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>
      <OppfInteraksjon><Id>B</Id><Status V="A"/><Interaksjon><Id>I2</Id><Relevans V="1"/><KliniskKonsekvens>k</KliniskKonsekvens>
        <Substansgruppe><Substans><Substans>a</Substans><Atc V="B01AA03"/></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>
      <OppfInteraksjon><Id>C</Id><Status V="A"/><InteraksjonIkkeVurdert><Atc V="n05an01" DN="Litium"/></InteraksjonIkkeVurdert></OppfInteraksjon>
      <OppfInteraksjon><Id>D</Id><Status V="A"/><Interaksjon><Id>I3</Id><Relevans V="9" DN="Ny kode"/><KliniskKonsekvens>ny</KliniskKonsekvens>
        <Substansgruppe><Substans><Substans>a</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
        <Substansgruppe><Substans><Substans>c</Substans><Atc V="J01FA09"/><RefVirkestoff>ID_KLARI</RefVirkestoff></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>
    </KatInteraksjon></FEST>`;
    const catalogue = parseFestInteractionCatalogue(xml);
    expect(catalogue.stats).toMatchObject({
      entries: 4,
      interactions: 1,
      notAssessed: 1,
      skippedInactive: 1,
      skippedInvalid: 1,
      skippedBecause: {
        'Status U': 1,
        'missing two Substansgruppe with an ATC code or RefVirkestoff': 1,
      },
    });
    expect(catalogueCoverage(catalogue, 'N05AN01')).toBe('not-assessed');
    expect(catalogueCoverage(catalogue, 'M01AE01')).toBe('not-in-catalogue');
    // An unknown relevance code is shown as high rather than hidden.
    expect(catalogue.interactions[0]?.severity).toBe('high');
    expect(catalogue.interactions[0]?.groups[1]?.substances[0]?.substanceIds).toEqual(['ID_KLARI']);
  });
});

describe('substances without an ATC code', () => {
  it('are indexed by their FEST substance id and matched against lines that carry it', async () => {
    const { checkMedicationList } = await import('../check/medication-list-check.ts');
    const xml = `<FEST><HentetDato>2026-01-01T00:00:00</HentetDato><KatInteraksjon>
      <OppfInteraksjon><Id>E</Id><Status V="A"/><Interaksjon><Id>I4</Id><Relevans V="1" DN="Bør unngås"/><KliniskKonsekvens>Økt blødningsrisiko.</KliniskKonsekvens>
        <Substansgruppe><Substans><Substans>warfarin</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
        <Substansgruppe><Substans><Substans>ginkgo</Substans><RefVirkestoff>ID_GINKGO</RefVirkestoff></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>
      <OppfInteraksjon><Id>F</Id><Status V="A"/><Interaksjon><Id>I5</Id><Relevans V="2"/><KliniskKonsekvens>k</KliniskKonsekvens>
        <Substansgruppe><Substans><Substans>a</Substans><Atc V="B01AA03"/></Substans></Substansgruppe>
        <Substansgruppe><Substans><Substans>uten kode</Substans></Substans></Substansgruppe></Interaksjon></OppfInteraksjon>
    </KatInteraksjon></FEST>`;
    const catalogue = parseFestInteractionCatalogue(xml);
    expect(catalogue.stats).toMatchObject({ interactions: 1, substancesById: 1, skippedInvalid: 1 });
    expect(catalogue.substanceIndex.get('ID_GINKGO')).toEqual([{ interaction: 0, group: 1 }]);
    const result = checkMedicationList({
      activeLines: [{ id: 'w', name: 'Marevan', atc: 'B01AA03' }],
      change: { kind: 'add', line: { id: 'g', name: 'Ginkgo', substanceIds: ['ID_GINKGO'] } },
      catalogue,
    });
    expect(result.findings.map((f) => f.id)).toEqual(['interaction:I4:g+w']);
    expect(result.interactions.coverage.find((c) => c.lineId === 'g')?.status).toBe('assessed');
  });
});
