// Tests against the real bundled data files: what the server and the web app will actually load.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATC_SYSTEM,
  ICD10_SYSTEM,
  ICPC2_SYSTEM,
  ICPC2_VOLVEN_SYSTEM,
  VOLVEN,
  volvenSystem,
} from './code-system-urls.ts';
import { dottedIcd10Code } from './icd10-code.ts';
import type { CodeRegistry } from './code-registry.ts';
import {
  createFileCodeRegistry,
  readCounties,
  readMunicipalities,
  readNameFrequencies,
  readPostalCodes,
  readPostalCodesByMunicipality,
} from './node.ts';

let registry: CodeRegistry;

beforeAll(async () => {
  registry = createFileCodeRegistry();
  await Promise.all([
    registry.loadCodeSystem(ICPC2_SYSTEM),
    registry.loadCodeSystem(ICD10_SYSTEM),
    registry.loadCodeSystem(ATC_SYSTEM),
  ]);
});

describe('bundled code systems', () => {
  it('lists every data file in the manifest, and every file loads', async () => {
    const systems = await registry.listCodeSystems();
    expect(systems.length).toBeGreaterThanOrEqual(40);
    for (const system of systems) {
      const index = await registry.loadCodeSystem(system.system);
      expect(index.size, system.name).toBe(system.count);
      expect(index.complete).toBe(system.complete);
    }
    const required = [8663, 9060, 9602, 9151, 7448, 7514, 7852, 9603, 3101, 1101, 9501].map(volvenSystem);
    for (const system of required) expect(systems.map((entry) => entry.system)).toContain(system);
  });

  it('has ICPC-2 with Norwegian texts, also under the old Volven OID', () => {
    expect(registry.lookupCode(ICPC2_SYSTEM, 'U71')).toBe('Cystitt/urinveisinfeksjon IKA');
    expect(registry.lookupCode(ICPC2_VOLVEN_SYSTEM, 'K86')).toBe('Hypertensjon ukomplisert');
    expect(registry.lookupConcept(ICPC2_SYSTEM, 'A97')).toEqual({
      code: 'A97',
      display: 'Kontakt/undersøkelse for administrativt formål',
      shortDisplay: 'Administrativ kontakt/undersøkelse',
    });
    // Known gap: process codes (-30 to -69) are not in any public source we found.
    expect(registry.lookupCode(ICPC2_SYSTEM, 'A30')).toBeUndefined();
  });

  it('finds U71 for "urin" and for the ICPC-2B synonym "UVI"', () => {
    expect(registry.searchCodes(ICPC2_SYSTEM, 'urin').map((hit) => hit.code)).toContain('U71');
    expect(registry.searchCodes(ICPC2_SYSTEM, 'UVI')[0]).toMatchObject({
      code: 'U71',
      matchedTerm: 'UVI (urinveisinfeksjon)',
    });
  });

  it('returns only U7x codes, in code order, for "U7"', () => {
    const codes = registry.searchCodes(ICPC2_SYSTEM, 'U7', 50).map((hit) => hit.code);
    expect(codes).toEqual(['U70', 'U71', 'U72', 'U75', 'U76', 'U77', 'U78', 'U79']);
    expect(codes.every((code) => code.startsWith('U7'))).toBe(true);
  });

  it('has ICD-10 (Volven 7110) without dots, found with or without the dot', () => {
    expect(registry.lookupCode(ICD10_SYSTEM, 'J18.9')).toBe('Uspesifisert pneumoni');
    expect(registry.searchCodes(ICD10_SYSTEM, 'J18.9')[0]?.code).toBe('J189');
    expect(dottedIcd10Code('J189')).toBe('J18.9');
    expect(registry.searchCodes(ICD10_SYSTEM, 'urinveisinfeksjon').map((hit) => hit.code)).toContain('N390');
  });

  it('has ATC with Norwegian names and the hierarchy', () => {
    expect(registry.lookupConcept(ATC_SYSTEM, 'B01AA03')).toEqual({
      code: 'B01AA03',
      display: 'warfarin',
      parent: 'B01AA',
    });
    expect(registry.searchCodes(ATC_SYSTEM, 'paracet')[0]?.code).toBe('N02BE01');
  });

  it('has the Volven lists the record needs', async () => {
    await registry.loadCodeSystem(VOLVEN.healthPersonnelCategory);
    await registry.loadCodeSystem(VOLVEN.municipalServiceType);
    await registry.loadCodeSystem(VOLVEN.vaccine);
    expect(registry.lookupCode(VOLVEN.healthPersonnelCategory, 'LE')).toBe('Lege');
    expect(registry.lookupCode(VOLVEN.healthPersonnelCategory, 'SP')).toBe('Sykepleier');
    expect(registry.lookupCode(VOLVEN.municipalServiceType, 'KA02')).toBe('Legevakt');
    expect(registry.lookupCode(VOLVEN.vaccine, 'BCG01')).toBe('Tuberkulose (levende svekket)');
    expect(registry.lookupCode(VOLVEN.vaccine, 'BNT03')).toMatch(/ikke verifisert/);
  });
});

