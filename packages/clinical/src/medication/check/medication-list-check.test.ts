import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asNeeded, daily, regular } from '../dosage/dosage-test-builders.ts';
import { parseFestInteractionCatalogue } from '../fest/fest-interaction-loader.ts';
import { festDataDir } from '../fest/fest-test-support.ts';
import { parseMaxDoseTable } from './max-dose-table.ts';
import type { MedicationLine } from './medication-check-types.ts';
import { medicationLineFromStatement } from './medication-line.ts';
import { checkMedicationList } from './medication-list-check.ts';

const catalogue = parseFestInteractionCatalogue(
  readFileSync(`${festDataDir}akson-interaksjoner.xml`, 'utf8'),
);
const maxDoses = parseMaxDoseTable(
  JSON.parse(readFileSync(`${festDataDir}../medication/max-daily-doses.json`, 'utf8')),
);

// Ingrid (scenario 1–3): warfarin, ibuprofen as needed, metoprolol; severe penicillin allergy.
const warfarin: MedicationLine = {
  id: 'l-warfarin',
  name: 'Marevan tab 2,5 mg',
  atc: 'B01AA03',
  dosage: [daily(2.5, 'mg', ['EVE'])],
};
const metoprolol: MedicationLine = {
  id: 'l-metoprolol',
  name: 'Selo-Zok depottab 50 mg',
  atc: 'C07AB02',
  dosage: [daily(1, 'depottablett', ['MORN'])],
};
const ibuprofen: MedicationLine = {
  id: 'l-ibuprofen',
  name: 'Ibux tab 400 mg',
  atc: 'M01AE01',
  strength: { value: 400, unit: 'mg' },
  dosage: [asNeeded(1, 'tablett', { maxPerDay: 3 })],
};
const naproxen: MedicationLine = {
  id: 'l-naproxen',
  name: 'Naproxen tab 250 mg',
  atc: 'M01AE02',
  strength: { value: 250, unit: 'mg' },
  dosage: [daily(1, 'tablett', ['MORN', 'EVE'])],
};
const penicillinAllergy: AllergyIntolerance = {
  resourceType: 'AllergyIntolerance',
  id: 'allergy-penicillin',
  patient: { reference: 'Patient/ingrid' },
  type: 'allergy',
  category: ['medication'],
  criticality: 'high',
  code: {
    coding: [{ system: 'http://www.whocc.no/atc', code: 'J01C', display: 'Penicilliner' }],
    text: 'penicilliner',
  },
};

