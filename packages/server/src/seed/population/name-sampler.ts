import type { NameFrequencies, NameFrequency } from '@akson/clinical';
import type { Random } from '../random.ts';

/** Draws names in proportion to how many Norwegians bear them (the frequency lists in packages/clinical). */
export class NameSampler {
  readonly #female: WeightedList;
  readonly #male: WeightedList;
  readonly #surnames: WeightedList;

  constructor(frequencies: NameFrequencies) {
    this.#female = new WeightedList(frequencies.female);
    this.#male = new WeightedList(frequencies.male);
    this.#surnames = new WeightedList(frequencies.surnames);
  }

  given(gender: 'male' | 'female', random: Random): string {
    return (gender === 'female' ? this.#female : this.#male).draw(random);
  }

  /** Given names: one, or (about one in five) two different ones. */
  givenNames(gender: 'male' | 'female', random: Random): string[] {
    const first = this.given(gender, random);
    if (!random.chance(0.2)) return [first];
    const second = this.given(gender, random);
    return second === first ? [first] : [first, second];
  }

  surname(random: Random): string {
    return this.#surnames.draw(random);
  }
}

class WeightedList {
  readonly #names: readonly string[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(list: readonly NameFrequency[]) {
    if (list.length === 0) throw new Error('empty name list');
    this.#names = list.map((n) => n.name);
    this.#cumulative = new Float64Array(list.length);
    let sum = 0;
    list.forEach((n, i) => {
      sum += n.count;
      this.#cumulative[i] = sum;
    });
    this.#total = sum;
  }

  draw(random: Random): string {
    const r = random.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.#names[lo] as string;
  }
}
