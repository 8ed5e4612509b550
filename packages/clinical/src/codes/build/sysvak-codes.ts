// SYSVAK code lists, curated by hand because Volven 9501 (vaksinetyper) is not available in our reference data.
// Every entry says where it was seen. Codes whose name we could not confirm are shipped with `verified: false`
// and the display says so, so a clinician never mistakes a guess for the official text.

export interface CuratedCode {
  code: string;
  display: string;
  verified: boolean;
  source: string;
}

const FHI_SYSVAK_PAGE = 'fhi.no/hn/helseregistre-og-registre/sysvak/sysvak-koder (Tabell 1, first rows)';
const KITH_EXAMPLES = 'KITH SYSVAK example messages (shared/data/messages/examples/sysvak)';
const FHI_HPV_PAGE = 'fhi.no/sv/vaksine/hpv/informasjon-om-registrering';
const MOBA_EXTRACTS = 'SYSVAK extracts documented in MobaRun/phenotypes (codes only, no names)';

/** Volven 9501 "Vaksine" (SYSVAK vaksinekode). PARTIAL. */
export const SYSVAK_VACCINES: CuratedCode[] = [
  {
    code: 'AII02',
    display: 'Adjuvantert inaktivert influensavaksine',
    verified: true,
    source: FHI_SYSVAK_PAGE,
  },
  { code: 'ANX01', display: 'Miltbrann (miltbrann antigen)', verified: true, source: FHI_SYSVAK_PAGE },
  { code: 'BCG01', display: 'Tuberkulose (levende svekket)', verified: true, source: FHI_SYSVAK_PAGE },
  {
    code: 'DIF01',
    display: 'Difteri (toksoid)',
    verified: true,
    source: `${FHI_SYSVAK_PAGE}; ${KITH_EXAMPLES}`,
  },
  { code: 'DT51', display: 'Tetanus (toksoid), difteri (toksoid)', verified: true, source: FHI_SYSVAK_PAGE },
  { code: 'HEP02', display: 'Hepatitt A (inaktivert, helvirus)', verified: true, source: KITH_EXAMPLES },
  // FHI states the code per product ("Gardasil har SYSVAK kode HPV01"); the official description text was not seen.
  { code: 'HPV01', display: 'HPV-vaksine (Gardasil)', verified: true, source: FHI_HPV_PAGE },
  { code: 'HPV02', display: 'HPV-vaksine (Cervarix)', verified: true, source: FHI_HPV_PAGE },
  {
    code: 'BNT03',
    display: 'Covid-19-vaksine (BNT03 – navn ikke verifisert)',
    verified: false,
    source: MOBA_EXTRACTS,
  },
  {
    code: 'MOD03',
    display: 'Covid-19-vaksine (MOD03 – navn ikke verifisert)',
    verified: false,
    source: MOBA_EXTRACTS,
  },
  {
    code: 'ASZ03',
    display: 'Covid-19-vaksine (ASZ03 – navn ikke verifisert)',
    verified: false,
    source: MOBA_EXTRACTS,
  },
  {
    code: 'JAN03',
    display: 'Covid-19-vaksine (JAN03 – navn ikke verifisert)',
    verified: false,
    source: MOBA_EXTRACTS,
  },
];

/** Volven 9554 SYSVAK preparat. PARTIAL: only the entries in the official example messages. */
export const SYSVAK_PRODUCTS: CuratedCode[] = [
  {
    code: 'DIF01_001',
    display: 'Difterivaccine til primærvaksinasjon "SSI"',
    verified: true,
    source: KITH_EXAMPLES,
  },
  { code: 'HEP02_001', display: 'Havrix 1440 "GlaxoSmithKline"', verified: true, source: KITH_EXAMPLES },
  { code: 'HEP02_002', display: 'Vaqta "Sanofi Pasteur MSD"', verified: true, source: KITH_EXAMPLES },
  { code: 'HEP02_003', display: 'Epaxal "Berna"', verified: true, source: KITH_EXAMPLES },
];

/** Volven 9551 Årsak til manglende vaksinering. PARTIAL. */
export const SYSVAK_MISSED_REASONS: CuratedCode[] = [
  { code: 'MKO', display: 'Medisinsk kontraindikasjon', verified: true, source: KITH_EXAMPLES },
  { code: 'ANN', display: 'Annet', verified: true, source: KITH_EXAMPLES },
];

/** Volven 9552 Varighet (of the reason for a missed vaccination). PARTIAL. */
export const SYSVAK_DURATIONS: CuratedCode[] = [
  { code: 'KOR', display: 'Kortvarig', verified: true, source: KITH_EXAMPLES },
  { code: 'VAR', display: 'Varig', verified: true, source: KITH_EXAMPLES },
  { code: 'ANN', display: 'Annen eller ukjent varighet', verified: true, source: KITH_EXAMPLES },
];

/** Volven 9555 Vaksinasjon dokumentasjonstype. PARTIAL. */
export const SYSVAK_DOCUMENTATION_TYPES: CuratedCode[] = [
  { code: 'VFR', display: 'Vaksinekort er framvist', verified: true, source: KITH_EXAMPLES },
  { code: 'JFO', display: 'Journal foreligger', verified: true, source: KITH_EXAMPLES },
  { code: 'ABE', display: 'Annen beskjed', verified: true, source: KITH_EXAMPLES },
];
