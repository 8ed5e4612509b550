import type { PostalCode } from '@akson/clinical';
import type { Random } from '../random.ts';

/**
 * Street addresses for synthetic people: a Norwegian-sounding street name (a common stem and a common ending,
 * like the names in any Norwegian town), a house number, and one of the municipality's own street-address postal
 * codes with its place name. They look real and are not anyone's address on purpose only by chance.
 */
const STEMS = [
  'Skog',
  'Kirke',
  'Sjø',
  'Stor',
  'Bjørke',
  'Furu',
  'Eike',
  'Sol',
  'Elve',
  'Fjell',
  'Haug',
  'Myr',
  'Strand',
  'Skole',
  'Park',
  'Mølle',
  'Nygård',
  'Bakke',
  'Heia',
  'Lunde',
  'Vik',
  'Berg',
  'Dal',
  'Eng',
  'Lia',
  'Grøn',
  'Rogn',
  'Hassel',
  'Lønne',
  'Linde',
  'Ask',
  'Gran',
  'Tjern',
  'Vann',
  'Bekke',
  'Bru',
  'Kvern',
  'Stasjons',
  'Torg',
  'Prestegårds',
  'Skipper',
  'Los',
  'Fiskebrygge',
  'Sag',
  'Smie',
  'Hage',
  'Rose',
  'Blåbær',
  'Tyttebær',
  'Måke',
  'Ærfugl',
  'Sandvik',
  'Holmen',
  'Nes',
  'Odden',
  'Kleiva',
  'Ura',
  'Bråten',
  'Rud',
  'Tun',
];
const ENDINGS = [
  'veien',
  'vegen',
  'gata',
  'bakken',
  'lia',
  'stien',
  'svingen',
  'kroken',
  'haugen',
  'tunet',
  'åsen',
  'veien',
];

export interface Address {
  readonly line: string;
  readonly postalCode: string;
  readonly city: string;
}

export class AddressSampler {
  readonly #postalCodes: readonly PostalCode[];
  readonly #fallback: Address;

  /** `postalCodes`: the municipality's codes; street-address codes (G, B) are preferred over post boxes. */
  constructor(postalCodes: readonly PostalCode[], fallback: { postalCode: string; city: string }) {
    const streets = postalCodes.filter((p) => p.category === 'G' || p.category === 'B');
    this.#postalCodes = streets.length > 0 ? streets : postalCodes;
    this.#fallback = { line: '', ...fallback };
  }

  draw(random: Random): Address {
    const street = `${random.pick(STEMS)}${random.pick(ENDINGS)}`;
    const number = random.chance(0.15)
      ? `${random.int(1, 60)}${random.pick(['A', 'B', 'C'])}`
      : String(random.int(1, 120));
    const postal = this.#postalCodes.length > 0 ? random.pick(this.#postalCodes) : undefined;
    return {
      line: `${street} ${number}`,
      postalCode: postal?.code ?? this.#fallback.postalCode,
      city: postal?.place ?? this.#fallback.city,
    };
  }
}
