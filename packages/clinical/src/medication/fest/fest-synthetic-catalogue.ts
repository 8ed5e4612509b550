// Generates a FEST M30 document with thousands of synthetic interactions, for load tests and benchmarks.
// The output is valid against the official XSD. ATC codes start with letters WHO does not use for anatomical
// groups (E, F, I, K, O, Q, T, U, W, X, Y), so synthetic data can never be mistaken for a real medicine.

export interface SyntheticFestOptions {
  /** Number of Interaksjon entries. */
  readonly interactions: number;
  /** Seed for the deterministic random generator. */
  readonly seed?: number;
  /** Number of InteraksjonIkkeVurdert entries (default: 1 % of interactions). */
  readonly notAssessed?: number;
  /** Number of withdrawn (Status ≠ A) entries the loader must skip (default: 1 % of interactions). */
  readonly withdrawn?: number;
}

export interface SyntheticFest {
  readonly xml: string;
  /** The level-5 ATC codes used, for building medication lists that hit the catalogue. */
  readonly atcCodes: readonly string[];
}

const FIRST_LETTERS = ['E', 'F', 'I', 'K', 'O', 'Q', 'T', 'U', 'W', 'X', 'Y'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const CONSEQUENCES = [
  'Økt risiko for blødning.',
  'Økt serumkonsentrasjon og risiko for toksiske effekter.',
  'Redusert effekt av legemidlet.',
  'Økt risiko for hyperkalemi.',
  'Additiv sedasjon og respirasjonsdepresjon.',
];

/** mulberry32: small, fast and good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function hexId(next: () => number): string {
  const hex = (length: number) =>
    Array.from({ length }, () => Math.floor(next() * 16).toString(16))
      .join('')
      .toUpperCase();
  return `ID_${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

interface SyntheticGroup {
  readonly code: string;
  readonly substances: readonly string[];
}

function buildAtcPool(count: number, next: () => number): SyntheticGroup[] {
  const groups: SyntheticGroup[] = [];
  const used = new Set<string>();
  let total = 0;
  while (total < count) {
    const code = `${FIRST_LETTERS[Math.floor(next() * FIRST_LETTERS.length)]}${pad(1 + Math.floor(next() * 99))}${
      LETTERS[Math.floor(next() * LETTERS.length)]
    }${LETTERS[Math.floor(next() * LETTERS.length)]}`;
    if (used.has(code)) continue;
    used.add(code);
    const size = 2 + Math.floor(next() * 6);
    const substances = Array.from({ length: size }, (_, index) => `${code}${pad(index + 1)}`);
    groups.push({ code, substances });
    total += size;
  }
  return groups;
}

function substanceXml(atc: string): string {
  return `<Substans><Substans>Syntetisk substans ${atc}</Substans><Atc V="${atc}" S="2.16.578.1.12.4.1.1.7180" DN="Syntetisk ${atc}"/></Substans>`;
}

function groupXml(group: SyntheticGroup, next: () => number): string {
  // Like FEST: sometimes a single substance, sometimes the level-4 group plus some of its members.
  if (next() < 0.5) {
    const atc = group.substances[Math.floor(next() * group.substances.length)] as string;
    return `<Substansgruppe>${substanceXml(atc)}</Substansgruppe>`;
  }
  const members = group.substances.filter(() => next() < 0.6);
  return `<Substansgruppe><Navn>Gruppe ${group.code}</Navn>${[group.code, ...members].map(substanceXml).join('')}</Substansgruppe>`;
}

const RELEVANCE = [
  { v: '1', dn: 'Bør unngås' },
  { v: '2', dn: 'Forholdsregler bør tas' },
  { v: '3', dn: 'Ingen tiltak nødvendig' },
];

function interactionXml(pool: SyntheticGroup[], next: () => number, status = 'A'): string {
  const pick = () => pool[Math.floor(next() * pool.length)] as SyntheticGroup;
  const first = pick();
  let second = pick();
  while (second === first) second = pick();
  const groups = [first, second, ...(next() < 0.05 ? [pick()] : [])];
  const roll = next();
  const relevance = RELEVANCE[roll < 0.2 ? 0 : roll < 0.7 ? 1 : 2] as { v: string; dn: string };
  const consequence = CONSEQUENCES[Math.floor(next() * CONSEQUENCES.length)] as string;
  return [
    `<OppfInteraksjon><Id>${hexId(next)}</Id><Tidspunkt>2026-01-15T10:00:00</Tidspunkt>`,
    `<Status V="${status}" DN="${status === 'A' ? 'Aktiv oppføring' : 'Utgått'}"/>`,
    `<Interaksjon><Id>${hexId(next)}</Id><Relevans V="${relevance.v}" DN="${relevance.dn}"/>`,
    `<KliniskKonsekvens>${consequence} Syntetisk testdata &amp; ikke klinisk.</KliniskKonsekvens>`,
    `<Interaksjonsmekanisme>Syntetisk mekanisme.</Interaksjonsmekanisme>`,
    `<Kildegrunnlag V="4" DN="Indirekte data"/>`,
    `<Handtering>Syntetisk håndteringsråd.</Handtering>`,
    `<Visningsregel V="1" S="2.16.578.1.12.4.1.1.7442" DN="Allmennlege"/>`,
    groups.map((group) => groupXml(group, next)).join(''),
    `</Interaksjon></OppfInteraksjon>`,
  ].join('');
}

export function generateFestInteractionsXml(options: SyntheticFestOptions): SyntheticFest {
  const next = random(options.seed ?? 1);
  const pool = buildAtcPool(Math.max(60, Math.ceil(options.interactions / 3)), next);
  const notAssessed = options.notAssessed ?? Math.ceil(options.interactions / 100);
  const withdrawn = options.withdrawn ?? Math.ceil(options.interactions / 100);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01">',
    '<HentetDato>2026-01-15T10:00:00</HentetDato><KatInteraksjon>\n',
  ];
  for (let i = 0; i < options.interactions; i++) parts.push(interactionXml(pool, next), '\n');
  for (let i = 0; i < withdrawn; i++) parts.push(interactionXml(pool, next, 'U'), '\n');
  for (let i = 0; i < notAssessed; i++) {
    const group = pool[Math.floor(next() * pool.length)] as SyntheticGroup;
    const atc = group.substances[group.substances.length - 1] as string;
    parts.push(
      `<OppfInteraksjon><Id>${hexId(next)}</Id><Tidspunkt>2026-01-15T10:00:00</Tidspunkt><Status V="A" DN="Aktiv oppføring"/>`,
      `<InteraksjonIkkeVurdert><Atc V="${atc}" S="2.16.578.1.12.4.1.1.7180" DN="Syntetisk ${atc}"/></InteraksjonIkkeVurdert></OppfInteraksjon>\n`,
    );
  }
  parts.push('</KatInteraksjon></FEST>\n');
  return { xml: parts.join(''), atcCodes: pool.flatMap((group) => group.substances) };
}
