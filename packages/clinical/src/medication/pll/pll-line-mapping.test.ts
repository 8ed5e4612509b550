import type { CodeableConcept, Dosage, MedicationStatement } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDICATION_LINE_SYSTEM, MULTIDOSE_EXTENSION_URL, PLL_STOP_REASON_SYSTEM } from '../code-systems.ts';
import { dosagesArb } from '../dosage/dosage-arbitraries.ts';
import { renderDosage } from '../dosage/dosage-render.ts';
import { asNeeded, daily, regular } from '../dosage/dosage-test-builders.ts';
import { PLL_LINE_FORMAT, type PllLine } from './pll-line.ts';
import { fromPllLine, newPllLineId, toPllLine } from './pll-line-mapping.ts';
import { PllMappingError } from './pll-mapping-error.ts';

const subject = { reference: 'Patient/ingrid' };
const LINE_ID = 'c4044d55-2279-422b-9975-164661c52a8c';

function statement(overrides: Partial<MedicationStatement> = {}): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    identifier: [{ system: MEDICATION_LINE_SYSTEM, value: LINE_ID }],
    status: 'active',
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.whocc.no/atc', code: 'B01AA03', display: 'Warfarin' }],
      text: 'Marevan tab 2,5 mg',
    },
    subject,
    effectivePeriod: { start: '2026-01-05' },
    dateAsserted: '2026-01-05T10:15:00+01:00',
    dosage: [regular(2.5, 'mg', { frequency: 1, period: 1, periodUnit: 'd', when: ['EVE'] })],
    ...overrides,
  };
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof PllMappingError) return error.problems.map((problem) => problem.path);
    throw error;
  }
  throw new Error('expected a PllMappingError');
}

