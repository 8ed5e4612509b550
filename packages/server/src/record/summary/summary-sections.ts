import { LOINC_SYSTEM, readNews2Observation } from '@akson/clinical';
import type { ResourceRow } from '@akson/store';
import type { Observation } from '@medplum/fhirtypes';
import { refOf, resourceOf, type Found } from './record-search.ts';
import {
  conceptText,
  dateText,
  firstConceptText,
  nameText,
  observationValueText,
  referenceOf,
} from './resource-text.ts';
import { kindOf, type SummaryReads } from './summary-reads.ts';

type Json = Record<string, unknown>;

/** Akson's code for summary sections that have no LOINC code (documented in docs/record.md). */
export const SUMMARY_SECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/summary-section';

export interface SummarySection {
  readonly code: { readonly system: string; readonly code: string; readonly display: string };
  readonly title: string;
  /** The rows this section lists (Composition.section.entry). */
  readonly entries: readonly ResourceRow[];
  /** One narrative line per entry, in the same order. */
  readonly lines: readonly string[];
  /** How many resources that would belong here are withheld from the caller. */
  readonly withheld: number;
  /** A closing line of the narrative (the NEWS2 escalation, say). */
  readonly note?: string;
}

const loinc = (code: string, display: string) => ({ system: LOINC_SYSTEM, code, display });

export const SECTION_CODES = {
  alerts: loinc('104605-1', 'Alert'),
  allergies: loinc('48765-2', 'Allergies and adverse reactions Document'),
  medications: loinc('10160-0', 'History of Medication use Narrative'),
  problems: loinc('11450-4', 'Problem list - Reported'),
  vitalSigns: loinc('8716-3', 'Vital signs'),
  immunizations: loinc('11369-6', 'History of Immunization Narrative'),
  planOfCare: loinc('18776-5', 'Plan of care note'),
  careTeam: loinc('85847-2', 'Patient Care team information'),
  relatives: { system: SUMMARY_SECTION_SYSTEM, code: 'relatives', display: 'Pårørende og representanter' },
} as const;

interface Context {
  readonly now: Date;
  readonly timeZone: string;
}

/** The sections of a patient summary, in the order a clinician reads them: critical information first. */
export function summarySections(reads: SummaryReads, context: Context): SummarySection[] {
  const when = (value: unknown): string | undefined => dateText(value, context.timeZone);
  return [
    alerts(reads, context.now),
    listed(SECTION_CODES.allergies, 'Allergier og intoleranser', reads.allergies, allergyLine),
    listed(SECTION_CODES.medications, 'Legemidler i bruk', reads.medications, (r) =>
      medicationLine(r, reads.referenced),
    ),
    listed(SECTION_CODES.problems, 'Aktive problemer og diagnoser', reads.problems, (r) => {
      const onset = when(r['onsetDateTime']);
      return `${conceptText(r['code']) ?? 'Problem'}${onset ? ` (fra ${onset})` : ''}`;
    }),
    vitalSigns(reads, when),
    listed(SECTION_CODES.immunizations, 'Vaksinasjoner', reads.immunizations, (r) => {
      const date = when(r['occurrenceDateTime']);
      return `${conceptText(r['vaccineCode']) ?? 'Vaksine'}${date ? `, ${date}` : ''}`;
    }),
    listed(SECTION_CODES.planOfCare, 'Planer', reads.carePlans, (r) =>
      [r['title'] ?? firstConceptText(r['category']) ?? 'Plan', r['description']].filter(Boolean).join(': '),
    ),
    careTeam(reads, when),
    listed(SECTION_CODES.relatives, 'Pårørende og representanter', reads.relatives, relativeLine),
  ];
}

/** A section whose entries are exactly the matches of one search, each on a line of its own. */
function listed(
  code: SummarySection['code'],
  title: string,
  found: Found,
  line: (resource: Json) => string,
): SummarySection {
  return {
    code,
    title,
    entries: found.rows,
    lines: found.rows.map((row) => line(resourceOf(row))),
    withheld: found.withheld,
  };
}

/** Critical information (Kjernejournal's kritisk informasjon): active flags and high-criticality allergies. */
function alerts(reads: SummaryReads, now: Date): SummarySection {
  const flags = reads.flags.rows.filter((row) => {
    const flag = resourceOf(row);
    const end = (flag['period'] as { end?: string } | undefined)?.end;
    return flag['status'] === 'active' && (!end || Date.parse(end) > now.getTime());
  });
  const critical = reads.allergies.rows.filter((row) => resourceOf(row)['criticality'] === 'high');
  const rows = [...flags, ...critical];
  return {
    code: SECTION_CODES.alerts,
    title: 'Kritisk informasjon',
    entries: rows,
    lines: rows.map((row) => {
      const r = resourceOf(row);
      return row.type === 'Flag'
        ? `${firstConceptText(r['category']) ?? 'Kritisk informasjon'}: ${conceptText(r['code']) ?? ''}`.trim()
        : `Alvorlig allergi: ${allergyLine(r)}`;
    }),
    // Flags cannot be searched by status, so a withheld flag is counted whether active or not.
    withheld: reads.flags.withheld + reads.allergies.criticalWithheld,
  };
}

