import { LOINC_SYSTEM, NEWS2_TOTAL_SNOMED, SNOMED_SYSTEM, VITAL_SIGNS } from '@akson/clinical';
import type { ResourceRow } from '@akson/store';
import type { ResourceService } from '../../services/resource-service.ts';
import { NEWS2_IDENTIFIER_SYSTEM } from '../vital-signs/news2-rule.ts';
import { referencedRegister } from './referenced-register.ts';
import { resourceOf, type Found, type Params, type RecordSearch } from './record-search.ts';

/** Everything a patient summary is made of, as the caller may see it. */
export interface SummaryReads {
  readonly patient: ResourceRow;
  readonly flags: Found;
  /** Active allergies; `criticalWithheld` is how many of those withheld are of high criticality. */
  readonly allergies: Found & { readonly criticalWithheld: number };
  readonly medications: Found;
  readonly problems: Found;
  /** The latest measurement of each vital sign in the window (see VITALS_WINDOW_DAYS), and the latest NEWS2. */
  readonly vitals: VitalSignReads;
  readonly immunizations: Found;
  readonly carePlans: Found;
  readonly episodes: Found;
  readonly relatives: Found;
  /** What the entries refer to outside the record (the GP's role and office, units, medicines) and goals. */
  readonly referenced: readonly ResourceRow[];
}

export interface VitalSignReads {
  readonly latest: readonly ResourceRow[];
  readonly news2: ResourceRow | undefined;
  readonly withheld: number;
}

/** "Recent" vital signs: the latest of each measured in the last year; older values are history, not summary. */
export const VITALS_WINDOW_DAYS = 365;
/**
 * The last month usually holds the latest of every kind measured regularly (a home-care round is 6–7
 * measurements); reading it whole keeps a summary from counting a year of rounds to say what is withheld.
 */
const VITALS_RECENT_DAYS = 30;
const VITALS_RECENT_PAGE = 200;
const VITALS_OLDER_PAGE = 50;

const NOT_IN_ERROR = ['verification-status:not', 'entered-in-error,refuted'] as const;
const ACTIVE_ALLERGY = ['clinical-status:not', 'inactive,resolved'] as const;
const FINAL_OBSERVATION = ['status', 'final,amended,corrected'] as const;

const NEWS2_KIND = 'NEWS2';

/**
 * The kinds of measurement a summary shows the latest of, keyed by the code(s) that identify them: the vital
 * signs by LOINC, and the server's NEWS2 (SNOMED CT, carrying the server's identifier: a client's "NEWS2" is
 * just another survey Observation).
 */
export const VITAL_SIGN_KINDS: readonly {
  readonly label: string;
  readonly loinc: readonly string[];
  readonly snomed?: string;
}[] = [
  ...Object.values(VITAL_SIGNS)
    .filter((v) => v.kind !== 'heartRate') // pulse and heart rate share LOINC 8867-4: one line, "Puls"
    .map((v) => ({ label: v.label.nb, loinc: v.loinc.map((c) => c.code) })),
  { label: NEWS2_KIND, loinc: [], snomed: NEWS2_TOTAL_SNOMED.code },
];

/**
 * The reads behind a summary: one search per section, all at once (on PostgreSQL they run in parallel), then
 * what they refer to. Includes are not used: most entries refer to nothing outside the record, and an include
 * costs a query even then; the register resources of all sections are read together afterwards.
 */
export async function readSummary(
  fhir: ResourceService,
  search: RecordSearch,
  patient: ResourceRow,
  now: Date,
  maxCount: number,
): Promise<SummaryReads> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const [flags, allergies, medications, problems, vitals, immunizations, carePlans, episodes, relatives] =
    await Promise.all([
      // Flag has no status search parameter in R4: active flags are picked from the (few) flags there are.
      search('Flag', [['_count', '100']]),
      readAllergies(search),
      // Stopped lines stay on the list for 90 days (docs/medication.md) but are not part of a summary.
      search('MedicationStatement', [
        ['status', 'active,on-hold'],
        ['_count', '200'],
      ]),
      // The problem list: encounter diagnoses belong to their consultation, not to the summary.
      search('Condition', [
        ['clinical-status', 'active,recurrence,relapse'],
        NOT_IN_ERROR,
        ['category:not', 'encounter-diagnosis'],
        ['_count', '200'],
      ]),
      readLatestVitals(search, daysAgo(VITALS_WINDOW_DAYS), daysAgo(VITALS_RECENT_DAYS)),
      search('Immunization', [
        ['status', 'completed'],
        ['_sort', '-date'],
        ['_count', '200'],
      ]),
      search('CarePlan', [
        ['status', 'active'],
        ['_count', '50'],
      ]),
      search('EpisodeOfCare', [
        ['status', 'active'],
        ['_count', '50'],
      ]),
      search('RelatedPerson', [
        ['active:not', 'false'],
        ['_count', '50'],
      ]),
    ]);
  const sectionRows = [
    patient,
    ...flags.rows,
    ...allergies.rows,
    ...medications.rows,
    ...problems.rows,
    ...carePlans.rows,
    ...episodes.rows,
  ];
  const goalIds = carePlans.rows.flatMap((row) =>
    ((resourceOf(row)['goal'] as { reference?: string }[] | undefined) ?? [])
      .map((g) => g.reference)
      .filter((r): r is string => r?.startsWith('Goal/') ?? false)
      .map((r) => r.slice('Goal/'.length)),
  );
  const [register, goals] = await Promise.all([
    referencedRegister(fhir, sectionRows, maxCount),
    goalIds.length > 0
      ? search('Goal', [
          ['_id', [...new Set(goalIds)].join(',')],
          ['_count', String(maxCount)],
        ])
      : undefined,
  ]);
  return {
    patient,
    flags,
    allergies,
    medications,
    problems,
    vitals,
    immunizations,
    carePlans,
    episodes,
    relatives,
    referenced: [...register, ...(goals?.rows ?? [])],
  };
}

