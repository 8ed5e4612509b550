import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsSystem, encounterAt } from './access-test-helpers.ts';
import {
  escalated,
  homeCarePatient,
  NORMAL,
  NURSE,
  news2At as news2AtOn,
  record as recordOn,
  scale2Flag,
  vitalSet,
  type Bundle,
  type Obs,
  type Vitals,
} from './record-news2-kit.ts';
import { expectStatus, startTestServer, type TestServer } from './test-server.ts';

/**
 * NEWS2 is calculated by the server whenever vital signs are written: a complete set gives a NEWS2
 * Observation with component scores and the escalation flag (total ≥ 5 or any parameter scoring 3), on SpO2
 * scale 2 when a clinician has set it for the patient. Worked examples from the RCP chart, boundary values
 * included, through real HTTP as the home care nurse.
 */

let t: TestServer;
const record = (patientId: string, at: string, v: Vitals) => recordOn(t, patientId, at, v);
const news2At = (patientId: string, at: string) => news2AtOn(t, patientId, at);

let minute = 0;
/** A fresh time for each set (an hour and more apart, so sets never mix). */
const nextTime = (): string => new Date(Date.UTC(2026, 10, 1, 6, 0) + (minute += 120) * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestServer();
  for (const p of ['ingrid-fjeld', 'olav-bakke', 'kari-lie'])
    await createAsSystem(t, encounterAt(p, 'hjemmesykepleien-nord'));
});
afterAll(async () => t?.close());

describe('NEWS2 from a complete set of vital signs', () => {
  const cases: [string, Partial<Vitals>, number, boolean][] = [
    ['all normal', {}, 0, false],
    ['respiration 25 scores 3: escalation at total 3', { respirationRate: 25 }, 3, true],
    ['respiration 24 scores 2', { respirationRate: 24 }, 2, false],
    ['respiration 8 scores 3', { respirationRate: 8 }, 3, true],
    ['temperature 35.0 scores 3', { temperature: 35.0 }, 3, true],
    ['temperature 35.1 scores 1', { temperature: 35.1 }, 1, false],
    ['temperature 39.1 scores 2', { temperature: 39.1 }, 2, false],
    ['systolic 90 scores 3', { systolic: 90 }, 3, true],
    ['systolic 220 scores 3', { systolic: 220 }, 3, true],
    ['pulse 131 scores 3', { pulse: 131 }, 3, true],
    ['pulse 91 scores 1', { pulse: 91 }, 1, false],
    ['SpO2 91 on air (scale 1) scores 3', { spo2: 91 }, 3, true],
    ['SpO2 94 scores 1', { spo2: 94 }, 1, false],
    ['new confusion scores 3', { consciousness: 'C' }, 3, true],
    ['oxygen adds 2', { onOxygen: true }, 2, false],
    [
      'several moderate findings: total 5 escalates',
      { respirationRate: 22, pulse: 95, temperature: 38.5, spo2: 95 },
      5,
      true,
    ],
    [
      'a septic picture: total 8',
      { respirationRate: 24, spo2: 93, systolic: 105, pulse: 112, temperature: 38.9 },
      8,
      true,
    ],
  ];
  for (const [name, change, total, escalation] of cases) {
    it(name, async () => {
      const at = nextTime();
      await record('ingrid-fjeld', at, { ...NORMAL, ...change });
      const news2 = await news2At('ingrid-fjeld', at);
      expect(news2?.valueQuantity?.value).toBe(total);
      expect(news2?.component).toHaveLength(7);
      expect(news2?.derivedFrom).toHaveLength(6);
      expect(escalated(news2)).toBe(escalation);
    });
  }
});

describe('NEWS2 on SpO2 scale 2', () => {
  it('scores SpO2 88–92 on air as 0 once a clinician has set scale 2, and high SpO2 on oxygen as 3', async () => {
    const before = nextTime();
    await record('olav-bakke', before, { ...NORMAL, spo2: 90 });
    expect((await news2At('olav-bakke', before))?.valueQuantity?.value).toBe(3);

    await createAsSystem(t, scale2Flag('olav-bakke'));
    const after = nextTime();
    await record('olav-bakke', after, { ...NORMAL, spo2: 90 });
    const onScale2 = await news2At('olav-bakke', after);
    expect(onScale2?.valueQuantity?.value).toBe(0);
    expect(onScale2?.component?.some((c) => c.code.coding[0]?.code === '1104321000000108')).toBe(true);

    const onOxygen = nextTime();
    await record('olav-bakke', onOxygen, { ...NORMAL, spo2: 97, onOxygen: true });
    // Scale 2: SpO2 ≥ 97 on oxygen scores 3, plus 2 for oxygen.
    expect((await news2At('olav-bakke', onOxygen))?.valueQuantity?.value).toBe(5);
  });
});