describe('toPllLine', () => {
  it('maps a regular line field by field', () => {
    const line = toPllLine(
      statement({
        reasonCode: [
          {
            coding: [
              { system: 'urn:oid:2.16.578.1.12.4.1.1.7170', code: 'K78', display: 'Atrieflimmer/flutter' },
            ],
            text: 'Mot blodpropp',
          },
        ],
      }),
    );
    expect(line).toEqual({
      format: PLL_LINE_FORMAT,
      id: LINE_ID,
      sistEndret: '2026-01-05T10:15:00+01:00',
      datoOppstart: '2026-01-05',
      legemiddel: { atc: { v: 'B01AA03', dn: 'Warfarin' }, navnFormStyrke: 'Marevan tab 2,5 mg' },
      refKode: { v: 'K78', s: '2.16.578.1.12.4.1.1.7170', dn: 'Atrieflimmer/flutter' },
      bruksomrade: 'Mot blodpropp',
      bruk: { v: '1', dn: 'Fast' },
      dosering: [
        {
          doseFastTidspunkt: [
            {
              mengde: { v: 2.5, u: 'mg' },
              intervall: { v: 1, u: 'Døgn' },
              tidsomrade: { v: '5', dn: 'Kveld' },
              gisEksakt: false,
            },
          ],
        },
      ],
    });
  });

  it('writes one DoseFastTidspunkt per time, with weekdays for weekly doses', () => {
    const line = toPllLine(
      statement({
        dosage: [
          regular(15, 'mg', {
            frequency: 2,
            period: 1,
            periodUnit: 'wk',
            dayOfWeek: ['mon'],
            timeOfDay: ['08:00:00', '20:00:00'],
          }),
        ],
      }),
    );
    expect(line.dosering[0]?.doseFastTidspunkt).toEqual([
      {
        mengde: { v: 15, u: 'mg' },
        intervall: { v: 1, u: 'Uke' },
        klokkeslett: '08:00:00',
        gisEksakt: true,
        fastDose: { fasteUkedager: [{ v: '1', dn: 'Mandag' }] },
      },
      {
        mengde: { v: 15, u: 'mg' },
        intervall: { v: 1, u: 'Uke' },
        klokkeslett: '20:00:00',
        gisEksakt: true,
        fastDose: { fasteUkedager: [{ v: '1', dn: 'Mandag' }] },
      },
    ]);
  });

  it('maps as-needed with a daily maximum to DoseEtterBehov', () => {
    const line = toPllLine(
      statement({
        dosage: [
          asNeeded(1, 'tablett', {
            repeat: { frequency: 3, period: 1, periodUnit: 'd' },
            maxPerDay: 6,
            reason: 'smerter',
          }),
        ],
      }),
    );
    expect(line.bruk).toEqual({ v: '3', dn: 'Ved behov' });
    expect(line.dosering).toEqual([
      {
        doseEtterBehov: [
          {
            mengde: { v: 1, u: 'tablett' },
            intervall: { v: 1, u: 'Døgn' },
            antallPerIntervall: 3,
            doseDognMaks: { v: 6, u: 'tablett' },
            behovsindikasjon: 'smerter',
          },
        ],
      },
    ]);
  });

  it('maps stopped and completed lines to Seponering', () => {
    const stopped = toPllLine(
      statement({
        status: 'stopped',
        statusReason: [
          {
            coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'X', display: 'Annen årsak' }],
            text: 'Byttet til paracetamol',
          },
        ],
        effectivePeriod: { start: '2026-01-05', end: '2026-02-01T09:00:00+01:00' },
      }),
    );
    expect(stopped.seponering).toEqual({
      tidspunkt: '2026-02-01T09:00:00+01:00',
      arsak: { v: 'X', dn: 'Annen årsak' },
      merknad: 'Byttet til paracetamol',
    });
    const completed = toPllLine(
      statement({ status: 'completed', effectivePeriod: { end: '2026-02-01T00:00:00' } }),
    );
    expect(completed.seponering?.arsak).toEqual({ v: 'A', dn: 'Avsluttet behandling' });
  });

  it('keeps a free-text-only dosage as DosVeiledEnkel without Dosering', () => {
    const line = toPllLine(statement({ dosage: [{ text: 'Etter avtale med lege' }] }));
    expect(line).toMatchObject({ dosVeiledEnkel: 'Etter avtale med lege', dosering: [] });
    expect(fromPllLine(line, { subject }).dosage).toEqual([{ text: 'Etter avtale med lege' }]);
  });

  it('refuses what PLL cannot carry, listing every problem', () => {
    const problems = problemsOf(() =>
      toPllLine({
        ...statement({ identifier: [], status: 'stopped', note: [{ text: 'x' }] }),
        dosage: [daily(1, 'tablett', ['MORN'], { route: { text: 'oral' } })],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'MedicationStatement.note',
        'MedicationStatement.identifier',
        'MedicationStatement.effectivePeriod.end',
        'MedicationStatement.statusReason',
        'MedicationStatement.dosage[0].route',
      ]),
    );
  });

  it.each<[string, Partial<MedicationStatement>, string]>([
    [
      'an ambiguous weekly dose',
      { dosage: [regular(1, 'tablett', { frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] })] },
      'MedicationStatement.dosage[0].timing.repeat.dayOfWeek',
    ],
    [
      'a medication reference',
      { medicationCodeableConcept: undefined, medicationReference: { reference: 'Medication/1' } },
      'MedicationStatement.medicationReference',
    ],
    ['status intended', { status: 'intended' }, 'MedicationStatement.status'],
    [
      'an end date on an active line',
      { effectivePeriod: { start: '2026-01-05', end: '2026-03-01' } },
      'MedicationStatement.effectivePeriod.end',
    ],
    [
      'a start with a time',
      { effectivePeriod: { start: '2026-01-05T08:00:00Z' } },
      'MedicationStatement.effectivePeriod.start',
    ],
    [
      'a non-UUID line id',
      { identifier: [{ system: MEDICATION_LINE_SYSTEM, value: 'linje-1' }] },
      'MedicationStatement.identifier',
    ],
    [
      'an upper-case line id',
      { identifier: [{ system: MEDICATION_LINE_SYSTEM, value: LINE_ID.toUpperCase() }] },
      'MedicationStatement.identifier',
    ],
    [
      'the no-basis PLL-id slice instead of the line id',
      { identifier: [{ type: { text: 'PLL' }, system: 'urn:ietf:rfc:3986', value: `urn:uuid:${LINE_ID}` }] },
      'MedicationStatement.identifier',
    ],
    ['two reasons for use', { reasonCode: [{ text: 'a' }, { text: 'b' }] }, 'MedicationStatement.reasonCode'],
    [
      'a SNOMED reason',
      { reasonCode: [{ coding: [{ system: 'http://snomed.info/sct', code: '49436004' }] }] },
      'MedicationStatement.reasonCode[0].coding',
    ],
    [
      'text on the second element',
      { dosage: [daily(1, 'tablett', ['MORN']), { ...daily(2, 'tablett', ['EVE']), text: 'kveld' }] },
      'MedicationStatement.dosage[1].text',
    ],
  ])('refuses %s', (_name, overrides, path) => {
    expect(problemsOf(() => toPllLine(statement(overrides)))).toContain(path);
  });
});