describe('checkMedicationList', () => {
  it('scenario 3: adding naproxen to warfarin is a high-severity FEST interaction that must be acknowledged', () => {
    const result = checkMedicationList({
      activeLines: [warfarin, metoprolol],
      change: { kind: 'add', line: naproxen },
      allergies: [penicillinAllergy],
      catalogue,
      maxDoses,
    });
    expect(result.requiresAcknowledgement).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      kind: 'interaction',
      severity: 'high',
      lineIds: ['l-naproxen', 'l-warfarin'],
      requiresAcknowledgement: true,
      relevance: { code: '1', display: 'Bør unngås' },
      interactionId: 'AKSON-INT-001',
    });
    expect(finding?.text.nb).toMatch(
      /^Interaksjon \(Bør unngås\): Naproxen tab 250 mg og Marevan tab 2,5 mg\. Økt risiko for blødning/,
    );
    expect(finding?.text.en).toMatch(/^Interaction \(should be avoided\)/);
    expect(finding?.clinicalConsequence).toBeTruthy();
    expect(finding?.handling).toMatch(/paracetamol/);
    expect(finding?.references?.length).toBeGreaterThan(0);
  });

  it('scenario 3: paracetamol instead gives no finding, and says the catalogue did not cover it', () => {
    const paracetamol: MedicationLine = {
      id: 'l-paracet',
      name: 'Paracet tab 500 mg',
      atc: 'N02BE01',
      strength: { value: 500, unit: 'mg' },
      dosage: [daily(2, 'tablett', ['MORN', 'NOON', 'EVE'])],
    };
    const result = checkMedicationList({
      activeLines: [warfarin, metoprolol],
      change: { kind: 'add', line: paracetamol },
      catalogue,
      maxDoses,
    });
    expect(result.findings).toEqual([]);
    expect(result.requiresAcknowledgement).toBe(false);
    // "No finding" is not "checked and safe": paracetamol and metoprolol are not in the catalogue.
    expect(result.interactions.complete).toBe(false);
    expect(result.interactions.coverage).toEqual([
      { lineId: 'l-warfarin', atc: 'B01AA03', status: 'assessed' },
      { lineId: 'l-metoprolol', atc: 'C07AB02', status: 'not-in-catalogue' },
      { lineId: 'l-paracet', atc: 'N02BE01', status: 'not-in-catalogue' },
    ]);
  });

  it('without a catalogue interactions are not assessed, never "none"', () => {
    const result = checkMedicationList({ activeLines: [warfarin], change: { kind: 'add', line: naproxen } });
    expect(result.findings).toEqual([]);
    expect(result.interactions).toEqual({
      complete: false,
      coverage: [
        { lineId: 'l-warfarin', atc: 'B01AA03', status: 'no-catalogue' },
        { lineId: 'l-naproxen', atc: 'M01AE02', status: 'no-catalogue' },
      ],
    });
  });

  it('reports only findings involving the change, unless the whole list is asked for', () => {
    const existing = [warfarin, ibuprofen];
    const change = { kind: 'add' as const, line: metoprolol };
    expect(checkMedicationList({ activeLines: existing, change, catalogue }).findings).toEqual([]);
    const all = checkMedicationList({ activeLines: existing, change, catalogue, scope: 'all' });
    expect(all.findings.map((finding) => finding.kind)).toEqual(['interaction']);
    expect(checkMedicationList({ activeLines: existing, catalogue }).findings).toHaveLength(1);
  });

  it('a changed line replaces the current one', () => {
    const stoppedNsaid = {
      ...ibuprofen,
      atc: 'N02BE01',
      name: 'Paracet tab 500 mg',
      strength: { value: 500, unit: 'mg' },
    };
    const result = checkMedicationList({
      activeLines: [warfarin, ibuprofen],
      change: { kind: 'change', line: stoppedNsaid },
      catalogue,
      scope: 'all',
    });
    expect(result.findings).toEqual([]);
  });

  describe('allergies', () => {
    const amoxicillin: MedicationLine = { id: 'l-amox', name: 'Imacillin tab 500 mg', atc: 'J01CA04' };

    it('penicillin allergy (J01C) against amoxicillin (J01CA04) is high and must be acknowledged', () => {
      const result = checkMedicationList({
        activeLines: [warfarin],
        change: { kind: 'add', line: amoxicillin },
        allergies: [penicillinAllergy],
      });
      expect(result.findings).toEqual([
        expect.objectContaining({
          kind: 'allergy',
          severity: 'high',
          lineIds: ['l-amox'],
          requiresAcknowledgement: true,
          allergyId: 'allergy-penicillin',
        }),
      ]);
      expect(result.findings[0]?.text.nb).toBe(
        'Registrert allergi mot penicilliner. Imacillin tab 500 mg (J01CA04) tilhører legemiddelgruppen allergien gjelder (ATC J01C).',
      );
    });

    it('matches the same substance, the same level-4 group, and FEST substance ids', () => {
      const amoxAllergy = {
        ...penicillinAllergy,
        code: {
          coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7180', code: 'J01CA04' }],
          text: 'amoksicillin',
        },
      };
      const ampicillin: MedicationLine = { id: 'l-amp', name: 'Ampicillin', atc: 'J01CA01' };
      const same = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: amoxicillin },
        allergies: [amoxAllergy],
      });
      expect(same.findings[0]?.text.nb).toContain('inneholder samme virkestoff');
      const group = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: ampicillin },
        allergies: [amoxAllergy],
      });
      expect(group.findings[0]?.text.nb).toContain('mulig kryssreaksjon');
      const fest: AllergyIntolerance = {
        ...penicillinAllergy,
        code: {
          coding: [{ system: 'http://ehelse.no/FESTSubstance', code: 'ID_SUBST_1' }],
          text: 'virkestoff',
        },
      };
      const festLine = { ...ampicillin, atc: undefined, substanceIds: ['ID_SUBST_1'] };
      expect(
        checkMedicationList({ activeLines: [], change: { kind: 'add', line: festLine }, allergies: [fest] })
          .findings,
      ).toHaveLength(1);
    });

    it('does not match other groups, refuted or resolved allergies', () => {
      const cephalosporin: MedicationLine = { id: 'l-ceph', name: 'Cefalexin', atc: 'J01DB01' };
      expect(
        checkMedicationList({
          activeLines: [],
          change: { kind: 'add', line: cephalosporin },
          allergies: [penicillinAllergy],
        }).findings,
      ).toEqual([]);
      const refuted = { ...penicillinAllergy, verificationStatus: { coding: [{ code: 'refuted' }] } };
      const resolved = { ...penicillinAllergy, clinicalStatus: { coding: [{ code: 'resolved' }] } };
      expect(
        checkMedicationList({
          activeLines: [],
          change: { kind: 'add', line: amoxicillin },
          allergies: [refuted, resolved],
        }).findings,
      ).toEqual([]);
    });

    it('says when an allergy or a medicine cannot be checked', () => {
      const uncoded: AllergyIntolerance = {
        ...penicillinAllergy,
        id: 'a2',
        code: { text: 'Penicillin (fritekst)' },
      };
      const food: AllergyIntolerance = {
        ...penicillinAllergy,
        id: 'a3',
        category: ['food'],
        code: { text: 'Peanøtt' },
      };
      const noAtc: MedicationLine = { id: 'l-x', name: 'Ukjent preparat' };
      const result = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: noAtc },
        allergies: [uncoded, food],
      });
      expect(result.findings).toEqual([]);
      expect(result.notAssessed.map((entry) => entry.reason.nb)).toEqual([
        'Allergien «Penicillin (fritekst)» er ikke kodet med ATC eller FEST og må vurderes manuelt.',
        'Legemidlet mangler ATC-kode og FEST-id, så allergier kan ikke kontrolleres automatisk.',
      ]);
    });
  });

  describe('therapeutic duplicates', () => {
    it('two NSAIDs from different level-4 groups are duplicates (M01A)', () => {
      const diclofenac: MedicationLine = { id: 'l-diklo', name: 'Voltaren tab 50 mg', atc: 'M01AB05' };
      const result = checkMedicationList({
        activeLines: [ibuprofen],
        change: { kind: 'add', line: diclofenac },
      });
      expect(result.findings).toEqual([
        expect.objectContaining({
          kind: 'duplicate',
          severity: 'moderate',
          lineIds: ['l-diklo', 'l-ibuprofen'],
          requiresAcknowledgement: false,
        }),
      ]);
      expect(result.findings[0]?.text.nb).toContain('NSAID');
    });

    it('same level-4 group, same substance, and not across groups', () => {
      const oxazepam: MedicationLine = { id: 'l-oks', name: 'Sobril', atc: 'N05BA04' };
      const zopiclone: MedicationLine = { id: 'l-zop', name: 'Imovane', atc: 'N05CF01' };
      expect(
        checkMedicationList({ activeLines: [oxazepam], change: { kind: 'add', line: zopiclone } }).findings,
      ).toHaveLength(1);
      const paracetamolFixed: MedicationLine = { id: 'l-p1', name: 'Paracet fast', atc: 'N02BE01' };
      const paracetamolCombo: MedicationLine = {
        id: 'l-p2',
        name: 'Pinex Forte',
        atc: 'N02AJ06',
        substanceIds: ['ID_PARACETAMOL'],
      };
      const paracetamolNeeded: MedicationLine = {
        id: 'l-p3',
        name: 'Paracet ved behov',
        atc: 'N02BE01',
        substanceIds: ['ID_PARACETAMOL'],
      };
      const same = checkMedicationList({
        activeLines: [paracetamolFixed],
        change: { kind: 'add', line: paracetamolNeeded },
      });
      expect(same.findings[0]?.text.nb).toContain('Samme virkestoff');
      expect(
        checkMedicationList({
          activeLines: [paracetamolNeeded],
          change: { kind: 'add', line: paracetamolCombo },
        }).findings,
      ).toHaveLength(1);
      expect(
        checkMedicationList({ activeLines: [warfarin], change: { kind: 'add', line: metoprolol } }).findings,
      ).toEqual([]);
    });

    it('a combination product (simvastatin/ezetimib, C10BA02) is its substances: duplicate and interaction', () => {
      const simvastatin: MedicationLine = { id: 'l-sim', name: 'Zocor 20 mg', atc: 'C10AA01' };
      const inegy: MedicationLine = { id: 'l-ine', name: 'Inegy 10 mg/20 mg', atc: 'C10BA02' };
      const clarithromycin: MedicationLine = { id: 'l-kla', name: 'Klacid 500 mg', atc: 'J01FA09' };
      const result = checkMedicationList({
        activeLines: [simvastatin, clarithromycin],
        change: { kind: 'add', line: inegy },
        catalogue,
      });
      expect(result.findings.map((f) => `${f.kind}:${f.severity}`).sort()).toEqual([
        'duplicate:moderate',
        'interaction:high',
      ]);
      expect(result.findings.find((f) => f.kind === 'duplicate')?.text.nb).toContain('Samme virkestoff');
    });
  });

  describe('maximum doses', () => {
    it('paracetamol fixed plus as-needed over 4 g per day is high', () => {
      const fixed: MedicationLine = {
        id: 'l-p1',
        name: 'Paracet 500 mg fast',
        atc: 'N02BE01',
        strength: { value: 500, unit: 'mg' },
        dosage: [daily(2, 'tablett', ['MORN', 'NOON', 'EVE'])],
      };
      const needed: MedicationLine = {
        id: 'l-p2',
        name: 'Paracet 500 mg ved behov',
        atc: 'N02BE01',
        strength: { value: 500, unit: 'mg' },
        dosage: [asNeeded(2, 'tablett', { maxPerDay: 4 })],
      };
      const result = checkMedicationList({
        activeLines: [fixed],
        change: { kind: 'add', line: needed },
        maxDoses,
      });
      const finding = result.findings.find((candidate) => candidate.kind === 'max-dose');
      expect(finding).toMatchObject({
        severity: 'high',
        lineIds: ['l-p2', 'l-p1'],
        requiresAcknowledgement: true,
      });
      expect(finding?.text.nb).toBe(
        'Maksimal dose overskredet for paracetamol: Paracet 500 mg fast + Paracet 500 mg ved behov gir inntil 5 g per døgn; maks er 4 g per døgn.',
      );
      // 3 g fixed + 1 g as needed is exactly 4 g: allowed.
      const withinLimit = { ...needed, dosage: [asNeeded(1, 'tablett', { maxPerDay: 2 })] };
      expect(
        checkMedicationList({
          activeLines: [fixed],
          change: { kind: 'add', line: withinLimit },
          maxDoses,
        }).findings.filter((f) => f.kind === 'max-dose'),
      ).toEqual([]);
    });

    it('weekly methotrexate is within the weekly limit; the same dose daily is not', () => {
      const weekly: MedicationLine = {
        id: 'l-mtx',
        name: 'Metex 2,5 mg',
        atc: 'L04AX03',
        strength: { value: 2.5, unit: 'mg' },
        dosage: [regular(6, 'tablett', { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] })],
      };
      expect(
        checkMedicationList({ activeLines: [], change: { kind: 'add', line: weekly }, maxDoses }).findings,
      ).toEqual([]);
      const dailyByMistake = {
        ...weekly,
        dosage: [regular(6, 'tablett', { frequency: 1, period: 1, periodUnit: 'd' })],
      };
      const result = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: dailyByMistake },
        maxDoses,
      });
      expect(result.findings[0]?.text.nb).toContain('gir inntil 105 mg per uke; maks er 25 mg per uke');
    });

    it('uses the OTC limit for self-medication and the age limit for the elderly', () => {
      const otc: MedicationLine = {
        ...ibuprofen,
        otc: true,
        dosage: [daily(1, 'tablett', ['MORN', 'NOON', 'EVE', 'NIGHT'])],
      };
      expect(
        checkMedicationList({ activeLines: [], change: { kind: 'add', line: otc }, maxDoses }).findings[0]
          ?.text.nb,
      ).toContain('maks er 1,2 g per døgn (reseptfritt)');
      expect(
        checkMedicationList({
          activeLines: [],
          change: { kind: 'add', line: { ...otc, otc: false } },
          maxDoses,
        }).findings,
      ).toEqual([]);
      const citalopram: MedicationLine = {
        id: 'l-cit',
        name: 'Cipramil 20 mg',
        atc: 'N06AB04',
        strength: { value: 20, unit: 'mg' },
        dosage: [daily(1.5, 'tablett', ['MORN'])],
      };
      expect(
        checkMedicationList({
          activeLines: [],
          change: { kind: 'add', line: citalopram },
          maxDoses,
          patient: { ageYears: 50 },
        }).findings,
      ).toEqual([]);
      expect(
        checkMedicationList({
          activeLines: [],
          change: { kind: 'add', line: citalopram },
          maxDoses,
          patient: { ageYears: 84 },
        }).findings[0]?.text.nb,
      ).toContain('maks er 20 mg per døgn (fra 65 år)');
    });

    it('says when the dose cannot be assessed instead of passing it', () => {
      const noStrength: MedicationLine = {
        id: 'l-p',
        name: 'Paracet',
        atc: 'N02BE01',
        dosage: [daily(2, 'tablett', ['MORN'])],
      };
      const unlimited: MedicationLine = {
        id: 'l-q',
        name: 'Paracet ved behov',
        atc: 'N02BE01',
        strength: { value: 500, unit: 'mg' },
        dosage: [asNeeded(1, 'tablett')],
      };
      const first = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: noStrength },
        maxDoses,
      });
      expect(first.notAssessed[0]?.reason.nb).toContain('styrke per enhet mangler');
      const second = checkMedicationList({
        activeLines: [],
        change: { kind: 'add', line: unlimited },
        maxDoses,
      });
      expect(second.notAssessed[0]?.reason.nb).toContain('ingen maksdose');
    });
  });

  it('sorts findings high first and builds lines from MedicationStatements', () => {
    const fromStatement = medicationLineFromStatement({
      resourceType: 'MedicationStatement',
      status: 'active',
      subject: { reference: 'Patient/ingrid' },
      identifier: [
        {
          system: 'https://akson.no/fhir/NamingSystem/medication-line',
          value: '1806b060-4a42-4993-957e-168115d44355',
        },
      ],
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.whocc.no/atc', code: 'm01ae01' }],
        text: 'Ibux 400 mg',
      },
      dosage: [daily(1, 'tablett', ['MORN'])],
    });
    expect(fromStatement).toMatchObject({
      id: '1806b060-4a42-4993-957e-168115d44355',
      atc: 'M01AE01',
      name: 'Ibux 400 mg',
    });
    const result = checkMedicationList({
      activeLines: [warfarin, naproxen],
      change: { kind: 'add', line: fromStatement },
      catalogue,
      scope: 'all',
    });
    expect(result.findings.map((finding) => `${finding.severity}:${finding.kind}`)).toEqual([
      'high:interaction',
      'high:interaction',
      'moderate:duplicate',
    ]);
  });
});
