import { readNameFrequencies } from '@akson/clinical/node';
import { validateDosage } from '@akson/clinical';
import { describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../src/demo/demo-municipality.ts';
import { directoryResources } from '../src/demo/directory-resources.ts';
import { dosageOf, MEDICINES } from '../src/seed/clinical/medicines.ts';
import { NameSampler } from '../src/seed/population/name-sampler.ts';
import { NationalIdAllocator } from '../src/seed/population/national-ids.ts';
import { Random } from '../src/seed/random.ts';
import { municipalityRegister } from '../src/seed/register/municipality-register.ts';
import { municipalityResource, staffResources, unitResources } from '../src/directory/register-resources.ts';
import { SeedClock } from '../src/seed/seed-clock.ts';
import { spreadCitizens } from '../src/seed/seed-options.ts';

/** The seeder's building blocks, without a database. */

describe('the register builders', () => {
  it('give exactly the demo register when fed the demo municipality (same shapes for every municipality)', async () => {
    const register = municipalityRegister({
      municipality: {
        number: '4215',
        name: 'Lillesand',
        nameNorwegian: 'Lillesand',
        countyNumber: '42',
        administrativeCentre: 'Lillesand',
        population: 11_523,
      },
      postalCodes: [],
      citizens: 30,
      names: new NameSampler(await readNameFrequencies()),
      ids: new NationalIdAllocator(),
      random: new Random('x'),
      today: '2026-11-25',
      staffPrefix: 'k4215-sx',
    });
    const demoUnits = register.units.filter((u) => DEMO_UNITS.some((d) => d.id === u.id));
    const demoStaff = register.staff.filter((s) => DEMO_STAFF.some((d) => d.id === s.id));
    const built = [
      municipalityResource(register.municipality),
      ...demoUnits.flatMap((u) => unitResources(register.municipality, u)),
      ...demoStaff.flatMap((s) => staffResources(register.municipality, register.units, s)),
    ];
    const demo = directoryResources().filter(
      (r) => r.resourceType !== 'Patient' && r.resourceType !== 'RelatedPerson',
    );
    expect(built).toEqual(demo);
  });
});

describe('the medicine catalogue', () => {
  it('has only dosages that validateDosage accepts without a warning, with their own rendering as text', () => {
    for (const [key, medicine] of Object.entries(MEDICINES)) {
      const dosage = dosageOf(medicine.dosage);
      expect(validateDosage(dosage), key).toEqual({ valid: true, issues: [] });
      expect(dosage[0]?.text, key).toBeTruthy();
    }
  });
});

describe('the seed clock', () => {
  it('writes local times with the offset of the day, across daylight saving', () => {
    const clock = new SeedClock('2026-03-30', 'Europe/Oslo');
    expect(clock.at(-2, 8 * 60)).toBe('2026-03-28T08:00:00+01:00');
    expect(clock.at(0, 8 * 60)).toBe('2026-03-30T08:00:00+02:00');
    expect(clock.later('2026-03-28T23:30:00+01:00', 60)).toBe('2026-03-29T00:30:00+01:00');
    expect(clock.now).toBe('2026-03-30T05:30:00.000Z');
    expect(clock.ageAt('1942-03-11')).toBe(84);
    expect(clock.dateAtAgeMonths('2022-01-31', 1)).toBe('2022-02-28');
  });
});

describe('spreading citizens over municipalities', () => {
  it('follows the population and adds up', () => {
    const spread = spreadCitizens(
      [
        { number: '4215', population: 11_523 },
        { number: '4204', population: 116_986 },
      ],
      1000,
    );
    expect(spread.get('4215')).toBe(90);
    expect(spread.get('4204')).toBe(910);
  });
});