describe('fromPllLine', () => {
  // Transcribed from the official example M25.1_PLL_avsluttet_behandling.xml (oslokommune/sarepta-standarder):
  // line 1806b060-…, Apocillin 660 mg, "2 tabletter morgen, 2 tabletter midt på dagen og 2 tabletter kveld i 6
  // dager", Dosering 2019-07-17 → 2019-07-23, stopped with Arsak X.
  const example: PllLine = {
    format: PLL_LINE_FORMAT,
    id: '1806b060-4a42-4993-957e-168115d44355',
    reseptId: 'ee75a79a-ad68-4f98-9e93-1681146612bd',
    sistEndret: '2019-07-17T00:00:00',
    datoOppstart: '2019-07-17',
    legemiddel: {
      atc: { v: 'J01CE02', dn: 'Fenoksymetylpenicillin' },
      navnFormStyrke: 'Apocillin Tab 660 mg',
    },
    bruksomrade: 'MOT INFEKSJON',
    bruk: { v: '2', dn: 'Kur' },
    dosVeiledEnkel: '2 tabletter morgen, 2 tabletter midt på dagen og 2 tabletter kveld i 6 dager',
    dosering: [
      {
        starttidspunkt: '2019-07-17',
        sluttidspunkt: '2019-07-23',
        doseFastTidspunkt: ['1', '3', '5'].map((v) => ({
          mengde: { v: 2, u: 'tablett' },
          intervall: { v: 1, u: 'Døgn' },
          tidsomrade: { v, dn: v === '1' ? 'Morgen' : v === '3' ? 'Midt på dagen' : 'Kveld' },
          gisEksakt: false,
        })),
      },
    ],
    seponering: { tidspunkt: '2019-07-23T00:00:00', arsak: { v: 'X', dn: 'Annen årsak' } },
  };

  it('reads the official example into a no-basis MedicationStatement', () => {
    const result = fromPllLine(example, { subject, id: 'ms-1' });
    expect(result).toMatchObject({
      id: 'ms-1',
      identifier: [{ system: MEDICATION_LINE_SYSTEM, value: '1806b060-4a42-4993-957e-168115d44355' }],
      basedOn: [
        { type: 'MedicationRequest', identifier: { value: 'urn:uuid:ee75a79a-ad68-4f98-9e93-1681146612bd' } },
      ],
      status: 'stopped',
      statusReason: [{ coding: [{ system: PLL_STOP_REASON_SYSTEM, code: 'X', display: 'Annen årsak' }] }],
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CE02' }],
        text: 'Apocillin Tab 660 mg',
      },
      effectivePeriod: { start: '2019-07-17', end: '2019-07-23T00:00:00' },
      reasonCode: [{ text: 'MOT INFEKSJON' }],
    });
    expect(result.dosage).toHaveLength(1);
    expect(result.dosage?.[0]?.timing?.repeat).toEqual({
      boundsPeriod: { start: '2019-07-17', end: '2019-07-23' },
      frequency: 3,
      period: 1,
      periodUnit: 'd',
      when: ['MORN', 'NOON', 'EVE'],
    });
    expect(renderDosage(result.dosage ?? [])).toBe(
      '2 tabletter morgen, midt på dagen og kveld fra 17.07.2019 til 23.07.2019',
    );
  });

  it('reads Seponering A as completed', () => {
    const completed = fromPllLine(
      {
        ...example,
        seponering: { tidspunkt: '2019-08-19T00:00:00', arsak: { v: 'A', dn: 'Avsluttet behandling' } },
      },
      { subject },
    );
    expect(completed.status).toBe('completed');
  });

  it('refuses weekdays with an interval in days instead of guessing that they mean weekly', () => {
    const ambiguous: PllLine = {
      ...example,
      seponering: undefined,
      dosering: [
        {
          doseFastTidspunkt: [
            {
              mengde: { v: 15, u: 'mg' },
              intervall: { v: 1, u: 'Døgn' },
              gisEksakt: false,
              fastDose: { fasteUkedager: [{ v: '1', dn: 'Mandag' }] },
            },
          ],
        },
      ],
    };
    expect(problemsOf(() => fromPllLine(ambiguous, { subject }))).toEqual([
      'PllLine.dosering (dosage[0].timing.repeat.dayOfWeek)',
    ]);
  });

  it('refuses unknown codes and contradictions', () => {
    const broken: PllLine = {
      ...example,
      pause: {},
      dosering: [
        {
          doseFastTidspunkt: [
            { mengde: { v: 1, u: 'tablett' }, intervall: { v: 1, u: 'Fjortendag' }, gisEksakt: false },
          ],
        },
      ],
    };
    expect(problemsOf(() => fromPllLine(broken, { subject }))).toEqual(
      expect.arrayContaining(['PllLine.pause', 'PllLine.dosering[0].doseFastTidspunkt[0].intervall']),
    );
  });
});

