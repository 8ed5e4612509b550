// Test support (not exported from the package): fast-check arbitraries for realistic regimens, including the
// shapes that break naive systems: weekly doses on weekdays, every-N-days, times of day, tapering steps and
// as-needed doses with a daily maximum.

import type { Dosage, TimingRepeat } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { normalizeDosages } from './dosage-normalize.ts';
import { validateDosage } from './dosage-validate.ts';
import { WEEKDAYS, type Weekday } from './timing-vocabulary.ts';

type When = NonNullable<TimingRepeat['when']>[number];

const UNITS = ['tablett', 'kapsel', 'mg', 'ml', 'dråpe', 'pust', 'inhalasjon', 'plaster', 'IE', 'stikkpille'];
const WHEN: When[] = ['MORN', 'NOON', 'AFT', 'EVE', 'NIGHT', 'HS'];

const unitArb = fc.constantFrom(...UNITS);
const doseValueArb = fc.constantFrom(0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 10, 20, 40, 70, 100, 500);
const whenArb = fc.subarray(WHEN, { minLength: 1, maxLength: 4 });
const timeOfDayArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: 1, maxLength: 4 })
  .map((quarters) =>
    quarters.map(
      (q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}:00`,
    ),
  );
const daysArb = fc.subarray([...WEEKDAYS], { minLength: 1, maxLength: 3 });

type Slots = { when?: When[]; timeOfDay?: string[] };
const slotsArb: fc.Arbitrary<Slots> = fc.oneof(
  whenArb.map((when) => ({ when })),
  timeOfDayArb.map((timeOfDay) => ({ timeOfDay })),
);
const slotCount = (slots: Slots): number => (slots.when ?? slots.timeOfDay ?? []).length;

/** timing.repeat without bounds, for a regular dose. */
export const regularRepeatArb: fc.Arbitrary<TimingRepeat> = fc.oneof(
  // Daily at times of day: "morgen og kveld", "kl. 08.00".
  slotsArb.map((slots) => ({ frequency: slotCount(slots), period: 1, periodUnit: 'd' as const, ...slots })),
  // Daily n times without fixed times.
  fc.integer({ min: 1, max: 4 }).map((frequency) => ({ frequency, period: 1, periodUnit: 'd' as const })),
  // Every N days, optionally at a time of day: "hver tredje dag".
  fc
    .record({
      period: fc.integer({ min: 2, max: 14 }),
      frequency: fc.integer({ min: 1, max: 2 }),
      when: fc.option(whenArb, { nil: undefined }),
    })
    .map(({ period, frequency, when }) =>
      when
        ? { frequency: when.length, period, periodUnit: 'd' as const, when }
        : { frequency, period, periodUnit: 'd' as const },
    ),
  // Weekly on weekdays, optionally at times of day: "hver mandag", "mandag morgen annenhver uke".
  fc
    .record({
      period: fc.integer({ min: 1, max: 3 }),
      days: daysArb,
      slots: fc.option(slotsArb, { nil: undefined }),
      perDay: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ period, days, slots, perDay }) => ({
      frequency: days.length * (slots ? slotCount(slots) : perDay),
      period,
      periodUnit: 'wk' as const,
      dayOfWeek: days as Weekday[],
      ...(slots ?? {}),
    })),
  // Weekly without a named day: "1 gang i uken".
  fc
    .record({ frequency: fc.integer({ min: 1, max: 3 }), period: fc.integer({ min: 1, max: 2 }) })
    .map((r) => ({
      ...r,
      periodUnit: 'wk' as const,
    })),
  // Every N hours, and monthly.
  fc.constantFrom(4, 6, 8, 12).map((period) => ({ frequency: 1, period, periodUnit: 'h' as const })),
  fc.integer({ min: 1, max: 3 }).map((period) => ({ frequency: 1, period, periodUnit: 'mo' as const })),
);

const dayOffsetToDate = (offset: number): string =>
  new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);

type Bounds = Pick<TimingRepeat, 'boundsDuration' | 'boundsPeriod'>;
const durationArb: fc.Arbitrary<Bounds> = fc
  .record({ value: fc.integer({ min: 1, max: 14 }), unit: fc.constantFrom('d', 'd', 'wk') })
  .map(({ value, unit }) => ({
    boundsDuration: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  }));
const periodArb: fc.Arbitrary<Bounds> = fc
  .record({
    start: fc.integer({ min: 0, max: 365 }),
    length: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  })
  .map(({ start, length }) => ({
    boundsPeriod: {
      start: dayOffsetToDate(start),
      ...(length !== undefined ? { end: dayOffsetToDate(start + length) } : {}),
    },
  }));

const doseArb = fc
  .record({ value: doseValueArb, unit: unitArb })
  .map(({ value, unit }) => [{ doseQuantity: { value, unit } }]);

const regularElementArb = (bounds: Bounds): fc.Arbitrary<Dosage> =>
  fc.record({ repeat: regularRepeatArb, doseAndRate: doseArb }).map(({ repeat, doseAndRate }) => ({
    timing: { repeat: { ...bounds, ...repeat } },
    doseAndRate,
  }));

const asNeededElementArb = (bounds: Bounds): fc.Arbitrary<Dosage> =>
  fc
    .record({
      reason: fc.option(fc.constantFrom('smerter', 'søvnvansker', 'kvalme', 'uro'), { nil: undefined }),
      repeat: fc.option(
        fc.oneof(
          fc
            .integer({ min: 1, max: 4 })
            .map((frequency) => ({ frequency, period: 1, periodUnit: 'd' as const })),
          fc.constantFrom(4, 6, 8).map((period) => ({ frequency: 1, period, periodUnit: 'h' as const })),
        ),
        { nil: undefined },
      ),
      dose: fc.record({ value: fc.constantFrom(0.5, 1, 2, 5, 10), unit: unitArb }),
      max: fc.option(
        fc.record({ times: fc.integer({ min: 1, max: 8 }), per: fc.constantFrom('d', 'd', 'wk') }),
        { nil: undefined },
      ),
    })
    .map(({ reason, repeat, dose, max }) => {
      const timing =
        repeat || Object.keys(bounds).length > 0
          ? { timing: { repeat: { ...bounds, ...(repeat ?? {}) } } }
          : {};
      return {
        ...timing,
        ...(reason ? { asNeededCodeableConcept: { text: reason } } : { asNeededBoolean: true }),
        doseAndRate: [{ doseQuantity: dose }],
        ...(max
          ? {
              maxDosePerPeriod: {
                numerator: { value: dose.value * max.times, unit: dose.unit },
                denominator: { value: 1, unit: max.per, system: 'http://unitsofmeasure.org', code: max.per },
              },
            }
          : {}),
      };
    });

const stepArb = (bounds: Bounds): fc.Arbitrary<Dosage[]> =>
  fc
    .record({
      regular: fc.array(regularElementArb(bounds), { minLength: 0, maxLength: 3 }),
      asNeeded: fc.array(asNeededElementArb(bounds), { minLength: 0, maxLength: 1 }),
    })
    .map(({ regular, asNeeded }) => [...regular, ...asNeeded])
    .filter((elements) => elements.length > 0);

const singleStepArb = fc
  .oneof(fc.constant<Bounds>({}), durationArb, periodArb)
  .chain((bounds) => stepArb(bounds));

/** Tapering: 2–4 steps, each but possibly the last with a duration, numbered with `sequence`. */
const taperArb = fc
  .record({
    durations: fc.array(durationArb, { minLength: 1, maxLength: 3 }),
    openEnded: fc.boolean(),
  })
  .chain(({ durations, openEnded }) => {
    const bounds = openEnded
      ? [...durations, {}]
      : durations.length > 1
        ? durations
        : [...durations, ...durations];
    return fc.tuple(...bounds.map((step) => stepArb(step)));
  })
  .map((steps) =>
    steps.flatMap((elements, index) => elements.map((element) => ({ sequence: index + 1, ...element }))),
  );

const TEXTS = ['Ta med et glass vann', '1 tablett morgen og kveld', 'Etter avtale med lege'];

/** Regimens as clinicians write them: valid, but not necessarily in canonical form. */
export const rawDosagesArb: fc.Arbitrary<Dosage[]> = fc
  .record({
    dosages: fc.oneof({ weight: 3, arbitrary: singleStepArb }, { weight: 2, arbitrary: taperArb }),
    text: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }),
  })
  .map(({ dosages, text }) => {
    const [first, ...rest] = dosages;
    return first && text ? [{ ...first, text }, ...rest] : dosages;
  })
  .filter((dosages) => validateDosage(dosages).valid);

/** Valid regimens in Akson's canonical form: what the write path stores. */
export const dosagesArb: fc.Arbitrary<Dosage[]> = rawDosagesArb.map(normalizeDosages);
