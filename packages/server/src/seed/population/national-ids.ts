import { syntheticNationalId } from '@akson/fhir';

/**
 * Hands out synthetic fødselsnumre (month + 80) without repeats: each birth date and gender has a few hundred
 * valid numbers, taken in order. Numbers already in use (the demo register's people) are skipped.
 */
export class NationalIdAllocator {
  readonly #next = new Map<string, number>();
  readonly #used: Set<string>;

  constructor(used: Iterable<string> = []) {
    this.#used = new Set(used);
  }

  allocate(birthDate: string, gender: 'male' | 'female'): string {
    const key = `${birthDate}|${gender}`;
    let sequence = this.#next.get(key) ?? 0;
    for (;;) {
      const id = syntheticNationalId({ birthDate, gender, sequence });
      sequence++;
      if (this.#used.has(id)) continue;
      this.#next.set(key, sequence);
      this.#used.add(id);
      return id;
    }
  }
}