describe('keeping NEWS2 in step', () => {
  it('writes nothing for an incomplete set', async () => {
    const at = nextTime();
    const partial = vitalSet('kari-lie', at, NORMAL).slice(0, 5);
    for (const resource of partial) {
      await expectStatus(await t.fhir('Observation', { method: 'POST', as: NURSE, json: resource }), 201);
    }
    expect(await news2At('kari-lie', at)).toBeUndefined();
  });

  it('recalculates when a measurement is corrected, and adds no version when nothing changed', async () => {
    const at = nextTime();
    await record('kari-lie', at, NORMAL);
    const first = await news2At('kari-lie', at);
    expect(first?.valueQuantity?.value).toBe(0);

    const pulses = await expectStatus<Bundle>(
      await t.fhir(
        `Observation?patient=Patient/kari-lie&code=http://loinc.org|8867-4&date=${encodeURIComponent(at)}`,
        { as: NURSE },
      ),
      200,
    );
    const pulse = pulses.entry?.[0]?.resource as Obs & Record<string, unknown>;
    await expectStatus(
      await t.fhir(`Observation/${pulse.id}`, {
        method: 'PUT',
        as: NURSE,
        json: { ...pulse, valueQuantity: { ...(pulse.valueQuantity as object), value: 135 } },
      }),
      200,
    );
    const corrected = await news2At('kari-lie', at);
    expect(corrected?.id).toBe(first?.id);
    expect(corrected?.valueQuantity?.value).toBe(3);
    expect(corrected?.meta?.versionId).toBe('2');

    // The same value again: NEWS2 does not gain a version.
    const current = await expectStatus<Obs & Record<string, unknown>>(
      await t.fhir(`Observation/${pulse.id}`, { as: NURSE }),
      200,
    );
    await expectStatus(
      await t.fhir(`Observation/${pulse.id}`, {
        method: 'PUT',
        as: NURSE,
        json: { ...current, note: [{ text: 'kontrollert' }] },
      }),
      200,
    );
    expect((await news2At('kari-lie', at))?.meta?.versionId).toBe('2');
  });
});

describe('SpO2 scale 2 boundaries over HTTP', () => {
  // [SpO2, on oxygen, SpO2 component score]; everything else normal, so the total is that score plus 2 for
  // oxygen. RCP chart, scale 2: ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 → 0, and at 93 or more 0 on air but
  // 93–94 → 1, 95–96 → 2, ≥97 → 3 on oxygen.
  const cases: [number, boolean, number][] = [
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [88, false, 0],
    [92, false, 0],
    [93, false, 0],
    [99, false, 0],
    [83, true, 3],
    [88, true, 0],
    [92, true, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
    [100, true, 3],
  ];
  const SPO2_SCALE_2_SCORE = '1104321000000108';
  let patient = '';
  beforeAll(async () => {
    patient = await homeCarePatient(t, 'skala-to');
    await createAsSystem(t, scale2Flag(patient));
  });

  for (const [spo2, onOxygen, score] of cases) {
    const total = score + (onOxygen ? 2 : 0);
    // Escalation: total ≥ 5, or any single parameter scoring 3.
    const escalation = total >= 5 || score === 3;
    it(`SpO2 ${spo2} % ${onOxygen ? 'on oxygen' : 'on air'} scores ${score} (total ${total}${escalation ? ', escalate' : ''})`, async () => {
      const at = nextTime();
      await record(patient, at, { ...NORMAL, spo2, onOxygen });
      const news2 = await news2At(patient, at);
      const component = news2?.component?.find((c) => c.code.coding[0]?.code === SPO2_SCALE_2_SCORE);
      expect(component?.valueQuantity.value).toBe(score);
      expect(news2?.valueQuantity?.value).toBe(total);
      expect(escalated(news2)).toBe(escalation);
      expect(news2?.interpretation?.[0]?.text?.includes('krever eskalering') ?? false).toBe(escalation);
    });
  }
});