describe('search latency on ICD-10 (~20k codes)', () => {
  it('answers a keystroke query in well under 2 ms', () => {
    const queries = [
      'a',
      'ab',
      'urin',
      'urinv',
      'infek',
      'infeksjon',
      'diabetes',
      'diabetes type',
      'j1',
      'j18.9',
    ];
    const more = [
      'hjerte',
      'fraktur',
      'kreft',
      'smerte',
      's',
      'pneumoni',
      'lungebetennelse',
      'demens',
      'kol',
      'x59',
    ];
    const all = [...queries, ...more];
    for (let i = 0; i < 50; i++) for (const query of all) registry.searchCodes(ICD10_SYSTEM, query, 20);
    const rounds = 100;
    let worst = 0;
    const started = performance.now();
    for (const query of all) {
      const queryStarted = performance.now();
      for (let i = 0; i < rounds; i++) registry.searchCodes(ICD10_SYSTEM, query, 20);
      worst = Math.max(worst, (performance.now() - queryStarted) / rounds);
    }
    const average = (performance.now() - started) / (rounds * all.length);
    console.log(
      `ICD-10 search latency: average ${average.toFixed(3)} ms, slowest query ${worst.toFixed(3)} ms ` +
        `(${all.length} queries × ${rounds})`,
    );
    expect(average).toBeLessThan(2);
  });
});

describe('population reference data', () => {
  it('has the 357 municipalities of 2024 with populations summing to SSB 1 January 2024', async () => {
    const municipalities = await readMunicipalities();
    expect(municipalities).toHaveLength(357);
    expect(municipalities.reduce((sum, m) => sum + m.population, 0)).toBe(5_550_203);
    expect(municipalities.find((m) => m.number === '0301')).toMatchObject({
      name: 'Oslo',
      countyNumber: '03',
    });
    const counties = await readCounties();
    expect(counties).toHaveLength(15);
    const countyNumbers = new Set(counties.map((county) => county.number));
    expect(municipalities.every((m) => countyNumbers.has(m.countyNumber))).toBe(true);
  });

  it('has postal codes for every municipality', async () => {
    const municipalities = await readMunicipalities();
    const byMunicipality = await readPostalCodesByMunicipality();
    for (const municipality of municipalities) {
      expect(byMunicipality.get(municipality.number)?.length ?? 0, municipality.name).toBeGreaterThan(0);
    }
    const postalCodes = await readPostalCodes();
    expect(postalCodes.find((code) => code.code === '0010')).toMatchObject({
      place: 'OSLO',
      municipalityNumber: '0301',
    });
  });

  it('has name frequencies for synthetic people', async () => {
    const names = await readNameFrequencies();
    expect(names.female.length).toBeGreaterThan(300);
    expect(names.male.length).toBeGreaterThan(300);
    expect(names.surnames.length).toBe(500);
    expect(names.female.find((name) => name.name === 'Ingrid')?.count).toBeGreaterThan(0);
    expect(names.surnames[0]).toEqual({ name: 'Hansen', count: 52569 });
  });
});