/**
 * Active allergies. Those of high criticality are critical information too; when some allergies are withheld,
 * a second search tells how many of those are critical (only then, so the usual summary needs one search).
 */
async function readAllergies(search: RecordSearch): Promise<SummaryReads['allergies']> {
  const active: Params = [ACTIVE_ALLERGY, NOT_IN_ERROR, ['_count', '200']];
  const all = await search('AllergyIntolerance', active);
  const critical =
    all.withheld > 0 ? await search('AllergyIntolerance', [['criticality', 'high'], ...active]) : undefined;
  return { ...all, criticalWithheld: critical?.withheld ?? 0 };
}

/**
 * The latest measurement of each kind since `since`: the last month (`recent` on) whole, then the kinds it did
 * not have (a weight taken two months ago) in the rest of the year, a page at a time while some are missing.
 * What is withheld is counted over exactly what was looked at: every kind in the last month, and the missing
 * kinds before it (the windows do not overlap, so nothing is counted twice).
 */
async function readLatestVitals(
  search: RecordSearch,
  since: string,
  recent: string,
): Promise<VitalSignReads> {
  const codes = (kinds: typeof VITAL_SIGN_KINDS) =>
    kinds
      .flatMap((k) =>
        k.loinc.map((c) => `${LOINC_SYSTEM}|${c}`).concat(k.snomed ? [`${SNOMED_SYSTEM}|${k.snomed}`] : []),
      )
      .join(',');
  const page = (kinds: typeof VITAL_SIGN_KINDS, window: Params, count: number): Promise<Found> =>
    search('Observation', [
      ['code', codes(kinds)],
      FINAL_OBSERVATION,
      ...window,
      ['_sort', '-date'],
      ['_count', String(count)],
    ]);
  const latest = new Map<string, ResourceRow>();
  const note = (rows: readonly ResourceRow[]): void => {
    for (const row of rows) {
      const kind = kindOf(resourceOf(row));
      if (kind && !latest.has(kind)) latest.set(kind, row);
    }
  };
  const lastMonth = await page(VITAL_SIGN_KINDS, [['date', `ge${recent}`]], VITALS_RECENT_PAGE);
  note(lastMonth.rows);
  // A month too busy for one page: the rest of it is looked at with the older measurements (its withheld
  // ones were counted with the month).
  const older: Params = lastMonth.next
    ? [['date', `ge${since}`]]
    : [
        ['date', `ge${since}`],
        ['date', `lt${recent}`],
      ];
  let withheld = lastMonth.withheld;
  let first = true;
  for (;;) {
    const missing = VITAL_SIGN_KINDS.filter((k) => !latest.has(k.label));
    if (missing.length === 0) break;
    const found = await page(missing, older, VITALS_OLDER_PAGE);
    // Later pages look at fewer kinds over the same window: a subset of what the first one counted.
    if (first && !lastMonth.next) withheld += found.withheld;
    first = false;
    const before = latest.size;
    note(found.rows);
    if (!found.next || latest.size === before) break;
  }
  const order = VITAL_SIGN_KINDS.map((k) => k.label);
  const news2 = latest.get(NEWS2_KIND);
  latest.delete(NEWS2_KIND);
  const rows = [...latest].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([, row]) => row);
  return { latest: rows, news2, withheld };
}

/** The kind (its label) of a measurement: a vital sign by LOINC code, or the server's NEWS2. */
export function kindOf(obs: Record<string, unknown>): string | undefined {
  const codings = ((obs['code'] as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ??
    []) as { system?: string; code?: string }[];
  for (const kind of VITAL_SIGN_KINDS) {
    if (codings.some((c) => c.system === LOINC_SYSTEM && kind.loinc.includes(c.code ?? '')))
      return kind.label;
    if (kind.snomed && codings.some((c) => c.system === SNOMED_SYSTEM && c.code === kind.snomed)) {
      const identifiers = (obs['identifier'] as { system?: string }[] | undefined) ?? [];
      return identifiers.some((i) => i.system === NEWS2_IDENTIFIER_SYSTEM) ? kind.label : undefined;
    }
  }
  return undefined;
}