function allergyLine(r: Json): string {
  const reaction = (r['reaction'] as { manifestation?: unknown[] }[] | undefined)
    ?.flatMap((x) => x.manifestation ?? [])
    .map(conceptText)
    .filter(Boolean);
  const severity = r['criticality'] === 'high' ? 'høy kritikalitet' : undefined;
  const details = [severity, ...(reaction ?? [])].filter(Boolean).join(', ');
  return `${conceptText(r['code']) ?? 'Allergi'}${details ? ` (${details})` : ''}`;
}

function medicationLine(r: Json, register: readonly ResourceRow[]): string {
  const medRef = referenceOf(r['medicationReference']);
  const medication = medRef ? register.find((row) => refOf(row) === medRef) : undefined;
  const name =
    conceptText(r['medicationCodeableConcept']) ??
    (medication ? conceptText(resourceOf(medication)['code']) : undefined) ??
    (r['medicationReference'] as { display?: string } | undefined)?.display ??
    'Legemiddel';
  const dosage = (r['dosage'] as { text?: string }[] | undefined)?.find((d) => d.text)?.text;
  const paused = r['status'] === 'on-hold' ? ' (pause)' : '';
  return `${name}${dosage ? `: ${dosage}` : ''}${paused}`;
}

function vitalSigns(reads: SummaryReads, when: (v: unknown) => string | undefined): SummarySection {
  const lines = reads.vitals.latest.map((row) => {
    const obs = resourceOf(row);
    const at = when(obs['effectiveDateTime']);
    return `${kindOf(obs) ?? conceptText(obs['code'])}: ${observationValueText(obs) ?? '–'}${at ? ` (${at})` : ''}`;
  });
  const news2Row = reads.vitals.news2;
  const news2 = news2Row ? readNews2Observation(resourceOf(news2Row) as unknown as Observation) : undefined;
  let note: string | undefined;
  if (news2Row && news2) {
    const risk = conceptText((resourceOf(news2Row)['interpretation'] as unknown[] | undefined)?.[0]);
    const at = when(news2.effectiveDateTime);
    lines.push(`NEWS2: ${news2.total}${risk ? ` – ${risk}` : ''}${at ? ` (${at})` : ''}`);
    if (news2.escalation) note = `Siste NEWS2 er ${news2.total} og krever eskalering.`;
  }
  return {
    code: SECTION_CODES.vitalSigns,
    title: 'Vitale parametere og NEWS2',
    entries: [...reads.vitals.latest, ...(news2Row ? [news2Row] : [])],
    lines,
    withheld: reads.vitals.withheld,
    ...(note ? { note } : {}),
  };
}

/**
 * Who follows the patient: the GP (Patient.generalPractitioner) and the services with an active episode of
 * care (a care relation while active). Read from the record through the caller's access, so a unit
 * that is blocked for the caller, or a relation they may not see, is not named.
 */
function careTeam(reads: SummaryReads, when: (v: unknown) => string | undefined): SummarySection {
  const gpRefs = ((resourceOf(reads.patient)['generalPractitioner'] as unknown[] | undefined) ?? []).map(
    referenceOf,
  );
  const gp = reads.referenced.filter((row) => gpRefs.includes(refOf(row)));
  const gpRole = gp.find((row) => row.type === 'PractitionerRole' || row.type === 'Practitioner');
  const gpOffice = gp.find((row) => row.type === 'Organization');
  const entries: ResourceRow[] = [];
  const lines: string[] = [];
  if (gpRole || gpOffice) {
    const role = gpRole ? resourceOf(gpRole) : undefined;
    const who = role
      ? ((role['practitioner'] as { display?: string } | undefined)?.display ?? nameText(role['name']))
      : undefined;
    const office = gpOffice ? (resourceOf(gpOffice)['name'] as string | undefined) : undefined;
    entries.push(...[gpRole, gpOffice].filter((r): r is ResourceRow => r !== undefined));
    lines.push(`Fastlege: ${[who, office].filter(Boolean).join(', ')}`);
  }
  const units = reads.referenced;
  for (const row of reads.episodes.rows) {
    const episode = resourceOf(row);
    const unitRef = referenceOf(episode['managingOrganization']);
    const unit = units.find((u) => refOf(u) === unitRef);
    const unitName =
      (unit ? (resourceOf(unit)['name'] as string | undefined) : undefined) ??
      (episode['managingOrganization'] as { display?: string } | undefined)?.display;
    const start = when((episode['period'] as { start?: string } | undefined)?.start);
    entries.push(row);
    lines.push(
      `${firstConceptText(episode['type']) ?? 'Tjeneste'}: ${unitName ?? 'ukjent enhet'}${start ? ` (fra ${start})` : ''}`,
    );
  }
  return {
    code: SECTION_CODES.careTeam,
    title: 'Fastlege og tjenester',
    entries,
    lines,
    withheld: reads.episodes.withheld,
  };
}

const RELATIONSHIP_TEXT: Record<string, string> = {
  PRN: 'forelder',
  GUARD: 'verge',
  POWATT: 'fullmektig',
  SPS: 'ektefelle/partner',
  CHILD: 'barn',
  NOK: 'nærmeste pårørende',
};

function relativeLine(r: Json): string {
  const codes = ((r['relationship'] as { coding?: { code?: string }[] }[] | undefined) ?? []).flatMap(
    (c) => c.coding ?? [],
  );
  const relation =
    codes.map((c) => RELATIONSHIP_TEXT[c.code ?? '']).find(Boolean) ?? firstConceptText(r['relationship']);
  return `${nameText(r['name']) ?? 'Pårørende'}${relation ? ` (${relation})` : ''}`;
}