const ATC = [
  ['B01AA03', 'Warfarin', 'Marevan tab 2,5 mg'],
  ['N02BE01', 'Paracetamol', 'Paracet tab 500 mg'],
  ['L04AX03', 'Metotreksat', 'Metex inj 10 mg'],
  ['M05BA04', 'Alendronsyre', 'Alendronat tab 70 mg'],
  ['J01CA04', undefined, 'Imacillin tab 500 mg'],
] as const;

/** Canonical MedicationStatements: what the write path stores and fromPllLine returns. */
const statementArb: fc.Arbitrary<MedicationStatement> = fc
  .record({
    id: fc.uuid().map((uuid) => uuid.toLowerCase()),
    reseptId: fc.option(
      fc.uuid().map((uuid) => uuid.toLowerCase()),
      { nil: undefined },
    ),
    status: fc.constantFrom('active', 'on-hold', 'stopped', 'completed'),
    medicine: fc.constantFrom(...ATC),
    festId: fc.option(fc.constantFrom('ID_2B41674B-5F37-4B44-99D9-F5A50A433636', 'ID_0A1B'), {
      nil: undefined,
    }),
    start: fc.option(fc.constantFrom('2025-11-03', '2026-01-05'), { nil: undefined }),
    asserted: fc.option(fc.constantFrom('2026-01-05T10:15:00+01:00', '2019-07-17T08:25:23.61'), {
      nil: undefined,
    }),
    reason: fc.option<CodeableConcept>(
      fc.oneof(
        fc.constant<CodeableConcept>({
          coding: [
            { system: 'urn:oid:2.16.578.1.12.4.1.1.7170', code: 'K78', display: 'Atrieflimmer/flutter' },
          ],
          text: 'Mot blodpropp',
        }),
        fc.constant<CodeableConcept>({
          coding: [{ system: 'urn:oid:2.16.578.1.12.4.1.1.7110', code: 'M06.9' }],
        }),
        fc.constant<CodeableConcept>({ text: 'Mot smerter' }),
      ),
      { nil: undefined },
    ),
    stopReason: fc.constantFrom({ code: 'X', display: 'Annen årsak' }, { code: 'B', display: undefined }),
    note: fc.option(fc.constantFrom('Bivirkninger', 'Etter legemiddelgjennomgang'), { nil: undefined }),
    multidose: fc.option(fc.boolean(), { nil: undefined }),
    dosage: fc.option(dosagesArb, { nil: undefined }),
  })
  .map((r): MedicationStatement => {
    const [atc, atcDisplay, name] = r.medicine;
    const coding = [
      { system: 'http://www.whocc.no/atc', code: atc, ...(atcDisplay ? { display: atcDisplay } : {}) },
      ...(r.festId ? [{ system: 'http://ehelse.no/fhir/CodeSystem/FEST', code: r.festId }] : []),
    ];
    const ended = r.status === 'stopped' || r.status === 'completed';
    const reasonCoding =
      r.status === 'completed'
        ? { system: PLL_STOP_REASON_SYSTEM, code: 'A', display: 'Avsluttet behandling' }
        : {
            system: PLL_STOP_REASON_SYSTEM,
            code: r.stopReason.code,
            ...(r.stopReason.display ? { display: r.stopReason.display } : {}),
          };
    const statusReason =
      r.status === 'active'
        ? []
        : r.status === 'on-hold'
          ? r.note
            ? [{ text: r.note }]
            : []
          : [{ coding: [reasonCoding], ...(r.note ? { text: r.note } : {}) }];
    const effectivePeriod = {
      ...(r.start ? { start: r.start } : {}),
      ...(ended ? { end: '2026-02-01T09:00:00+01:00' } : {}),
    };
    return {
      resourceType: 'MedicationStatement',
      identifier: [{ system: MEDICATION_LINE_SYSTEM, value: r.id }],
      ...(r.multidose !== undefined
        ? { extension: [{ url: MULTIDOSE_EXTENSION_URL, valueBoolean: r.multidose }] }
        : {}),
      ...(r.reseptId
        ? {
            basedOn: [
              {
                type: 'MedicationRequest',
                identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${r.reseptId}` },
              },
            ],
          }
        : {}),
      status: r.status,
      ...(statusReason.length > 0 ? { statusReason } : {}),
      medicationCodeableConcept: { coding, text: name },
      subject,
      ...(Object.keys(effectivePeriod).length > 0 ? { effectivePeriod } : {}),
      ...(r.asserted ? { dateAsserted: r.asserted } : {}),
      ...(r.reason ? { reasonCode: [r.reason] } : {}),
      ...(r.dosage ? { dosage: r.dosage as Dosage[] } : {}),
    };
  });

describe('PLL round trip (property)', () => {
  it('fromPllLine(toPllLine(s)) is exactly s, also after a JSON round trip of the line', () => {
    fc.assert(
      fc.property(statementArb, (original) => {
        const line = toPllLine(original);
        const transported = JSON.parse(JSON.stringify(line)) as PllLine;
        expect(fromPllLine(transported, { subject })).toEqual(original);
      }),
      { numRuns: 500 },
    );
  });

  it('the dosage alone comes back exactly, weekly and every-N-days included', () => {
    fc.assert(
      fc.property(dosagesArb, (dosages) => {
        const original = statement({ dosage: dosages });
        expect(fromPllLine(toPllLine(original), { subject }).dosage).toEqual(dosages);
      }),
      { numRuns: 1000 },
    );
  });

  it('the line id never changes', () => {
    const id = newPllLineId();
    const original = statement({ identifier: [{ system: MEDICATION_LINE_SYSTEM, value: id }] });
    expect(toPllLine(fromPllLine(toPllLine(original), { subject })).id).toBe(id);
  });
});
